// spec.json: the launcher stages the built spec to HDFS and the AM reads it back. The JSON is the
// ApplicationSpec itself plus a format version; reading checks every field, because an AM that
// misreads its spec would misbehave far from any user who could be told.
import { deepFreeze } from "./build.js";
import { MAX_INSTANCES } from "../control/routes.js";
import { SpecError } from "./errors.js";
import { DEFAULT_LOG_PARTS } from "../control/log-parts.js";
import {
  DASK_ROLES,
  type AclSpec,
  type ApplicationSpec,
  type LogsSpec,
  type RuntimeInfo,
  type ServiceSpec,
} from "./types.js";

export const SPEC_JSON_VERSION = 1;

export function specToJSON(spec: ApplicationSpec): string {
  return JSON.stringify({ version: SPEC_JSON_VERSION, ...spec }, null, 2);
}

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new SpecError(
    "SPEC_JSON",
    path,
    `spec.json: expected ${what}`,
    undefined,
    "the staged spec.json is damaged or from another tsdask-yarn version: resubmit",
  );
}
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
function obj(v: unknown, p: string): Obj {
  return isObj(v) ? v : fail(p, "an object");
}
function str(v: unknown, p: string): string {
  return typeof v === "string" ? v : fail(p, "a string");
}
function int(v: unknown, p: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max
    ? v
    : fail(p, `a whole number from ${min} to ${max}`);
}
/** An instance count: the AM allocates per instance, so an absurd count must never reach it. */
const count = (v: unknown, p: string, min: number) => int(v, p, min, MAX_INSTANCES);
function bool(v: unknown, p: string): boolean {
  return typeof v === "boolean" ? v : fail(p, "true or false");
}
function strs(v: unknown, p: string): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v] : fail(p, "a list of strings");
}
function record<T>(v: unknown, p: string, each: (x: unknown, p: string) => T): Record<string, T> {
  const o = obj(v, p);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, each(x, `${p}.${k}`)]));
}
/** Copies `key` when present, checked by `each`; absent stays absent. */
function opt<T>(o: Obj, key: string, p: string, each: (x: unknown, p: string) => T): Obj {
  return o[key] === undefined ? {} : { [key]: each(o[key], `${p}.${key}`) };
}

/** A spec.json written before rolled logs had no `logs`: the defaults then. */
function logs(v: unknown): LogsSpec {
  if (v === undefined) return { parts: DEFAULT_LOG_PARTS };
  const l = obj(v, "logs");
  return { ...opt(l, "partMiB", "logs", (x, q) => int(x, q, 1)), parts: int(l.parts, "logs.parts", 2) };
}

function acls(v: unknown): AclSpec {
  if (v === undefined) return { view: "", modify: "" };
  const a = obj(v, "acls");
  return { view: str(a.view, "acls.view"), modify: str(a.modify, "acls.modify") };
}

const RUNTIME_FORMS: readonly RuntimeInfo["form"][] = ["launcher", "file", "prepared", "nodes", "environment"];

function runtimeInfo(v: unknown): RuntimeInfo {
  const r = obj(v, "runtimeInfo");
  const form = str(r.form, "runtimeInfo.form") as RuntimeInfo["form"];
  if (!RUNTIME_FORMS.includes(form)) fail("runtimeInfo.form", `one of ${RUNTIME_FORMS.join(", ")}`);
  return {
    form,
    ...opt(r, "source", "runtimeInfo", str),
    ...opt(r, "version", "runtimeInfo", str),
    ...opt(r, "platform", "runtimeInfo", str),
    ...opt(r, "glibc", "runtimeInfo", str),
  };
}

