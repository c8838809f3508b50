// The AM side of the control API: the HTTP server, its key-value store and the overview page.
export { startControlServer, type ControlServer, type ControlServerOptions } from "./server.js";
export type { ControlHandlers } from "./api.js";
export { KeyValueStore, type KvChange, type KvSnapshot, type KvWaitOutcome } from "./kv-store.js";
export { renderOverview, escapeHtml } from "./page.js";
export { MIN_SECRET_LENGTH } from "./auth.js";
