// The control API contract shared by the launcher, the AM and the in-container service wrapper.
export * from "./types.js";
export * from "./routes.js";
export * from "./errors.js";
export * from "./client.js";
export * from "./runtime.js";
export * from "./script-exit.js";
export * from "./log-parts.js";
