// When the application is over, and with which final status: a dask.client script that ended, a
// service out of restarts (unless it allows failures), or every service done. Pure, on the model.
import type { FinalStatus } from "../control/types.js";
import type { AppModel, CompletionEvent, ServiceState } from "./model.js";

export interface Outcome {
  readonly status: FinalStatus;
  readonly diagnostics: string;
}

function restartsText(svc: ServiceState): string {
  const max = svc.spec.restarts === -1 ? "unlimited" : String(svc.spec.restarts);
  return `restarts used: ${svc.restartsUsed} of ${max}`;
}

/** Decides after a completion (or with no event, after a scale): undefined = keep running. */
export function outcomeOf(model: AppModel, event?: CompletionEvent): Outcome | undefined {
  if (event && !event.record.stopping && !event.restarted) {
    const svc = model.service(event.record.service);
    // The user's script is the application: its exit code is the final status (as dask-yarn does).
    if (svc.spec.role === "dask.client") {
      return event.completion.state === "SUCCEEDED"
        ? { status: "SUCCEEDED", diagnostics: `the dask.client script ${event.completion.reason}` }
        : { status: "FAILED", diagnostics: `the dask.client script failed: ${event.completion.reason}` };
    }
  }
  for (const svc of model.services.values()) {
    if (svc.failure) {
      return {
        status: "FAILED",
        diagnostics: `service '${svc.name}' failed: ${svc.failure} (${restartsText(svc)})`,
      };
    }
  }
  if (model.allDone()) {
    const tolerated = [...model.services.values()]
      .filter((s) => s.records.some((r) => r.state === "FAILED"))
      .map((s) => `'${s.name}'`);
    const note = tolerated.length ? `; failures tolerated in ${tolerated.join(", ")} (allow-failures)` : "";
    return { status: "SUCCEEDED", diagnostics: `all services completed${note}` };
  }
  return undefined;
}
