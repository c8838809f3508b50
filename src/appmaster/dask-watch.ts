// The AM's watch on the dask scheduler (HTTP API on the dashboard address, bearer = app secret):
// every second it asks /api/v1/get_workers when the application has dask workers (the status
// report then counts the workers registered with the scheduler: "ready" means those, not
// containers that merely run), /api/v1/adaptive_target when the worker service is adaptive and
// /api/v1/check_idle when the spec has an idle timeout, and acts through the AM core's callbacks.
// Nothing here needs a Python client to stay connected.
import { DASK_SCHEDULER_API } from "../control/runtime.js";
import type { StatusReport } from "../control/types.js";
import type { AdaptiveSpec, ApplicationSpec } from "../spec/types.js";
import { ADAPTIVE_INTERVAL_MS, AdaptivePolicy } from "./adaptive.js";
import { IdleClock, idleDiagnostics } from "./idle.js";

/** A poll that takes longer than this is given up; the next tick tries again. */
const REQUEST_TIMEOUT_MS = 5_000;

export interface DaskWatchDeps {
  readonly spec: ApplicationSpec;
  readonly secret: string;
  /** The scheduler's dashboard URL once published (KV dask.dashboard), else undefined. */
  dashboard(): string | undefined;
  /** The service's desired instances now. */
  desired(service: string): number;
  /** Set a new desired count: the same path as a control-API scale (graceful retire included). */
  scale(service: string, instances: number): void;
  /** End the application SUCCEEDED with these diagnostics. */
  idle(diagnostics: string): void;
  readonly log: (line: string) => void;
  readonly fetchImpl?: typeof fetch;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export class DaskWatch {
  /** service name → policy; a manual scale removes the entry (adaptive off, as in dask-yarn). */
  private readonly adaptive = new Map<string, AdaptivePolicy>();
  private readonly idleClock?: IdleClock;
  private timer?: NodeJS.Timeout;
  private busy = false;
  /** start() was called (the AM runs): adapt() may start the timer itself. */
  private started = false;
  private lastError = "";
  /** The application has a dask.worker service: count its workers as the scheduler sees them. */
  private readonly hasWorkers: boolean;
  /** Workers registered with the scheduler at the last successful poll. */
  private registered?: number;

  constructor(private readonly d: DaskWatchDeps) {
    for (const [name, s] of Object.entries(d.spec.services)) {
      if (s.role === "dask.worker" && s.adaptive) this.adaptive.set(name, new AdaptivePolicy(s.adaptive));
    }
    this.hasWorkers = Object.values(d.spec.services).some((s) => s.role === "dask.worker");
    if (d.spec.idleTimeoutSeconds) this.idleClock = new IdleClock(d.spec.idleTimeoutSeconds * 1_000);
  }

  /** Anything to watch at all? (Plain-service applications never poll.) */
  get active(): boolean {
    return this.hasWorkers || this.adaptive.size > 0 || this.idleClock !== undefined;
  }

  isAdaptive(service: string): boolean {
    return this.adaptive.has(service);
  }

  start(): void {
    this.started = true;
    if (!this.active || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.d.intervalMs ?? ADAPTIVE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** adapt() through the control API: (re)start adaptive scaling with these limits. */
  adapt(service: string, limits: AdaptiveSpec): void {
    this.adaptive.set(service, new AdaptivePolicy({ minimum: limits.minimum, maximum: limits.maximum }));
    this.d.log(`adaptive scaling of ${service} between ${limits.minimum} and ${limits.maximum}`);
    if (this.started) this.start();
  }

  /** A scale through the control API: the user took over this service's count. */
  manualScale(service: string): void {
    if (this.adaptive.delete(service)) this.d.log(`adaptive scaling of ${service} turned off by a manual scale`);
  }

  /** The status report with each service's adaptive limits while adaptive is on. */
  annotate(report: StatusReport): StatusReport {
    const out =
      this.registered === undefined ? report : { ...report, dask: { ...report.dask, workers: this.registered } };
    if (this.adaptive.size === 0) return out;
    const services = out.services.map((s) => {
      const p = this.adaptive.get(s.name);
      return p ? { ...s, adaptive: { ...p.limits } } : s;
    });
    return { ...out, services };
  }

  /** One round of polls (exported for tests; the timer calls it). Overlapping rounds are skipped. */
  async tick(): Promise<void> {
    const dashboard = this.d.dashboard();
    if (this.busy || !this.timer || !dashboard) return;
    this.busy = true;
    try {
      if (this.hasWorkers) {
        const body = await this.get(dashboard, DASK_SCHEDULER_API.getWorkers);
        if (!this.timer) return;
        if (typeof body?.num_workers === "number") this.registered = body.num_workers;
      }
      for (const [service, policy] of this.adaptive) {
        const body = await this.get(dashboard, DASK_SCHEDULER_API.adaptiveTarget);
        if (!this.timer || !this.adaptive.has(service)) return; // stopped or taken over meanwhile
        if (!body) continue;
        const desired = this.d.desired(service);
        const next = policy.decide(body.workers, desired);
        if (next !== undefined) {
          this.d.log(`adaptive: ${service} ${desired} -> ${next} (scheduler target ${String(body.workers)})`);
          this.d.scale(service, next);
        }
      }
      if (this.idleClock) {
        const body = await this.get(dashboard, DASK_SCHEDULER_API.checkIdle);
        if (!this.timer) return;
        if (!body) return this.idleClock.unknown();
        const v = this.idleClock.observe(body.idle_since, (this.d.now ?? Date.now)());
        if (v.kind === "expired") {
          this.stop();
          this.d.idle(idleDiagnostics(this.d.spec.idleTimeoutSeconds!));
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** GET a scheduler API route; undefined (logged once per distinct error) when it fails. */
  private async get(dashboard: string, route: string): Promise<Record<string, unknown> | undefined> {
    const f = this.d.fetchImpl ?? fetch;
    try {
      const r = await f(`${dashboard.replace(/\/+$/, "")}${route}`, {
        headers: { Authorization: `Bearer ${this.d.secret}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const body = await r.json();
      if (body === null || typeof body !== "object") throw new Error("the answer is not a JSON object");
      this.lastError = "";
      return body as Record<string, unknown>;
    } catch (err) {
      const msg = `dask scheduler ${route}: ${(err as Error).message}`;
      if (msg !== this.lastError) this.d.log(msg);
      this.lastError = msg;
      return undefined;
    }
  }
}
