// One HTTP layer for Hadoop's web endpoints: failover, auth, TLS, timeouts (see endpoint.ts).
export { HadoopHttp, type Attempt, type Exchange, type HadoopHttpOptions } from "./endpoint.js";
export { bodyText } from "./body.js";
export { simple, spnego, delegationToken, type HttpAuth, type NegotiateProvider } from "./auth.js";
export { EndpointUnreachable, isNetworkError } from "./retry.js";
export { certificateError, httpsAgent, type TlsSettings } from "./tls.js";