function service(v: unknown, p: string): ServiceSpec {
  const s = obj(v, p);
  const role = s.role;
  if (role !== undefined && !(DASK_ROLES as readonly unknown[]).includes(role))
    fail(`${p}.role`, DASK_ROLES.join(" | "));
  if ((s.script === undefined) === (role === undefined)) fail(p, "exactly one of script and role");
  return {
    instances: count(s.instances, `${p}.instances`, 0),
    vcores: int(s.vcores, `${p}.vcores`, 1),
    memoryMiB: int(s.memoryMiB, `${p}.memoryMiB`, 1),
    resources: record(s.resources, `${p}.resources`, (x, q) => int(x, q, 0)),
    env: record(s.env, `${p}.env`, str),
    files: record(s.files, `${p}.files`, (x, q) => {
      const f = obj(x, q);
      const type = f.type === "file" || f.type === "archive" ? f.type : fail(`${q}.type`, '"file" or "archive"');
      return { source: str(f.source, `${q}.source`), type };
    }),
    ...opt(s, "script", p, str),
    ...(role !== undefined ? { role: role as ServiceSpec["role"] } : {}),
    ...opt(s, "clientScript", p, (x, q) => ({
      path: str(obj(x, q).path, `${q}.path`),
      args: strs(obj(x, q).args, `${q}.args`),
    })),
    depends: strs(s.depends, `${p}.depends`),
    restarts: int(s.restarts, `${p}.restarts`, -1),
    allowFailures: bool(s.allowFailures, `${p}.allowFailures`),
    ...opt(s, "singleton", p, bool),
    ...opt(s, "nodeLabel", p, str),
    nodes: strs(s.nodes, `${p}.nodes`),
    racks: strs(s.racks, `${p}.racks`),
    relaxLocality: bool(s.relaxLocality, `${p}.relaxLocality`),
    ...opt(s, "adaptive", p, (x, q) => ({
      minimum: count(obj(x, q).minimum, `${q}.minimum`, 0),
      maximum: count(obj(x, q).maximum, `${q}.maximum`, 1),
    })),
  };
}

/** Parses and checks spec.json (text or an already parsed value). */
export function specFromJSON(input: string | unknown): ApplicationSpec {
  let v: unknown = input;
  if (typeof input === "string") {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new SpecError(
        "SPEC_JSON",
        "",
        `spec.json is not JSON: ${(e as Error).message}`,
        undefined,
        "resubmit the application",
        { cause: e },
      );
    }
  }
  const o = obj(v, "spec");
  if (o.version !== SPEC_JSON_VERSION)
    fail("version", `format version ${SPEC_JSON_VERSION}, got ${JSON.stringify(o.version)}`);
  const m = obj(o.master, "master");
  const h = obj(o.hadoop, "hadoop");
  const spec = {
    name: str(o.name, "name"),
    queue: str(o.queue, "queue"),
    ...opt(o, "user", "spec", str),
    tags: strs(o.tags, "tags"),
    priority: int(o.priority, "priority", 0),
    maxAttempts: int(o.maxAttempts, "maxAttempts", 1),
    ...opt(o, "nodeLabel", "spec", str),
    ...opt(o, "environment", "spec", str),
    // Specs staged before the runtime setting existed ran on the launcher's Node.
    runtime: o.runtime === undefined ? "auto" : str(o.runtime, "runtime"),
    ...(o.runtimeInfo === undefined ? {} : { runtimeInfo: runtimeInfo(o.runtimeInfo) }),
    ...opt(o, "idleTimeoutSeconds", "spec", (x, q) => int(x, q, 1)),
    master: {
      vcores: int(m.vcores, "master.vcores", 1),
      memoryMiB: int(m.memoryMiB, "master.memoryMiB", 1),
      env: record(m.env, "master.env", str),
    },
    hadoop: {
      ...opt(h, "confDir", "hadoop", str),
      ...opt(h, "rmWebAddresses", "hadoop", strs),
      ...opt(h, "namenodeWebAddresses", "hadoop", strs),
      ...opt(h, "rmSchedulerAddress", "hadoop", str),
    },
    ...opt(o, "stagingDir", "spec", str),
    ...opt(o, "principal", "spec", str),
    ...opt(o, "keytab", "spec", str),
    keytabInAm: o.keytabInAm === undefined ? false : bool(o.keytabInAm, "keytabInAm"),
    ...opt(o, "caFile", "spec", str),
    // Specs staged before TLS existed have no key: they ran without it.
    tls: o.tls === undefined ? false : bool(o.tls, "tls"),
    acls: acls(o.acls),
    logs: logs(o.logs),
    services: record(o.services, "services", service),
  } as ApplicationSpec;
  return deepFreeze(spec);
}
