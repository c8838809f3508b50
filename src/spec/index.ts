// The spec layer's public surface: colleagues import from here, not from the files behind it.
export * from "./types.js";
export { SpecError, formatSource, type SpecErrorCode } from "./errors.js";
export { loadSpec, specFromYaml, userConfigPath } from "./load.js";
export { CONFIG_ENV_VAR } from "./dotted-layer.js";
export { specToJSON, specFromJSON, SPEC_JSON_VERSION } from "./json.js";
export { parseMemoryMiB, parseDurationSeconds, formatMemoryMiB, UnitError } from "./units.js";
export { envNameOf, envReachablePaths } from "./schema.js";
export { isRemoteUri } from "./paths.js";
export { SKELETON_YAML } from "./skeleton.js";
