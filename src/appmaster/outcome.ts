// When the application is over, and with which final status: a dask.client script that ended, a
// service out of restarts (unless it allows failures), or every service done. Pure, on the model.
import { scriptEndedText, scriptNotStartedText } from "../control/script-exit.js";
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

/**
 * The end of a dask.client container. `started`: its wrapper said it started the script. A
 * non-negative exit status of a started script is the script's own exit code (the wrapper exits
 * with it); a negative one is YARN's (memory kill, lost node): the script did not end by itself.
 */
function clientOutcome(event: CompletionEvent, started: boolean): Outcome {
  const status = event.completion.state === "SUCCEEDED" ? "SUCCEEDED" : "FAILED";
  const exit = event.record.exitStatus ?? -1;
  if (!started) return { status, diagnostics: scriptNotStartedText(event.completion.reason) };
  if (exit >= 0) return { status, diagnostics: `${scriptEndedText(exit)} (${event.completion.reason})` };
  return { status, diagnostics: `the dask.client script failed: ${event.completion.reason}` };
}

/**
 * Decides after a completion (or with no event, after a scale): undefined = keep running.
 * `clientStarted(containerId)`: whether that client container's wrapper started the script.
 */
export function outcomeOf(
  model: AppModel,
  event?: CompletionEvent,
  clientStarted: (containerId: string) => boolean = () => true,
): Outcome | undefined {
  if (event && !event.record.stopping && !event.restarted) {
    const svc = model.service(event.record.service);
    // The user's script is the application: its exit code is the final status (as dask-yarn does).
    if (svc.spec.role === "dask.client") {
      return clientOutcome(event, clientStarted(event.record.containerId ?? ""));
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
