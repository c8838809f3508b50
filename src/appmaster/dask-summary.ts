// The dask section of the tracking page as data: what the scheduler's summary route
// (src/service/dask_summary.py, GET /api/v1/tsdask/summary) answers, checked and capped here before
// the AM caches it and serves it to browsers as dask.json. The scheduler runs the user's code (a
// custom scheduler class, a plugin), so nothing in its answer is trusted: wrong types are dropped,
// strings and lists are cut to size. Pure: no I/O.

export interface DaskWorkerRow {
  readonly name: string;
  readonly address: string;
  readonly host: string;
  readonly nthreads: number;
  /** Bytes; null when the worker has no limit. */
  readonly memoryLimit: number | null;
  /** Process memory in bytes (the worker's last heartbeat). */
  readonly memory: number | null;
  /** CPU percent (100 = one core busy). */
  readonly cpu: number | null;
  readonly processing: number;
  readonly inMemory: number;
  readonly status: string;
}

export interface DaskPrefixRow {
  readonly name: string;
  readonly states: Readonly<Record<string, number>>;
}

export interface DaskComputation {
  /** Epoch seconds on the scheduler's clock. */
  readonly start: number | null;
  readonly running: boolean;
  readonly prefixes: readonly string[];
  readonly states: Readonly<Record<string, number>>;
}

export interface DaskStreamRow {
  readonly prefix: string;
  readonly worker: string;
  readonly action: string;
  readonly start: number;
  readonly stop: number;
}

export interface DaskSummary {
  /** The scheduler's clock when it answered (epoch seconds): the task stream is drawn against it. */
  readonly time: number;
  readonly workersTotal: number;
  readonly workers: readonly DaskWorkerRow[];
  readonly tasks: { readonly total: number; readonly byState: Readonly<Record<string, number>> };
  readonly prefixes: readonly DaskPrefixRow[];
  readonly computations: readonly DaskComputation[];
  readonly taskStream: readonly DaskStreamRow[];
}

/** The same caps as the scheduler's module: a different scheduler's answer cannot grow the AM. */
export const SUMMARY_LIMITS = { workers: 200, prefixes: 30, computations: 5, stream: 300, text: 200 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
/** The object items of a list, the first `max` of them (the last, newest, for history lists). */
function objects(v: unknown, max: number, newest = false): Obj[] {
  const all = Array.isArray(v) ? v.filter(isObj) : [];
  return newest ? all.slice(-max) : all.slice(0, max);
}
const text = (v: unknown): string => (typeof v === "string" ? v.slice(0, SUMMARY_LIMITS.text) : "");
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const count = (v: unknown): number => Math.max(0, Math.floor(num(v) ?? 0));

/** {state: count} with string keys and whole non-negative counts; at most 20 states. */
function states(v: unknown): Record<string, number> {
  if (!isObj(v)) return {};
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v).slice(0, 20)) if (count(n) > 0) out[k.slice(0, 40)] = count(n);
  return out;
}

function worker(w: Obj): DaskWorkerRow {
  return {
    name: text(w.name),
    address: text(w.address),
    host: text(w.host),
    nthreads: count(w.nthreads),
    memoryLimit: num(w.memoryLimit),
    memory: num(w.memory),
    cpu: num(w.cpu),
    processing: count(w.processing),
    inMemory: count(w.inMemory),
    status: text(w.status),
  };
}

function stream(r: Obj): DaskStreamRow | undefined {
  const start = num(r.start);
  const stop = num(r.stop);
  if (start === null || stop === null) return undefined;
  return { prefix: text(r.prefix), worker: text(r.worker), action: text(r.action), start, stop };
}

/** The scheduler's answer as a DaskSummary; throws when it is not a summary at all. */
export function parseDaskSummary(body: unknown): DaskSummary {
  const time = isObj(body) ? num(body.time) : null;
  if (!isObj(body) || time === null || !Array.isArray(body.workers)) {
    throw new Error("the scheduler's summary is not an object with time and workers");
  }
  const tasks = isObj(body.tasks) ? body.tasks : {};
  return {
    time,
    workersTotal: count(body.workersTotal),
    workers: objects(body.workers, SUMMARY_LIMITS.workers).map(worker),
    tasks: { total: count(tasks.total), byState: states(tasks.byState) },
    prefixes: objects(body.prefixes, SUMMARY_LIMITS.prefixes).map((p) => ({
      name: text(p.name),
      states: states(p.states),
    })),
    computations: objects(body.computations, SUMMARY_LIMITS.computations, true).map((c) => ({
      start: num(c.start),
      running: c.running === true,
      prefixes: (Array.isArray(c.prefixes) ? c.prefixes.slice(0, 8) : []).map(text),
      states: states(c.states),
    })),
    taskStream: objects(body.taskStream, SUMMARY_LIMITS.stream, true)
      .map(stream)
      .filter((r): r is DaskStreamRow => r !== undefined),
  };
}
