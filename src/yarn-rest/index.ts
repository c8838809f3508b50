// ResourceManager REST client (over src/hadoop-http, node:http): submission, reports, kill; RM HA failover.
export { ResourceManagerClient } from "./client.js";
export { ResourceManagerHttp, type RmHttpOptions, type RmRequest } from "./rm-http.js";
export { submissionJson } from "./submission.js";
export { rmResponseError } from "./errors.js";
export * from "./types.js";
