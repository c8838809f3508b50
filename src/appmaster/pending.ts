// Why containers the AM asked for have not come: per service with outstanding asks, the shape
// asked and the reason as far as the AM can tell from the RM's headroom (the `limit` of every
// allocate answer: what the scheduler would still give this application now, queue and user
// limits applied). Pure, on the model; served in the status report so nothing waits silently.
import type { PendingAsk } from "../control/types.js";
import type { Headroom } from "./backend.js";
import type { AppModel } from "./model.js";

export type { Headroom } from "./backend.js";

export function pendingAsks(model: AppModel, headroom: Headroom | undefined): PendingAsk[] {
  const out: PendingAsk[] = [];
  for (const svc of model.services.values()) {
    const count = model.outstanding(svc);
    if (count === 0) continue;
    const { memoryMiB, vcores } = svc.spec;
    let reason: string;
    if (!headroom) reason = "asked; no answer from the ResourceManager yet";
    else if (headroom.memoryMiB < memoryMiB || headroom.vcores < vcores) {
      reason =
        `the queue has no room: YARN would give this application ${headroom.memoryMiB} MiB and ` +
        `${headroom.vcores} vcores more, one container needs ${memoryMiB} MiB and ${vcores} vcores`;
    } else {
      reason = `asked; the queue has room (${headroom.memoryMiB} MiB, ${headroom.vcores} vcores) and YARN allocates at the next node heartbeat`;
    }
    out.push({ service: svc.name, count, memoryMiB, vcores, reason });
  }
  return out;
}
