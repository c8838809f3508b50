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

const listOf = (v: unknown): Obj[] => (Array.isArray(v) ? v : v && typeof v === "object" ? [v as Obj] : []);
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

/** "queue default has 2048 MiB and 2 vcores free": why asks are still pending. */
export function freeText(cap: QueueCapacity): string {
  const mem = Math.max(0, cap.maximum.memoryMiB - cap.used.memoryMiB);
  const vc = Math.max(0, cap.maximum.vcores - cap.used.vcores);
  return `queue ${cap.queue} has ${mem} MiB and ${vc} vcores free`;
}

/** The queue's capacity from the RM, or undefined when the scheduler does not say (FIFO, Fair, ACLs). */
export async function queueCapacity(rm: ResourceManagerClient, queue: string): Promise<QueueCapacity | undefined> {
  try {
    return findQueueCapacity(await rm.schedulerInfo(), queue);
  } catch {
    return undefined;
  }
}
