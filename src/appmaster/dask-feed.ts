// The AM's cache of the scheduler's summary for the tracking page's dask section (dask.json).
// Asked on demand: a page polls every few seconds, so the scheduler is asked at most once per
// `ttlMs` however many browsers watch, and not at all when none does — except once when the
// dashboard is first published, which starts the scheduler's task-stream record (dask_summary.py).
// Memory is bounded: one summary, capped by parseDaskSummary, from a body of at most MAX_BODY bytes.
import { DASK_SCHEDULER_API } from "../control/runtime.js";
import { parseDaskSummary, type DaskSummary } from "./dask-summary.js";

const REQUEST_TIMEOUT_MS = 5_000;
/** A capped summary is well under this; a bigger body is not a summary of ours. */
const MAX_BODY = 2 * 1024 * 1024;

export type DaskPageData =
  | { readonly state: "ok"; readonly fetchedAt: number; readonly summary: DaskSummary }
  /** No scheduler yet, or it did not answer: the page says why and keeps polling. */
  | { readonly state: "unavailable"; readonly fetchedAt: number; readonly reason: string };

export interface DaskFeedDeps {
  /** The scheduler's dashboard URL once published (KV dask.dashboard). */
  dashboard(): string | undefined;
  readonly secret: string;
  readonly log: (line: string) => void;
  readonly fetchImpl?: typeof fetch;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export class DaskFeed {
  private cached?: DaskPageData;
  private inflight?: Promise<DaskPageData>;
  private primedFor?: string;
  private lastError = "";

  constructor(private readonly d: DaskFeedDeps) {}

  /** Called when the key-value store changes: one early ask once a (new) dashboard is published. */
  prime(): void {
    const dashboard = this.d.dashboard();
    if (!dashboard || dashboard === this.primedFor) return;
    this.primedFor = dashboard;
    void this.get();
  }

  /** The summary at most `ttlMs` old; concurrent callers share one request. */
  get(): Promise<DaskPageData> {
    const now = (this.d.now ?? Date.now)();
    if (this.cached && now - this.cached.fetchedAt < (this.d.ttlMs ?? 1_000)) return Promise.resolve(this.cached);
    this.inflight ??= this.fetchSummary(now).then((data) => {
      this.cached = data;
      this.inflight = undefined;
      return data;
    });
    return this.inflight;
  }

  private async fetchSummary(now: number): Promise<DaskPageData> {
    const dashboard = this.d.dashboard();
    if (!dashboard) return { state: "unavailable", fetchedAt: now, reason: "the dask scheduler has not started yet" };
    const url = `${dashboard.replace(/\/+$/, "")}${DASK_SCHEDULER_API.summary}`;
    try {
      const r = await (this.d.fetchImpl ?? fetch)(url, {
        headers: { Authorization: `Bearer ${this.d.secret}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const summary = parseDaskSummary(JSON.parse(await boundedText(r, MAX_BODY)));
      this.lastError = "";
      return { state: "ok", fetchedAt: now, summary };
    } catch (err) {
      const reason = `the dask scheduler's summary (${DASK_SCHEDULER_API.summary}) failed: ${(err as Error).message}`;
      if (reason !== this.lastError) this.d.log(reason);
      this.lastError = reason;
      return { state: "unavailable", fetchedAt: now, reason };
    }
  }
}

/** The body as text, refused past `limit` bytes without reading the rest. */
async function boundedText(r: Response, limit: number): Promise<string> {
  if (!r.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of r.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new Error(`the answer is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
