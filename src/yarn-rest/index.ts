// ResourceManager REST client (axios): submission, reports, kill; RM HA failover.
export { ResourceManagerClient } from "./client.js";
export { ResourceManagerHttp, type RmHttpOptions, type RmRequest } from "./rm-http.js";
export { submissionJson } from "./submission.js";
export { rmResponseError } from "./errors.js";
export * from "./types.js";
