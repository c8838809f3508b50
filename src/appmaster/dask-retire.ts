// Graceful scale-down of dask workers through the scheduler's HTTP API: the scheduler moves the
// workers' data to the remaining workers before they close, so a persisted dataset survives.
// distributed 2026.8 (distributed/http/scheduler/api.py): GET /api/v1/get_workers answers
// {workers: [{name, address}]}; POST /api/v1/retire_workers takes {"workers": [addresses]} (addresses,
// not names) and answers, once the data has moved, with {address: info} for the workers it retired;
// a worker whose data had nowhere to go (no recipients) is left out of that answer. The service wrapper guards these routes with the
// app secret as a bearer token (DASK_SCHEDULER_API in control/runtime.ts).
import { DASK_SCHEDULER_API } from "../control/runtime.js";

/** Retiring moves data; give it time, but do not hold a scale-down forever. */
export const RETIRE_TIMEOUT_MS = 120_000;

export interface RetireResult {
  /** Names the scheduler retired: their data moved to the remaining workers. */
  readonly retired: readonly string[];
  /** Names it was asked to retire but left out of its answer: their data did not move. */
  readonly notRetired: readonly string[];
  /** Names it did not know (a worker not connected yet): nothing to move, stop them directly. */
  readonly unknown: readonly string[];
}

type Fetch = typeof fetch;

export async function retireDaskWorkers(
  dashboardUrl: string,
  apiKey: string,
  names: readonly string[],
  fetchImpl: Fetch = fetch,
): Promise<RetireResult> {
  const base = dashboardUrl.replace(/\/+$/, "");
  const headers = { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" };
  const list = await fetchImpl(`${base}${DASK_SCHEDULER_API.getWorkers}`, {
    headers,
    signal: AbortSignal.timeout(10_000),
  });
  if (!list.ok) throw new Error(`dask scheduler: get_workers answered HTTP ${list.status}`);
  const body = (await list.json()) as { workers?: { name?: unknown; address?: unknown }[] };
  const byName = new Map<string, string>();
  for (const w of body.workers ?? []) {
    if (typeof w.address === "string") byName.set(String(w.name), w.address);
  }
  const asked = names.filter((n) => byName.has(n));
  const unknown = names.filter((n) => !byName.has(n));
  if (asked.length === 0) return { retired: [], notRetired: [], unknown };
  const r = await fetchImpl(`${base}${DASK_SCHEDULER_API.retireWorkers}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ workers: asked.map((n) => byName.get(n)) }),
    signal: AbortSignal.timeout(RETIRE_TIMEOUT_MS),
  });
  if (!r.ok) throw new Error(`dask scheduler: retire_workers answered HTTP ${r.status}`);
  // A 200 is not a success by itself: only the addresses in the answer had their data moved.
  const done = (await r.json().catch(() => ({}))) as Record<string, unknown>;
  const retired = asked.filter((n) => Object.hasOwn(done ?? {}, byName.get(n)!));
  const notRetired = asked.filter((n) => !retired.includes(n));
  return { retired, notRetired, unknown };
}
