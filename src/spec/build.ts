// The merged config tree → one validated, fully defaulted, frozen ApplicationSpec.
import { DEFAULT_LOG_PARTS } from "../control/log-parts.js";
import { SpecError } from "./errors.js";
import { daskServices } from "./dask.js";
import { resolveLocation, type PathContext } from "./paths.js";
import { Reader } from "./reader.js";
import { optional, readEnv, readService } from "./service.js";
import type { Branch } from "./tree.js";
import type { ApplicationSpec, HadoopSpec, ServiceSpec } from "./types.js";
import { checkDepends, checkSomethingToRun } from "./validate.js";
import { checkName, checkTags } from "./limits.js";

export interface BuildOptions {
  readonly ctx: PathContext;
  readonly script?: { readonly path: string; readonly args?: readonly string[] };
  readonly allowMissingEnvironment?: boolean;
}

function nonEmpty(r: Reader, key: string, fallback: string): string {
  const v = r.str(key) ?? fallback;
  if (v.trim() === "") throw new SpecError("SPEC_VALUE", key, "must not be empty", r.sourceOf(key));
  return v;
}

function readHadoop(r: Reader | undefined, ctx: PathContext): HadoopSpec {
  if (!r) return {};
  const list = (k: string) => {
    const v = r.list(k);
    return v && v.length > 0 ? { [k === "rm-web-addresses" ? "rmWebAddresses" : "namenodeWebAddresses"]: v } : {};
  };
  const confDir = r.str("conf-dir");
  return {
    ...(confDir ? { confDir: resolveLocation(confDir, r.key("conf-dir"), r.sourceOf("conf-dir"), ctx) } : {}),
    ...list("rm-web-addresses"),
    ...list("namenode-web-addresses"),
    ...optional("rmSchedulerAddress", r.str("rm-scheduler-address")),
  };
}

/**
 * The runtime setting: auto and environment as words, else a path. A local file (relative, or an
 * absolute path that exists here) is made absolute against its layer; an absolute path that does not
 * exist here is a Node installed on the nodes, used as it is (the launcher stats, not this layer).
 */
function runtimeSetting(root: Reader, ctx: PathContext): string {
  const v = (root.str("runtime") ?? "auto").trim();
  if (v === "") throw new SpecError("SPEC_VALUE", "runtime", "must not be empty", root.sourceOf("runtime"));
  if (v === "auto" || v === "environment" || v.startsWith("/")) return v;
  return resolveLocation(v, "runtime", root.sourceOf("runtime"), ctx);
}

export function buildSpec(tree: Branch, opts: BuildOptions): ApplicationSpec {
  const { ctx } = opts;
  const root = new Reader(tree, []);
  const nodeLabel = root.str("node-label") || undefined;
  const envValue = root.str("environment");
  const environment = envValue
    ? resolveLocation(envValue, "environment", root.sourceOf("environment"), ctx)
    : undefined;
  const idle = root.duration("idle-timeout");
  const master = root.section("master");

  const services: Record<string, ServiceSpec> = daskServices({ root, tree, script: opts.script, nodeLabel, ctx });
  const generic = root.section("services");
  for (const name of generic?.names() ?? []) {
    const r = generic!.section(name);
    if (!r) continue; // `name: null` removes a service an earlier layer defined
    if (name in services) {
      throw new SpecError(
        "SPEC_CONFLICT",
        `services.${name}`,
        `'${name}' is generated from the dask sections`,
        r.source,
        "configure it through scheduler:/worker:/client:, choose another name, or set dask: false",
      );
    }
    services[name] = readService(name, r, nodeLabel, ctx);
  }
  checkSomethingToRun(services);
  checkDepends(services, generic);

  const needsEnv = Object.values(services).some((s) => s.role !== undefined);
  if (needsEnv && !environment && !opts.allowMissingEnvironment) {
    throw new SpecError(
      "SPEC_REQUIRED",
      "environment",
      "dask services need a Python environment",
      root.sourceOf("environment"),
      "set environment: (a conda-pack/venv-pack archive, a directory, or an hdfs:// path), TSDASK_YARN_ENVIRONMENT or --environment",
    );
  }

  const spec: ApplicationSpec = {
    name: checkName(root, nonEmpty(root, "name", "tsdask-yarn")),
    queue: nonEmpty(root, "queue", "default"),
    ...optional("user", root.str("user")),
    tags: checkTags(root, root.list("tags") ?? []),
    priority: root.int("priority", 0) ?? 0,
    maxAttempts: root.int("max-attempts", 1) ?? 2,
    ...optional("nodeLabel", nodeLabel),
    ...optional("environment", environment),
    runtime: runtimeSetting(root, ctx),
    ...(idle ? { idleTimeoutSeconds: idle } : {}), // 0 and null both mean "never"
    master: {
      vcores: master?.int("vcores", 1) ?? 1,
      memoryMiB: master?.memory("memory") ?? 512,
      env: master ? readEnv(master) : {},
    },
    hadoop: readHadoop(root.section("hadoop"), ctx),
    ...optional("stagingDir", root.str("staging-dir")),
    ...optional("principal", root.str("principal")),
    ...optional("keytab", root.str("keytab")),
    keytabInAm: root.bool("keytab-in-am") ?? false,
    ...optional("caFile", root.str("ca-file")),
    tls: root.bool("tls") ?? true,
    acls: { view: root.section("acls")?.str("view") ?? "", modify: root.section("acls")?.str("modify") ?? "" },
    logs: {
      ...optional("partMiB", logPartMiB(root.section("logs"))),
      parts: root.section("logs")?.int("parts", 2) ?? DEFAULT_LOG_PARTS,
    },
    services,
  };
  return deepFreeze(spec);
}

/** logs.part-size: a memory size, or null / 0 for "rolling off" (the flag and variable cannot say null). */
function logPartMiB(logs: Reader | undefined): number | undefined {
  if (!logs?.has("part-size") || /^0+$/.test(logs.str("part-size")!.trim())) return undefined;
  return logs.memory("part-size");
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
