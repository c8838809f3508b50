// The whole request of an application against what its queue can give. YARN accepts any number of
// asks and leaves those that do not fit pending forever without a word; these say so up front
// (before anything is uploaded) and, while the application waits, why containers are still
// missing. Pure over the RM's scheduler JSON, except queueCapacity's one REST call.
import type { ApplicationSpec } from "../spec/index.js";
import type { ResourceManagerClient } from "../yarn-rest/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the RM's REST JSON, untyped: each field is converted (String(), Number(), listOf) where it is read
type Obj = Record<string, any>;

export interface Amount {
  readonly memoryMiB: number;
  readonly vcores: number;
}

/** A leaf queue's ceiling (what it may grow to) and what it uses now. */
export interface QueueCapacity {
  readonly queue: string;
  readonly maximum: Amount;
  readonly used: Amount;
}

const listOf = (v: unknown): Obj[] => (Array.isArray(v) ? v : v && typeof v === "object" ? [v] : []);
const amount = (r: Obj | undefined): Amount | undefined =>
  r && typeof r.memory === "number" && typeof r.vCores === "number"
    ? { memoryMiB: r.memory, vcores: r.vCores }
    : undefined;

/**
 * The named leaf queue (short name or full path) in the CapacityScheduler's JSON: its effective
 * maximum capacity and resources used. undefined for other schedulers or an unknown queue.
 */
export function findQueueCapacity(schedulerInfo: Obj, queue: string): QueueCapacity | undefined {
  const stack = [...listOf(schedulerInfo.queues?.queue)];
  while (stack.length) {
    const q = stack.pop()!;
    stack.push(...listOf(q.queues?.queue));
    if (q.queueName !== queue && q.queuePath !== queue) continue;
    const maximum = amount(q.maxEffectiveCapacity);
    const used = amount(q.resourcesUsed);
    if (maximum && used) return { queue, maximum, used };
  }
  return undefined;
}

/** Everything the spec asks for at once: the AM plus every service's instances. */
export function totalRequest(spec: ApplicationSpec): Amount {
  let memoryMiB = spec.master.memoryMiB;
  let vcores = spec.master.vcores;
  for (const s of Object.values(spec.services)) {
    memoryMiB += s.instances * s.memoryMiB;
    vcores += s.instances * s.vcores;
  }
  return { memoryMiB, vcores };
}

/** A warning when the whole request exceeds what the queue can ever hold, else undefined. */
export function capacityWarning(spec: ApplicationSpec, cap: QueueCapacity): string | undefined {
  const want = totalRequest(spec);
  const over: string[] = [];
  if (want.memoryMiB > cap.maximum.memoryMiB)
    over.push(`${want.memoryMiB} MiB of memory (${cap.maximum.memoryMiB} MiB)`);
  if (want.vcores > cap.maximum.vcores) over.push(`${want.vcores} vcores (${cap.maximum.vcores})`);
  if (over.length === 0) return undefined;
  return (
    `the application asks for ${over.join(" and ")} in all, more than queue '${cap.queue}' can ever give ` +
    "(its maximum in brackets): some containers will wait until others end, and a script runs with the workers that fit"
  );
}

/** What the queue could still give: its maximum less what is used. */
export function freeRoom(cap: QueueCapacity): { memoryMiB: number; vcores: number } {
  return {
    memoryMiB: Math.max(0, cap.maximum.memoryMiB - cap.used.memoryMiB),
    vcores: Math.max(0, cap.maximum.vcores - cap.used.vcores),
  };
}

/** "queue default has 2048 MiB and 2 vcores free": why asks are still pending. */
export function freeText(cap: QueueCapacity): string {
  const free = freeRoom(cap);
  return `queue ${cap.queue} has ${free.memoryMiB} MiB and ${free.vcores} vcores free`;
}

/**
 * Whether the queue is why containers wait: what is pending, all together (each ask's size times
 * its count), needs more memory or vcores than the queue has free. A queue with room for every
 * pending container is not to blame: YARN allocates them at the next node heartbeats. Without the
 * asks' sizes, only an empty queue is known to be short.
 */
export function queueIsShort(
  cap: QueueCapacity,
  asks: readonly { readonly memoryMiB: number; readonly vcores: number; readonly count?: number }[] | undefined,
): boolean {
  const free = freeRoom(cap);
  if (!asks || asks.length === 0) return free.memoryMiB === 0 || free.vcores === 0;
  const need = asks.reduce(
    (sum, a) => ({
      memoryMiB: sum.memoryMiB + a.memoryMiB * (a.count ?? 1),
      vcores: sum.vcores + a.vcores * (a.count ?? 1),
    }),
    { memoryMiB: 0, vcores: 0 },
  );
  return need.memoryMiB > free.memoryMiB || need.vcores > free.vcores;
}

/** The queue's capacity in the scheduler's info, or undefined when it does not say (FIFO, Fair). */
export function capacityIn(schedulerInfo: Obj, queue: string): QueueCapacity | undefined {
  try {
    return findQueueCapacity(schedulerInfo, queue);
  } catch {
    return undefined;
  }
}

/** The queue's capacity from the RM, or undefined when the scheduler does not say (FIFO, Fair, ACLs). */
export async function queueCapacity(rm: ResourceManagerClient, queue: string): Promise<QueueCapacity | undefined> {
  const info = await rm.schedulerInfo().catch(() => undefined);
  return info && capacityIn(info, queue);
}
