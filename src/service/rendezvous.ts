// The dask rendezvous through the AM's key-value store. The AM can be briefly out of reach (busy,
// or restarting as a new attempt), so network-level failures are retried for a while; a wrong
// secret or a refused request is not something waiting fixes.
import { ControlError, type ControlClient, MAX_KV_WAIT_MS } from "../control/index.js";
import { ServiceError } from "./errors.js";

export interface RetryPolicy {
  /** Give up after failing continuously for this long. */
  readonly giveUpAfterMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { giveUpAfterMs: 10 * 60_000, firstDelayMs: 500, maxDelayMs: 10_000 };

const TRANSIENT = new Set(["CONTROL_UNREACHABLE", "CONTROL_TIMEOUT", "CONTROL_SERVER_ERROR"]);

export function isTransient(err: unknown): boolean {
  return err instanceof ControlError && TRANSIENT.has(err.code);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function withRetry<T>(
  what: string,
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  log: (line: string) => void,
): Promise<T> {
  let failingSince: number | undefined;
  let delay = policy.firstDelayMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!isTransient(err)) {
        const e = err as Error;
        const hint = err instanceof ControlError ? err.hint : undefined;
        throw new ServiceError("SERVICE_RENDEZVOUS", `${what}: ${e.message}`, hint, { cause: err });
      }
      failingSince ??= Date.now();
      if (Date.now() - failingSince >= policy.giveUpAfterMs) {
        throw new ServiceError(
          "SERVICE_RENDEZVOUS",
          `${what}: the ApplicationMaster has not answered for ${Math.round(policy.giveUpAfterMs / 1000)} s: ${(err as Error).message}`,
          "Check the application with 'tsdask-yarn status'; the AM's own log says why it is gone.",
          { cause: err },
        );
      }
      log(`tsdask-yarn service: ${what}: ${(err as Error).message}; retrying in ${delay} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}

/**
 * The value of `key`, however long it takes to appear: one server long-poll at a time (each at
 * most MAX_KV_WAIT_MS), so the scheduler may take minutes to get a container.
 */
export async function waitForKey(
  client: ControlClient,
  key: string,
  log: (line: string) => void,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<string> {
  log(`tsdask-yarn service: waiting for '${key}' from the ApplicationMaster`);
  for (;;) {
    try {
      return await withRetry(`waiting for '${key}'`, () => client.kvWait(key, MAX_KV_WAIT_MS), policy, log);
    } catch (err) {
      // Only a long-poll that ran out without a value: simply poll again.
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof ControlError && cause.code === "CONTROL_KV_WAIT_TIMEOUT") continue;
      throw err;
    }
  }
}

export function publishKey(
  client: ControlClient,
  key: string,
  value: string,
  log: (line: string) => void,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<void> {
  return withRetry(`publishing '${key}'`, () => client.kvPut(key, value), policy, log);
}
