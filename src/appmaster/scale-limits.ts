// Which scale requests the AM refuses, before anything changes: a singleton service (one dask
// scheduler per cluster: a second one would be advertised empty, none ends the cluster), and a count
// the queue can never hold (100,000 asks the RM would keep outstanding forever). Pure.
import { TsdaskError } from "../errors.js";
import type { ServiceSpec } from "../spec/types.js";
import { mib } from "./exit-status.js";
import type { AppModel } from "./model.js";

/** The dask roles that exist once per cluster, whatever the spec says. */
const SINGLETON_ROLES: ReadonlySet<string> = new Set(["dask.scheduler", "dask.client"]);

export function isSingleton(spec: ServiceSpec): boolean {
  return spec.singleton === true || (spec.role !== undefined && SINGLETON_ROLES.has(spec.role));
}

/** A refusal of a scale request; the control API answers it as 409 SCALE_REFUSED. */
export class ScaleRefusedError extends TsdaskError {
  constructor(code: "AM_SINGLETON_SERVICE" | "AM_SCALE_ABOVE_QUEUE", message: string) {
    super(code, message);
  }
}

/**
 * The most memory the queue has let this application hold: the RM's headroom (allocate response
 * `limit`) plus what the application holds, the largest seen so far. Memory only: with YARN's
 * default resource calculator vcores do not limit allocation.
 */
export class QueueCeiling {
  private maxMb = 0;

  observe(headroomMb: number, heldMb: number): void {
    this.maxMb = Math.max(this.maxMb, headroomMb + heldMb);
  }

  /** 0 until the first allocate response: no refusal on a guess. */
  get memoryMb(): number {
    return this.maxMb;
  }
}

/** Memory the application holds now: the AM and every allocated container. */
export function heldMb(model: AppModel): number {
  let mb = model.spec.master.memoryMiB;
  for (const r of model.holdingSlots()) mb += r.slot?.resource.memoryMiB ?? 0;
  return mb;
}

/** Memory the AM and every service but this one need at their desired counts. */
export function othersMb(model: AppModel, service: string): number {
  let mb = model.spec.master.memoryMiB;
  for (const s of model.services.values()) if (s.name !== service) mb += s.desired * s.spec.memoryMiB;
  return mb;
}

/** The queue's side of a scale check: its name, the ceiling, and what the rest of the app needs. */
export interface QueueRoom {
  readonly queue: string;
  readonly ceiling: QueueCeiling;
  /** Memory of the AM and of the other services' desired instances. */
  readonly othersMb: number;
}

/** Why this scale is refused, or undefined when it may go ahead. */
export function scaleRefusal(
  name: string,
  spec: ServiceSpec,
  current: number,
  instances: number,
  room: QueueRoom,
): ScaleRefusedError | undefined {
  if (isSingleton(spec) && instances !== current) {
    const what = spec.role ? `the ${spec.role} service` : "a singleton service";
    return new ScaleRefusedError(
      "AM_SINGLETON_SERVICE",
      `service '${name}' is ${what} and runs exactly ${current} instance(s); it cannot be scaled to ${instances}. ` +
        "To end the application use 'tsdask-yarn shutdown' or 'kill'.",
    );
  }
  const ceilingMb = room.ceiling.memoryMb;
  if (ceilingMb === 0 || instances <= current) return undefined;
  const fit = Math.max(0, Math.floor((ceilingMb - room.othersMb) / spec.memoryMiB));
  if (instances <= fit) return undefined;
  return new ScaleRefusedError(
    "AM_SCALE_ABOVE_QUEUE",
    `${instances} × ${mib(spec.memoryMiB)} of '${name}' is more than queue '${room.queue}' can ever give: it has let ` +
      `this application hold at most ${mib(ceilingMb)}, ${mib(room.othersMb)} of it for the ApplicationMaster and the ` +
      `other services, so at most ${fit} instances of ${mib(spec.memoryMiB)} fit. Scale to ${fit} or fewer, or use a bigger queue.`,
  );
}
