// How the AM stops containers, for scale-down and for shutdown alike: dask workers are retired
// through the scheduler first (so their data moves to the workers that stay), then every container
// is stopped through the backend; one that cannot be stopped is released instead.
import { DASK_KV } from "../control/runtime.js";
import type { ContainerBackend } from "./backend.js";
import type { KeyValueStore } from "./control/index.js";
import { retireDaskWorkers } from "./dask-retire.js";
import type { AppModel, InstanceRecord } from "./model.js";

export interface StopDeps {
  readonly model: AppModel;
  readonly kv: KeyValueStore;
  /** The app secret: the bearer key of the scheduler's HTTP API. */
  readonly secret: string;
  readonly backend: Pick<ContainerBackend, "stop" | "release">;
  readonly log: (line: string) => void;
  /** Retiring is skipped while the whole application stops: the data has nowhere to go. */
  readonly appStopping: boolean;
}

export async function retireAndStop(records: readonly InstanceRecord[], d: StopDeps): Promise<void> {
  const workers = records.filter((r) => d.model.service(r.service).spec.role === "dask.worker");
  const dashboard = d.kv.get(DASK_KV.dashboard);
  if (workers.length && dashboard && !d.appStopping) {
    try {
      const r = await retireDaskWorkers(
        dashboard,
        d.secret,
        workers.map((w) => w.instanceId),
      );
      d.log(`retired dask workers ${r.retired.join(", ") || "(none)"}`);
      // The scale was asked for, so they stop anyway; the log says their data is lost.
      if (r.notRetired.length)
        d.log(`dask could not move the data of ${r.notRetired.join(", ")}; stopping them anyway`);
    } catch (err) {
      d.log(`retiring dask workers failed (${(err as Error).message}); stopping them anyway`);
    }
  }
  await Promise.all(
    records.map(async (r) => {
      const slot = r.slot;
      if (!slot) return;
      try {
        await d.backend.stop(slot);
      } catch (err) {
        d.log(`stopping ${slot.id} failed (${(err as Error).message}); releasing it`);
        d.backend.release(slot.id);
      }
    }),
  );
}
