// One service from its config section, with the checks that concern that service alone.
// Cross-service checks (depends) live in validate.ts.
import { basename } from "node:path";
import { MAX_INSTANCES } from "../control/routes.js";
import { SpecError } from "./errors.js";
import { resolveLocation, type PathContext } from "./paths.js";
import type { Reader } from "./reader.js";
import { SERVICE_DEFAULTS } from "./schema.js";
import {
  DASK_ROLES,
  RESERVED_FILE_NAMES,
  SERVICE_NAME_PATTERN,
  type AdaptiveSpec,
  type FileSpec,
  type ServiceSpec,
} from "./types.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ARCHIVE = /\.(zip|tar|tgz|tar\.gz|tar\.bz2|tbz2|tar\.xz|txz|jar)$/i;
export const GPU = "yarn.io/gpu";

export function checkServiceName(name: string, r: Reader): void {
  if (!SERVICE_NAME_PATTERN.test(name)) {
    throw new SpecError(
      "SPEC_VALUE",
      r.path.join("."),
      `invalid service name '${name}'`,
      r.source,
      "use lower-case letters, digits, '.', '_' and '-', starting with a letter",
    );
  }
}

export function readEnv(r: Reader, key = "env"): Record<string, string> {
  const env = r.stringMap(key);
  for (const name of Object.keys(env)) {
    if (!ENV_NAME.test(name)) {
      const src = r.section(key)?.sourceOf(name) ?? r.sourceOf(key);
      throw new SpecError(
        "SPEC_VALUE",
        r.key(`${key}.${name}`),
        `invalid environment variable name '${name}'`,
        src,
        "use letters, digits and '_', not starting with a digit",
      );
    }
  }
  return env;
}

/** Extra resource types plus the `gpus` shorthand. */
export function readResources(r: Reader): Record<string, number> {
  const resources = r.intMap("resources");
  for (const name of ["memory-mb", "memory", "vcores"]) {
    if (name in resources) {
      throw new SpecError(
        "SPEC_VALUE",
        r.key(`resources.${name}`),
        `'${name}' is not an extra resource`,
        r.sourceOf("resources"),
        "use the service's memory: and vcores: keys",
      );
    }
  }
  const gpus = r.int("gpus", 0) ?? 0;
  if (gpus > 0) {
    if (GPU in resources) {
      throw new SpecError(
        "SPEC_CONFLICT",
        r.key("gpus"),
        `both gpus and resources."${GPU}" are set`,
        r.sourceOf("gpus"),
        "keep one of them",
      );
    }
    resources[GPU] = gpus;
  }
  return resources;
}

export function readAdaptive(r: Reader | undefined): AdaptiveSpec | undefined {
  if (!r) return undefined;
  const minimum = r.int("minimum", 0, MAX_INSTANCES);
  const maximum = r.int("maximum", 1, MAX_INSTANCES);
  if (minimum === undefined || maximum === undefined) {
    const missing = minimum === undefined ? "minimum" : "maximum";
    throw new SpecError(
      "SPEC_REQUIRED",
      r.key(missing),
      "adaptive needs both minimum and maximum",
      r.source,
      'write adaptive: {minimum: 0, maximum: 10} or "0:10"',
    );
  }
  if (minimum > maximum) {
    throw new SpecError(
      "SPEC_RANGE",
      r.path.join("."),
      `minimum ${minimum} is more than maximum ${maximum}`,
      r.sourceOf("minimum"),
      "swap them",
    );
  }
  return { minimum, maximum };
}

function readFiles(r: Reader | undefined, ctx: PathContext): Record<string, FileSpec> {
  const files: Record<string, FileSpec> = {};
  if (!r) return files;
  for (const name of r.names()) {
    const entry = r.section(name);
    if (!entry) continue;
    const bad = name === "" || name === "." || name === ".." || name.includes("/");
    const reserved = (RESERVED_FILE_NAMES as readonly string[]).includes(name);
    if (bad || reserved) {
      const why = reserved ? `'${name}' is reserved for tsdask-yarn's own files` : `'${name}' is not a plain file name`;
      throw new SpecError("SPEC_VALUE", r.key(name), why, entry.source, "choose another target name without '/'");
    }
    const source = entry.str("source");
    if (source === undefined) {
      throw new SpecError(
        "SPEC_REQUIRED",
        entry.key("source"),
        "a file needs a source",
        entry.source,
        "give a local path or an hdfs:// URI",
      );
    }
    const resolved = resolveLocation(source, entry.key("source"), entry.sourceOf("source"), ctx);
    const type = entry.enumOf("type", ["file", "archive"] as const) ?? (ARCHIVE.test(source) ? "archive" : "file");
    files[name] = { source: resolved, type };
  }
  return files;
}

