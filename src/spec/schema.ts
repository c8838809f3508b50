// The config schema in YAML key form (kebab-case, as dask-yarn writes its keys). Every layer
// (skeleton, files, env vars, flags) is checked against it as it is read, so an unknown key is
// reported where it was written. Types are checked after merging, against each leaf's own source.

export type Kind =
  | { readonly t: "string" }
  | { readonly t: "int"; readonly min: number }
  | { readonly t: "memory" }
  | { readonly t: "duration" }
  | { readonly t: "bool" }
  | { readonly t: "enum"; readonly values: readonly string[] }
  /** A list of strings (a comma-separated string is accepted too). */
  | { readonly t: "list" }
  /** An open map of scalars: env vars (string values) or resource counts (int values). */
  | { readonly t: "map"; readonly values: "string" | "int" }
  /** A fixed set of keys. `scalar` turns a one-string shorthand into the section ("2:10" → adaptive). */
  | {
      readonly t: "section";
      readonly fields: Fields;
      readonly scalar?: (s: string) => Record<string, unknown> | undefined;
    }
  /** An open map of sections keyed by a user-chosen name: services, files. */
  | { readonly t: "named"; readonly of: SectionKind }
  /** Free-form keyword arguments for dask (worker-options): a YAML map, or a JSON object as text. */
  | { readonly t: "options" }
  /** A port or an inclusive port range: 8786, "8786-8790" (spec/ports.ts). */
  | { readonly t: "ports" };

export type SectionKind = Extract<Kind, { t: "section" }>;
export type Fields = Readonly<Record<string, Kind>>;

const str: Kind = { t: "string" };
const memory: Kind = { t: "memory" };
const bool: Kind = { t: "bool" };
const list: Kind = { t: "list" };
const env: Kind = { t: "map", values: "string" };
const int = (min: number): Kind => ({ t: "int", min });

/** "MIN:MAX" → { minimum, maximum }, the form of --adaptive. */
function adaptiveFromString(s: string): Record<string, unknown> | undefined {
  const m = /^\s*(-?\d+)\s*:\s*(-?\d+)\s*$/.exec(s);
  return m ? { minimum: Number(m[1]), maximum: Number(m[2]) } : undefined;
}

export const ADAPTIVE: SectionKind = {
  t: "section",
  fields: { minimum: int(0), maximum: int(1) },
  scalar: adaptiveFromString,
};

/** A file entry: `name: path` or `name: {source, type}`. */
export const FILE: SectionKind = {
  t: "section",
  fields: { source: str, type: { t: "enum", values: ["file", "archive"] } },
  scalar: (s) => ({ source: s }),
};

export const SERVICE: SectionKind = {
  t: "section",
  fields: {
    instances: int(0),
    vcores: int(1),
    memory,
    gpus: int(0),
    resources: { t: "map", values: "int" },
    env,
    files: { t: "named", of: FILE },
    script: str,
    role: { t: "enum", values: ["dask.scheduler", "dask.worker", "dask.client"] },
    "client-script": { t: "section", fields: { path: str, args: list } },
    depends: list,
    restarts: int(-1),
    "allow-failures": bool,
    singleton: bool,
    "node-label": str,
    nodes: list,
    racks: list,
    "relax-locality": bool,
    adaptive: ADAPTIVE,
  },
};

/** Defaults of a generic service's fields (dask services take theirs from the skeleton). */
export const SERVICE_DEFAULTS = {
  instances: 1,
  vcores: 1,
  memoryMiB: 1024,
  restarts: 0,
  allowFailures: false,
  relaxLocality: true,
} as const;

/** Placement per dask role, as generic services have it (dask-yarn#26: the scheduler's node). */
const placement: Fields = { "node-label": str, nodes: list, racks: list, "relax-locality": bool };
const daskCommon: Fields = { vcores: int(1), memory, gpus: int(0), env, ...placement };
const options: Kind = { t: "options" };
const ports: Kind = { t: "ports" };

/** The scheduler's own settings (dask-yarn's host/port/dashboard-address and scheduler_options). */
const schedulerFields: Fields = {
  ...daskCommon,
  host: str,
  port: ports,
  "dashboard-address": str,
  "scheduler-options": options,
};

export const ROOT: SectionKind = {
  t: "section",
  fields: {
    name: str,
    queue: str,
    user: str,
    tags: list,
    priority: int(0),
    "max-attempts": int(1),
    "node-label": str,
    environment: str,
    runtime: str,
    "idle-timeout": { t: "duration" },
    "staging-dir": str,
    principal: str,
    keytab: str,
    "keytab-in-am": bool,
    "ca-file": str,
    dask: { t: "enum", values: ["auto", "true", "false"] },
    "deploy-mode": { t: "enum", values: ["remote", "local"] },
    tls: bool,
    logs: { t: "section", fields: { "part-size": memory, parts: int(2) } },
    acls: { t: "section", fields: { view: str, modify: str } },
    master: { t: "section", fields: { vcores: int(1), memory, env } },
    hadoop: {
      t: "section",
      fields: {
        "conf-dir": str,
        "rm-web-addresses": list,
        "namenode-web-addresses": list,
        "rm-scheduler-address": str,
      },
    },
    scheduler: { t: "section", fields: schedulerFields },
    worker: {
      t: "section",
      fields: {
        count: int(0),
        ...daskCommon,
        restarts: int(-1),
        adaptive: ADAPTIVE,
        "worker-class": str,
        "worker-options": options,
        port: ports,
        "nanny-port": ports,
      },
    },
    client: { t: "section", fields: daskCommon },
    services: { t: "named", of: SERVICE },
  },
};

/** The paths an env var can reach: every key outside the named maps (services, files). */
export function envReachablePaths(kind: SectionKind = ROOT, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, k] of Object.entries(kind.fields)) {
    const path = [...prefix, key];
    if (k.t === "named") continue;
    if (k.t === "section" && !k.scalar) out.push(...envReachablePaths(k, path));
    else out.push(path);
  }
  return out;
}

/** TSDASK_YARN_WORKER_MEMORY ↔ ["worker", "memory"]; "-" and "." become "_". */
export function envNameOf(path: readonly string[]): string {
  return "TSDASK_YARN_" + path.join("_").replace(/[-.]/g, "_").toUpperCase();
}

/** snake_case and camelCase keys are accepted as their kebab-case form (Skein writes max_restarts). */
export function canonicalKey(key: string): string {
  return key
    .replace(/_/g, "-")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

/** How a kind is named in messages: "expected a whole number ≥ 0, got ...". */
export function describeKind(kind: Kind): string {
  switch (kind.t) {
    case "string":
      return "a string";
    case "int":
      return `a whole number ≥ ${kind.min}`;
    case "memory":
      return 'a memory size like "2 GiB", "512 MiB" or a number of MiB';
    case "duration":
      return 'a duration like "30s", "5m", "1h" or a number of seconds';
    case "bool":
      return "true or false";
    case "enum":
      return `one of ${kind.values.map((v) => `"${v}"`).join(", ")}`;
    case "list":
      return "a list of strings";
    case "map":
      return kind.values === "int" ? "a map of names to whole numbers" : "a map of names to strings";
    case "section":
      return kind.fields.minimum ? 'a map {minimum, maximum} or "MIN:MAX"' : "a map";
    case "named":
      return "a map of names to sections";
    case "ports":
      return 'a port or an inclusive port range, like 8786 or "8786-8790"';
    case "options":
      return "a map of keyword arguments (YAML map or JSON object text, e.g. '{\"nthreads\": 2}')";
  }
}
