// The dask shorthand: scheduler:, worker: and client: sections expand into the services dask-yarn
// generates (notes/anchors.md §1.6): dask.scheduler (1 instance, no restarts), dask.worker (count
// instances after the scheduler) and, for submit SCRIPT, dask.client (1 instance, no restarts).
import { MAX_INSTANCES } from "../control/routes.js";
import { basename } from "node:path";
import { SpecError } from "./errors.js";
import { resolveLocation, type PathContext } from "./paths.js";
import type { Reader } from "./reader.js";
import { optional, readAdaptive, readEnv, readResources } from "./service.js";
import { lookup, touchedByUser, type Branch } from "./tree.js";
import type { ServiceSpec } from "./types.js";

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
    ...optional("nodeLabel", inputs.nodeLabel),
    nodes: [],
    racks: [],
    relaxLocality: true,
  };
}

export function daskServices(inputs: DaskInputs): Record<string, ServiceSpec> {
  if (!wanted(inputs)) return {};
  const { root, script, ctx } = inputs;
  const worker = root.section("worker");
  const out: Record<string, ServiceSpec> = {
    "dask.scheduler": {
      ...base(root.section("scheduler"), inputs),
      instances: 1,
      role: "dask.scheduler",
      depends: [],
      restarts: 0,
    },
  };
  const adaptive = readAdaptive(worker?.section("adaptive"));
  out["dask.worker"] = {
    ...base(worker, inputs),
    instances: worker?.int("count", 0, MAX_INSTANCES) ?? 0,
    role: "dask.worker",
    depends: ["dask.scheduler"],
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