export function readService(name: string, r: Reader, appNodeLabel: string | undefined, ctx: PathContext): ServiceSpec {
  checkServiceName(name, r);
  const script = r.str("script");
  const role = r.enumOf("role", DASK_ROLES);
  if (script !== undefined && role !== undefined) {
    throw new SpecError(
      "SPEC_CONFLICT",
      r.path.join("."),
      "has both script and role",
      r.sourceOf("role"),
      "a service runs either a shell script or a dask role: remove one",
    );
  }
  if (script === undefined && role === undefined) {
    throw new SpecError(
      "SPEC_REQUIRED",
      r.path.join("."),
      "needs a script or a role",
      r.source,
      "add script: '...' or role: dask.worker (dask.scheduler, dask.client)",
    );
  }
  const files = readFiles(r.section("files"), ctx);
  const cs = r.section("client-script");
  let clientScript: ServiceSpec["clientScript"];
  if (cs) {
    if (role !== "dask.client") {
      throw new SpecError(
        "SPEC_CONFLICT",
        r.key("client-script"),
        "only a dask.client service runs a client script",
        cs.source,
        "remove it, or set role: dask.client",
      );
    }
    const path = cs.str("path");
    if (path === undefined)
      throw new SpecError("SPEC_REQUIRED", cs.key("path"), "the client script needs a path", cs.source);
    const abs = resolveLocation(path, cs.key("path"), cs.sourceOf("path"), ctx);
    clientScript = { path: abs, args: cs.list("args") ?? [] };
    files[basename(abs)] = { source: abs, type: "file" };
  } else if (role === "dask.client") {
    throw new SpecError(
      "SPEC_REQUIRED",
      r.key("client-script"),
      "a dask.client service needs a client script",
      r.source,
      "give the script to submit (submit SCRIPT), or client-script: {path, args}",
    );
  }
  const singleton = r.bool("singleton");
  const instances = r.int("instances", 0, MAX_INSTANCES) ?? SERVICE_DEFAULTS.instances;
  if (singleton && instances !== 1) {
    throw new SpecError(
      "SPEC_CONFLICT",
      r.key("instances"),
      `a singleton service runs exactly one instance, not ${instances}`,
      r.sourceOf("instances"),
      "set instances: 1, or remove singleton: true",
    );
  }
  const adaptive = readAdaptive(r.section("adaptive"));
  if (adaptive && role !== "dask.worker") {
    throw new SpecError(
      "SPEC_CONFLICT",
      r.key("adaptive"),
      "adaptive scaling needs role dask.worker",
      r.sourceOf("adaptive"),
      "remove adaptive: from this service",
    );
  }
  return {
    instances,
    vcores: r.int("vcores", 1) ?? SERVICE_DEFAULTS.vcores,
    memoryMiB: r.memory("memory") ?? SERVICE_DEFAULTS.memoryMiB,
    resources: readResources(r),
    env: readEnv(r),
    files,
    ...(script !== undefined ? { script } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(clientScript ? { clientScript } : {}),
    depends: r.list("depends") ?? [],
    restarts: r.int("restarts", -1) ?? SERVICE_DEFAULTS.restarts,
    allowFailures: r.bool("allow-failures") ?? SERVICE_DEFAULTS.allowFailures,
    ...optional("singleton", singleton),
    ...optional("nodeLabel", r.str("node-label") ?? appNodeLabel),
    nodes: r.list("nodes") ?? [],
    racks: r.list("racks") ?? [],
    relaxLocality: r.bool("relax-locality") ?? SERVICE_DEFAULTS.relaxLocality,
    ...(adaptive ? { adaptive } : {}),
  };
}

/** { key: value } when value is set, {} otherwise: optional fields stay absent, never undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: V };
}
