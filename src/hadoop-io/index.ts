// Pure Hadoop formats, no I/O.
export { asHdfsRpcToken, decodeTokenUrl, encodeTokenUrl, HDFS_DELEGATION_KIND, type Token } from "./token-url.js";
