// WebHDFS client (over src/hadoop-http: node:http, axios for uploads): metadata, streaming create/open, HDFS HA failover, typed errors.
export { refreshedTokens } from "./delegation-tokens.js";
export { WebHdfsClient, type FileStatus } from "./client.js";
export { NameNodeHttp, webhdfsPath, type NameNodeHttpOptions } from "./namenode-http.js";
export type { CreateOptions, CreateSource, OpenOptions } from "./transfer.js";
export { hdfsResponseError } from "./errors.js";
