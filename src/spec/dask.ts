// The dask shorthand: scheduler:, worker: and client: sections expand into the services dask-yarn
// generates (docs/design.md §9): dask.scheduler (1 instance, no restarts), dask.worker (count
// instances after the scheduler) and, for submit SCRIPT, dask.client (1 instance, no restarts).
import { MAX_INSTANCES } from "../control/routes.js";
import { basename } from "node:path";
import { SpecError } from "./errors.js";
import { resolveLocation, type PathContext } from "./paths.js";
import type { Reader } from "./reader.js";
import { optional, readAdaptive, readEnv, readResources } from "./service.js";
import { lookup, touchedByUser, type Branch } from "./tree.js";
import type { PortClaim, ServiceSpec } from "./types.js";
import { DASK_OPTIONS_ENV, type SchedulerSettings, type WorkerSettings } from "../control/runtime.js";

function withSettings(env: Record<string, string>, settings: object): Record<string, string> {
  const set = Object.entries(settings).filter(
    ([, v]) => v !== undefined && !(typeof v === "object" && Object.keys(v as object).length === 0),
  );
  // base64: the NodeManager's launch script keeps neither quotes nor braces of a JSON value intact.
  const json = JSON.stringify(Object.fromEntries(set));
  return set.length === 0 ? env : { ...env, [DASK_OPTIONS_ENV]: Buffer.from(json).toString("base64") };
}

/** One port stays dask's own --port; a range is the wrapper's to try (service/dask-args.ts). */
function schedulerSettings(r: Reader | undefined): SchedulerSettings {
  if (!r) return {};
  const port = r.ports("port");
  const dashboard = r.dashboardRange("dashboard-address");
  const single = dashboard && dashboard.first === dashboard.last;
  return {
    ...optional("host", r.str("host") || undefined),
    ...(port && port.first === port.last ? { port: port.first } : optional("portRange", port)),
    ...(dashboard && !single
      ? { dashboardRange: dashboard }
      : optional(
          "dashboardAddress",
          single ? `${dashboard.host}:${dashboard.first}` : r.str("dashboard-address") || undefined,
        )),
    options: r.options("scheduler-options"),
  };
}

/** The port ranges of a role, for submit's per-node check (spec/types.ts PortClaim). */
function portClaims(r: Reader | undefined, section: string, keys: readonly string[]): PortClaim[] {
  const out: PortClaim[] = [];
  for (const k of keys) {
    const range = k === "dashboard-address" ? r?.dashboardRange(k) : r?.ports(k);
    if (range) out.push({ key: `${section}.${k}`, first: range.first, last: range.last });
  }
  return out;
}

/** dask-yarn's default worker_class, under the names it is importable by: the CLI's --nanny. */
export const DEFAULT_WORKER_CLASSES: readonly string[] = [
  "dask.distributed.Nanny",
  "distributed.Nanny",
  "distributed.nanny.Nanny",
];

function workerSettings(r: Reader | undefined): WorkerSettings {
  if (!r) return {};
  const cls = r.str("worker-class") || undefined;
  const custom = cls && !DEFAULT_WORKER_CLASSES.includes(cls) ? cls : undefined;
  return {
    ...optional("workerClass", custom),
    options: r.options("worker-options"),
    ...optional("port", r.ports("port")),
    ...optional("nannyPort", r.ports("nanny-port")),
  };
}

export interface DaskInputs {
  readonly root: Reader;
  readonly tree: Branch;
  readonly script?: { readonly path: string; readonly args?: readonly string[] };
  readonly nodeLabel?: string;
  readonly ctx: PathContext;
}

/**
 * Whether to generate the dask services. `dask: auto` (the default) does unless the config
 * defines generic services and nobody but the skeleton touched the dask sections, so a spec file
 * holding only `services:` runs only those.
 */
function wanted({ root, tree, script }: DaskInputs): boolean {
  const mode = root.enumOf("dask", ["auto", "true", "false"] as const) ?? "auto";
  if (mode === "false") {
    if (script) {
      throw new SpecError(
        "SPEC_CONFLICT",
        "dask",
        "submit SCRIPT runs a dask client, but dask is false",
        root.sourceOf("dask"),
        "set dask: auto, or submit without a script",
      );
    }
    return false;
  }
  if (mode === "true" || script) return true;
  const generic = root.section("services")?.names().length ?? 0;
  if (generic === 0) return true;
  return ["scheduler", "worker", "client"].some((s) => touchedByUser(lookup(tree, [s])));
}

function base(r: Reader | undefined, inputs: DaskInputs) {
  return {
    vcores: r?.int("vcores", 1) ?? 1,
    memoryMiB: r?.memory("memory") ?? 2048,
    resources: r ? readResources(r) : {},
    env: r ? readEnv(r) : {},
    files: {},
    allowFailures: false,
    // The role's own placement, else the application's node-label.
    ...optional("nodeLabel", r?.str("node-label") || inputs.nodeLabel),
    nodes: r?.list("nodes") ?? [],
    racks: r?.list("racks") ?? [],
    relaxLocality: r?.bool("relax-locality") ?? true,
  };
}

/**
 * deploy-mode local (dask-yarn's): the scheduler runs in the submitting process (the Python
 * YarnCluster), which publishes its address in the KV store; only the workers are containers.
 */
function localMode(root: Reader, script: DaskInputs["script"]): boolean {
  const local = root.enumOf("deploy-mode", ["remote", "local"] as const) === "local";
  if (local && script) {
    throw new SpecError(
      "SPEC_CONFLICT",
      "deploy-mode",
      "submit SCRIPT runs the script in a container next to a scheduler container; deploy-mode local has no scheduler container",
      root.sourceOf("deploy-mode"),
      "use deploy-mode: remote with a script, or YarnCluster(deploy_mode='local') in Python",
    );
  }
  return local;
}

export function daskServices(inputs: DaskInputs): Record<string, ServiceSpec> {
  if (!wanted(inputs)) return {};
  const { root, script, ctx } = inputs;
  const worker = root.section("worker");
  const local = localMode(root, script);
  const out: Record<string, ServiceSpec> = {};
  if (!local) {
    const scheduler = root.section("scheduler");
    const b = base(scheduler, inputs);
    const ports = portClaims(scheduler, "scheduler", ["port", "dashboard-address"]);
    out["dask.scheduler"] = {
      ...b,
      env: withSettings(b.env, schedulerSettings(scheduler)),
      ...(ports.length ? { ports } : {}),
      instances: 1,
      role: "dask.scheduler",
      depends: [],
      restarts: 0,
    };
  }
  const adaptive = readAdaptive(worker?.section("adaptive"));
  const w = base(worker, inputs);
  const workerPorts = portClaims(worker, "worker", ["port", "nanny-port"]);
  out["dask.worker"] = {
    ...w,
    env: withSettings(w.env, workerSettings(worker)),
    ...(workerPorts.length ? { ports: workerPorts } : {}),
    instances: worker?.int("count", 0, MAX_INSTANCES) ?? 0,
    role: "dask.worker",
    depends: local ? [] : ["dask.scheduler"],
    restarts: worker?.int("restarts", -1) ?? -1,
    ...(adaptive ? { adaptive } : {}),
  };
  if (script) {
    const path = resolveLocation(script.path, "script", { kind: "script" }, ctx);
    const b = base(root.section("client"), inputs);
    out["dask.client"] = {
      ...b,
      files: { [basename(path)]: { source: path, type: "file" } },
      instances: 1,
      role: "dask.client",
      clientScript: { path, args: [...(script.args ?? [])] },
      depends: ["dask.scheduler"],
      restarts: 0,
    };
  }
  return out;
}
