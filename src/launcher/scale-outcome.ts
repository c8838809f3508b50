// A scale sent to an AM that restarts or dies around it. Three cases, told apart by how the request
// failed:
// - not sent (the connection was refused, or the AM refused it as not ready): no AM attempt has it;
//   wait, bounded, for the next attempt and send it there;
// - outcome unknown (the connection broke after the request went out: "socket hang up", a reset, no
//   answer in time): the AM may have applied and journaled it before dying. Ask the AM that answers
//   now; if its count is the one asked for, the scale is done, else send it again (setting a count
//   is idempotent);
// - anything else (a refusal, an ended application) is the answer.
import type { ControlClient, ScaleResponse } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import { LauncherError } from "./errors.js";
import { sleep } from "./registration.js";

export const DEFAULT_AM_RESTART_WAIT_MS = 60_000;

/** What came of a scale: the AM's answer, or (after a lost answer) its count as its status says. */
export interface ScaleResult {
  readonly service: string;
  readonly desired: number;
  /** The count before; unknown when the scale was confirmed from the AM's status. */
  readonly previous?: number;
  /** Set when the AM's answer was lost and its status confirmed the count. */
  readonly confirmedByStatus?: true;
}

export interface ScaleOutcomeOptions {
  /** How long to wait for an AM attempt that answers (default 60 s). */
  readonly waitMs?: number;
  readonly onNotice?: (message: string) => void;
}

const NOT_SENT = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND"]);

/** "not-sent", "unknown", or undefined when the error is the answer. */
export function scaleFailure(err: unknown): "not-sent" | "unknown" | undefined {
  if (!(err instanceof TsdaskError)) return undefined;
  if (err.code === "CONTROL_TIMEOUT") return "unknown";
  if (err.code === "CONTROL_UNREACHABLE") {
    const code = (err.cause as { code?: string } | undefined)?.code;
    return code && NOT_SENT.has(code) ? "not-sent" : "unknown";
  }
  // A new attempt still reading its journal refuses scales (AM_NOT_READY) without changing anything.
  if (err.code === "CONTROL_CONFLICT" && /still registering or recovering/.test(err.message)) return "not-sent";
  return undefined;
}

/**
 * Sends the scale through `client`; when the AM's answer is missing, resolves the outcome with the
 * AM that answers through `reconnect()` (the next attempt's after a restart), within `waitMs`.
 */
export async function scaleResolved(
  client: ControlClient,
  reconnect: () => Promise<ControlClient>,
  service: string,
  instances: number,
  options: ScaleOutcomeOptions = {},
): Promise<ScaleResult> {
  const waitMs = options.waitMs ?? DEFAULT_AM_RESTART_WAIT_MS;
  const deadline = Date.now() + waitMs;
  let current = client;
  for (;;) {
    let failure: "not-sent" | "unknown" | undefined;
    try {
      const r: ScaleResponse = await current.scale(service, instances);
      return r;
    } catch (err) {
      failure = scaleFailure(err);
      if (!failure) throw err;
      options.onNotice?.(
        failure === "unknown"
          ? `the ApplicationMaster's answer to the scale was lost (${(err as Error).message}); it may have applied it: asking it`
          : `the ApplicationMaster did not take the scale (${(err as Error).message}); waiting up to ${Math.round(waitMs / 1000)} s for an attempt that does`,
      );
    }
    current = await answering(reconnect, deadline, service, instances, failure);
    if (failure === "unknown") {
      const s = (await current.status()).services.find((x) => x.name === service);
      if (s?.desiredInstances === instances) return { service, desired: instances, confirmedByStatus: true };
    }
  }
}

/**
 * The application's AM for a scale; during an AM restart (the RM reports no AM yet, or the old
 * attempt's address refuses) it waits, bounded, for the next attempt.
 */
export async function amForScale(
  reconnect: () => Promise<ControlClient>,
  service: string,
  instances: number,
  options: ScaleOutcomeOptions = {},
): Promise<ControlClient> {
  try {
    return await reconnect();
  } catch (err) {
    if (!retryable(err)) throw err;
    const waitMs = options.waitMs ?? DEFAULT_AM_RESTART_WAIT_MS;
    options.onNotice?.(
      `no ApplicationMaster to take the scale now (${(err as Error).message}); waiting up to ${Math.round(waitMs / 1000)} s for the next attempt`,
    );
    return answering(reconnect, Date.now() + waitMs, service, instances, "not-sent");
  }
}

/** A restarting AM, not an answer: the application is not registered yet, or not listening yet. */
function retryable(err: unknown): boolean {
  if (!(err instanceof TsdaskError) || !RETRYABLE.has(err.code)) return false;
  return !(err.code === "APP_NOT_RUNNING" && /has ended/.test(err.message));
}

/** The AM that answers a status request now, retried until the deadline. */
async function answering(
  reconnect: () => Promise<ControlClient>,
  deadline: number,
  service: string,
  instances: number,
  failure: "not-sent" | "unknown",
): Promise<ControlClient> {
  let last: unknown;
  for (let delay = 250; Date.now() < deadline; delay = Math.min(delay * 2, 2_000)) {
    try {
      const c = await reconnect();
      await c.status();
      return c;
    } catch (err) {
      // An ended application or a refused secret will not change by waiting.
      if (!retryable(err)) throw err;
      last = err;
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
  throw new LauncherError(
    "SCALE_OUTCOME_UNKNOWN",
    failure === "unknown"
      ? `no ApplicationMaster answered after the scale of ${service} to ${instances} lost its answer: whether it was applied is unknown (${(last as Error | undefined)?.message ?? "no answer"})`
      : `no ApplicationMaster took the scale of ${service} to ${instances} in time (${(last as Error | undefined)?.message ?? "no answer"})`,
    "Check with 'tsdask-yarn status APP_ID' and scale again if needed (setting a count twice is harmless).",
  );
}

/** What a restarting AM looks like from outside: not registered yet, or not listening yet. */
const RETRYABLE: ReadonlySet<string> = new Set([
  "APP_NOT_RUNNING",
  "CONTROL_UNREACHABLE",
  "CONTROL_TIMEOUT",
  "CONTROL_CONFLICT",
  "RM_UNREACHABLE",
  "RM_RECOVERING",
]);
