// When the application is over, and with which final status: a dask.client script that ended, a
// service out of restarts (unless it allows failures), or every service done. Pure, on the model.
import { scriptEndedText, scriptNotStartedText } from "../control/script-exit.js";
import type { FinalStatus } from "../control/types.js";
import { mib } from "./exit-status.js";
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
  if (event && !event.stopped && !event.restarted) {
    const svc = model.service(event.record.service);
    // The user's script is the application: its exit code is the final status (as dask-yarn does).
    if (svc.spec.role === "dask.client") {
      return clientOutcome(event, clientStarted(event.record.containerId ?? ""));
    }
    // Without its scheduler a dask cluster is gone (workers exit 0 after it, their data lost): that
    // is a failure whatever the exit code, never "all services completed".
    if (svc.spec.role === "dask.scheduler") {
      return {
        status: "FAILED",
        diagnostics: `the dask scheduler ${event.record.instanceId} ended (${event.completion.reason}); the dask cluster is gone`,
      };
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
  if (model.allDone() && !schedulerElsewhere(model)) {
    const tolerated = [...model.services.values()]
      .filter((s) => s.records.some((r) => r.state === "FAILED"))
      .map((s) => `'${s.name}'`);
    const note = tolerated.length ? `; failures tolerated in ${tolerated.join(", ")} (allow-failures)` : "";
    return { status: "SUCCEEDED", diagnostics: `all services completed${note}` };
  }
  return undefined;
}

/**
 * deploy-mode local: dask workers without a scheduler service (it runs in the submitting Python
 * process). Scaled to zero such a cluster is idle, not finished, as a remote one with its
 * scheduler container would be: it ends by shutdown, kill or the idle timeout.
 */
function schedulerElsewhere(model: AppModel): boolean {
  const roles = new Set([...model.services.values()].map((s) => s.spec.role));
  return roles.has("dask.worker") && !roles.has("dask.scheduler");
}

function containers(n: number): string {
  return n === 1 ? "1 container was" : `${n} containers were`;
}

/**
 * What the cluster took away during the application's life, e.g. "4 dask.worker containers were
 * killed for exceeding 512 MiB": the final diagnostics otherwise only show the last symptom.
 */
export function lossesNote(model: AppModel): string {
  const parts: string[] = [];
  for (const svc of model.services.values()) {
    const { memory, preempted, node } = svc.losses;
    const of = (n: number) => containers(n).replace("container", `${svc.name} container`);
    if (memory) parts.push(`${of(memory)} killed for exceeding ${mib(svc.spec.memoryMiB)}`);
    if (preempted) parts.push(`${of(preempted)} preempted`);
    if (node) parts.push(`${of(node)} lost with ${node === 1 ? "its node" : "their nodes"}`);
  }
  return parts.join("; ");
}
