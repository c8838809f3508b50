// Waiting for the AM to register, and turning its registration into the control API's URL.
// The AM registers its control server's port as its "RPC port", so the application report's
// amRPCAddress (host:port) is where the control API listens. Before registration the RM reports
// no address, "N/A", or port -1; none of those is a usable address.
import type { ApplicationReport, ResourceManagerClient } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import { LauncherError } from "./errors.js";
import type { Leftover, SubmitListener } from "./events.js";

/**
 * https://host:port (http:// for an application without TLS) from a registered amRPCAddress, or
 * undefined while the AM has not registered.
 */
export function controlUrlOf(report: Pick<ApplicationReport, "amRpcAddress">, tls = false): string | undefined {
  const addr = report.amRpcAddress?.trim();
  if (!addr) return undefined;
  const colon = addr.lastIndexOf(":");
  const name = addr.slice(0, colon);
  const portText = addr.slice(colon + 1);
  const port = Number(portText);
  if (colon < 1 || !/^\d+$/.test(portText) || !(port > 0 && port < 65536) || name === "N/A") return undefined;
  // An IPv6 literal needs brackets in a URL.
  const host = name.includes(":") && !name.startsWith("[") ? `[${name}]` : name;
  return `${tls ? "https" : "http"}://${host}:${port}`;
}

export function isRegistered(report: ApplicationReport): boolean {
  return report.state === "RUNNING" && controlUrlOf(report) !== undefined;
}

export interface RegistrationWait {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly emit?: SubmitListener;
  /** The application uses TLS: the control URL is https. */
  readonly tls?: boolean;
  /**
   * Why the AM died before registering (early-death.ts), asked every few seconds while an attempt
   * may have failed (`final` false: an error only for a failure a retry would repeat) and once when
   * the application ended (`final` true).
   */
  readonly explain?: (report: ApplicationReport, final: boolean) => Promise<Error | undefined>;
}

/** How often failed attempts are looked for while waiting. */
const ATTEMPT_CHECK_MS = 2000;

/** Resolves after `ms`, or at once when `signal` aborts (the caller then checks it). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The error of an interrupted submit; its hint says exactly what the cleanup could not remove. */
export function abortError(appId: string, leftBehind: readonly Leftover[] = []): LauncherError {
  return new LauncherError(
    "SUBMIT_ABORTED",
    `submit of ${appId} was interrupted`,
    leftBehind.length === 0
      ? "Nothing was left behind: no running application, staging directory or partial upload."
      : `Left behind: ${leftBehind.map((l) => `${l.what} ${l.where} (remove with '${l.remedy}')`).join("; ")}.`,
  );
}

/** Polls the application report until the AM registered; throws if it ends first or time runs out. */
export async function waitForRegistration(
  rm: ResourceManagerClient,
  appId: string,
  options: RegistrationWait,
): Promise<{ report: ApplicationReport; controlUrl: string }> {
  const deadline = Date.now() + options.timeoutMs;
  let last: string | undefined;
  let nextAttemptCheck = Date.now() + ATTEMPT_CHECK_MS;
  for (;;) {
    if (options.signal?.aborted) throw abortError(appId);
    const report = await rm.applicationReport(appId);
    if (report.state !== last) {
      last = report.state;
      options.emit?.({ kind: "state", appId, state: report.state });
    }
    const url = isRegistered(report) ? controlUrlOf(report, options.tls) : undefined;
    if (url) return { report, controlUrl: url };
    if (TERMINAL_STATES.includes(report.state)) {
      const explained = await options.explain?.(report, true);
      if (explained) throw explained;
      throw new LauncherError(
        "AM_ENDED_BEFORE_REGISTRATION",
        `${appId} ended ${report.state}/${report.finalStatus} before its ApplicationMaster registered` +
          (report.diagnostics ? `: ${report.diagnostics.trim()}` : ""),
        `Read the AM's logs (appmaster.stderr) from ${report.amContainerLogs ?? report.trackingUrl ?? "the RM UI"}.`,
      );
    }
    if (options.explain && Date.now() >= nextAttemptCheck) {
      nextAttemptCheck = Date.now() + ATTEMPT_CHECK_MS;
      const explained = await options.explain(report, false);
      if (explained) throw explained;
    }
    if (Date.now() >= deadline) {
      throw new LauncherError(
        "AM_REGISTRATION_TIMEOUT",
        `the ApplicationMaster of ${appId} did not register within ${Math.round(options.timeoutMs / 1000)} s ` +
          `(state ${report.state})`,
        report.state === "ACCEPTED"
          ? "The queue may have no room for the AM container; check the scheduler in the RM UI."
          : "Read the AM's logs (appmaster.stderr) in the RM UI.",
      );
    }
    await sleep(Math.min(options.intervalMs ?? 500, Math.max(0, deadline - Date.now())), options.signal);
  }
}
