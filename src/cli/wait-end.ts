// --wait: poll the RM until the application ends; its final status becomes the exit code
// (SUCCEEDED 0, FAILED 1, KILLED 3). Interruptible and bounded by --timeout.
import { TsdaskError } from "../errors.js";
import type { ApplicationReport, ResourceManagerClient } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import { reportWhileRmRecovers } from "../launcher/index.js";
import { exitCodeForFinalStatus } from "./exit.js";

export async function waitForEnd(
  rm: ResourceManagerClient,
  appId: string,
  options: { deadline: number; signal: AbortSignal; intervalMs?: number; onNotice?: (message: string) => void },
): Promise<{ report: ApplicationReport; exitCode: number }> {
  for (;;) {
    if (options.signal.aborted) throw new TsdaskError("SUBMIT_ABORTED", `waiting for ${appId} was interrupted`);
    // This submit started the application, so an RM that stops answering is restarting: wait it out.
    const report = await reportWhileRmRecovers(rm, appId, {
      signal: options.signal,
      stagingExists: () => Promise.resolve(true),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    });
    if (TERMINAL_STATES.includes(report.state)) {
      // A KILLED app reports final status KILLED; FAILED before the AM unregistered reports FAILED.
      const status = report.state === "KILLED" ? "KILLED" : report.finalStatus;
      return { report, exitCode: exitCodeForFinalStatus(status) };
    }
    if (Date.now() > options.deadline) {
      throw new TsdaskError(
        "SUBMIT_TIMEOUT",
        `${appId} is still ${report.state} at the --timeout`,
        "It is killed now; raise --timeout if the job needs longer.",
      );
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, options.intervalMs ?? 1000);
      function done(): void {
        clearTimeout(t);
        options.signal.removeEventListener("abort", done);
        resolve();
      }
      options.signal.addEventListener("abort", done, { once: true });
    });
  }
}
