// The spec's queue against the scheduler's queues, before anything is uploaded: the RM hands out
// an application id for any queue and only fails the application after the submission, with
// "submitted by user … to unknown queue", leaving a FAILED application in the RM's list.
import { closest } from "../spec/suggest.js";
import { LauncherError } from "./errors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the RM's REST JSON, untyped: each field is converted (String(), Number(), listOf) where it is read
type Obj = Record<string, any>;

/** A list the RM's JSON may give as an array, one object, or nothing. */
const listOf = (v: unknown): Obj[] => (Array.isArray(v) ? v : v && typeof v === "object" ? [v] : []);

/**
 * Leaf queues by every name YARN accepts for them: the short name and the full path. Covers the
 * CapacityScheduler (queues.queue, queuePath) and the FairScheduler (childQueues, "root.x" names).
 */
export function leafQueues(schedulerInfo: Obj): Set<string> {
  const out = new Set<string>();
  const walk = (q: Obj, parent: string): void => {
    const name = String(q.queueName ?? "");
    const path = String(q.queuePath ?? (name.includes(".") || !parent ? name : `${parent}.${name}`));
    const children = [...listOf(q.queues?.queue), ...listOf(q.childQueues?.queue ?? q.childQueues)];
    if (children.length === 0 && name) {
      out.add(path);
      out.add(name.slice(name.lastIndexOf(".") + 1));
    }
    for (const c of children) walk(c, path);
  };
  const root = schedulerInfo.rootQueue ?? schedulerInfo; // FairScheduler nests the tree in rootQueue
  walk({ ...root, queueName: root.queueName ?? "root" }, "");
  return out;
}

/**
 * Throws QUEUE_UNKNOWN when the scheduler lists queues and `queue` is not a leaf among them.
 * `schedulerInfo` undefined: a scheduler we cannot read (ACLs, FIFO); the RM decides at submission.
 */
export function checkQueue(schedulerInfo: Obj | undefined, queue: string): void {
  if (!schedulerInfo) return;
  const queues = leafQueues(schedulerInfo);
  if (queues.size === 0 || queues.has(queue)) return;
  const names = [...queues].filter((q) => !q.includes(".")).sort();
  const near = closest(queue, names);
  throw new LauncherError(
    "QUEUE_UNKNOWN",
    `queue '${queue}' does not exist on this cluster${near ? ` (did you mean '${near}'?)` : ""}`,
    `Leaf queues: ${names.join(", ")}. Set --queue or queue: in the spec.`,
  );
}
