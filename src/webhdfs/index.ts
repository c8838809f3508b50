// WebHDFS client (axios): metadata, streaming create/open, HDFS HA failover, typed errors.
export { WebHdfsClient, type FileStatus } from "./client.js";
export { NameNodeHttp, webhdfsPath, type NameNodeHttpOptions } from "./namenode-http.js";
export type { CreateOptions, CreateSource, OpenOptions } from "./transfer.js";
export { hdfsResponseError } from "./errors.js";
