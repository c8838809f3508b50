// The AM core: the loop that ties the model to the ContainerBackend (sync wants, match slots,
// launch, apply completions), the control handlers, and the way out (stop slots, delete the
// staging dir, finish). Every path ends in finish() unless the backend says the attempt is gone.
// Nothing here knows which backend runs the containers.
import { TsdaskError } from "../errors.js";
import { DASK_KV } from "../control/runtime.js";
import { LoopLatency } from "./loop-latency.js";
import { ProcessStats } from "./process-stats.js";
import type { AllocateLoopStats, AmState, ApplicationInfo, StatusReport } from "../control/types.js";
import { controlHandlers } from "./am-control.js";
import { AttemptGoneError, type AmEndpoint, type Headroom } from "./backend.js";
import type { ControlHandlers } from "./control/index.js";
import { DaskFeed } from "./dask-feed.js";
import { DaskWatch } from "./dask-watch.js";
import { DEFAULT_TIMING, type AmTiming, type AppMasterDeps } from "./deps.js";
import { DebouncedWriter, journalOf } from "./journal.js";
import { AppModel, type InstanceRecord } from "./model.js";
import { lossesNote, outcomeOf, type Outcome } from "./outcome.js";
import { pendingAsks } from "./pending.js";
import { recover } from "./recovery.js";
import { LaunchResources } from "./resources.js";
import { heldMb, QueueCeiling } from "./scale-limits.js";
import { statusReport } from "./status.js";
import { SlotEvents } from "./slot-events.js";
import { retireAndStop } from "./stop-containers.js";
import { deferred, settledWithin, within, Waker } from "./waker.js";
import { progressOf, unknownResourceTypes, wantsOf } from "./wants.js";

export class AppMaster {
  readonly model: AppModel;
  readonly handlers: ControlHandlers;
  private state: AmState = "STARTING";
  private outcome?: Outcome;
  private headroom?: Headroom;
  private readonly loopLatency = new LoopLatency();
  private readonly processStats = new ProcessStats();
  private resources?: LaunchResources;
  private readonly timing: AmTiming;
  private readonly waker = new Waker();
  private readonly inflight = new Set<Promise<void>>();
  private readonly journal: DebouncedWriter;
  private readonly startTime = Date.now();
  private trackingUrl?: string;
  private readonly slots: SlotEvents;
  /** Adaptive scaling and the idle timeout, both driven by the dask scheduler's HTTP API. */
  private readonly dask: DaskWatch;
  private readonly ceiling = new QueueCeiling();
  /** Resolved when the AM runs (or stops): scale requests that came earlier wait for it. */
  private readonly running = deferred();

  constructor(private readonly d: AppMasterDeps) {
    this.timing = { ...DEFAULT_TIMING, ...d.timing };
    this.model = new AppModel(d.spec);
    this.dask = new DaskWatch({
      spec: d.spec,
      secret: d.secret,
      dashboard: () => d.kv.get(DASK_KV.dashboard),
      desired: (service) => this.model.service(service).desired,
      scale: (service, instances) => this.setDesired(service, instances),
      idle: (diagnostics) => this.end({ status: "SUCCEEDED", diagnostics }),
      log: d.log,
    });
    this.journal = new DebouncedWriter(
      () => this.writeJournal(),
      this.timing.journalDelayMs,
      (err) => d.log(`journal write failed: ${(err as Error).message}`),
    );
    d.kv.onChange(() => this.journal.changed());
    this.slots = new SlotEvents({
      model: this.model,
      backend: d.backend,
      kv: d.kv,
      log: d.log,
      resources: () => this.resources!,
      ended: () => this.outcome !== undefined,
      end: (outcome) => this.end(outcome),
      changed: () => this.changed(),
      track: (p) => this.track(p),
    });
    this.handlers = controlHandlers({
      spec: d.spec,
      model: this.model,
      ceiling: this.ceiling,
      log: d.log,
      stopping: () => this.state === "STOPPING",
      whenRunning: () => within(this.running.promise, this.timing.readyWaitMs),
      status: () => this.status(),
      setDesired: (service, n) => this.setDesired(service, n),
      journalSync: () => this.journal.sync(),
      manualScale: (service) => this.dask.manualScale(service),
      adapt: (service, limits) => this.dask.adapt(service, limits),
      end: (outcome) => this.end(outcome),
      ...(d.tokens ? { tokens: d.tokens } : {}),
    });
    // The tracking page's dask section, for applications whose scheduler runs in a container of ours.
    if (Object.values(d.spec.services).some((s) => s.role === "dask.scheduler")) {
      const feed = new DaskFeed({ dashboard: () => d.kv.get(DASK_KV.dashboard), secret: d.secret, log: d.log });
      d.kv.onChange(() => feed.prime());
      this.handlers = { ...this.handlers, daskSummary: () => feed.get() };
    }
  }

  status(): StatusReport {
    const c = this.d.identity;
    const application: ApplicationInfo = {
      id: c.appId,
      name: this.d.spec.name,
      ...(c.user ? { user: c.user } : {}),
      queue: this.d.spec.queue,
      attempt: c.attempt,
      state: this.state,
      startTime: this.startTime,
      ...(this.trackingUrl ? { trackingUrl: this.trackingUrl } : {}),
      amMemoryRssBytes: process.memoryUsage.rss(),
      runtime: {
        version: process.version,
        platform: `${process.platform}-${process.arch}`,
        execPath: process.execPath,
        ...(this.d.spec.runtimeInfo ? { chosen: this.d.spec.runtimeInfo } : {}),
      },
      ...optionalLoop(this.loopLatency.stats()),
      process: this.processStats.stats(),
    };
    const pending = pendingAsks(this.model, this.headroom);
    const credentials = this.d.tokens?.status();
    const base = statusReport(this.model, application, this.d.kv, c.user, Date.now());
    const report = credentials ? { ...base, credentials } : base;
    return this.dask.annotate(pending.length ? { ...report, pending } : report);
  }

  /** Runs the application to its end; resolves with the process exit code. */
  async run(control: { host: string; port: number; url: string; pageUrl?: string }): Promise<number> {
    const { identity: c, backend } = this.d;
    // The page's own (plain HTTP) listener when the API is https: the RM proxy can fetch it.
    this.trackingUrl = `${control.pageUrl ?? control.url}/`;
    const endpoint: AmEndpoint = { host: control.host, port: control.port, trackingUrl: this.trackingUrl };
    this.resources = new LaunchResources(this.d.fs, c, this.model, control.url, this.d.spec.tls, this.d.spec.logs);
    try {
      const reg = await backend.register(endpoint);
      const via = reg.connection ? `, ${reg.connection}` : "";
      this.d.log(`registered ${c.attemptIdText} at ${control.url} (queue ${reg.queue}${via})`);
      const unknownType = unknownResourceTypes(this.model.services.values(), reg.resourceTypes);
      if (unknownType) this.end({ status: "FAILED", diagnostics: unknownType });
      if (c.attempt > 1) {
        this.state = "RECOVERING";
        const r = await recover(this.d.fs, c, this.model, this.d.kv, reg.previous);
        for (const id of r.release) backend.release(id);
        this.slots.unclaimed = r.unclaimed;
        this.d.log(`recovered: ${r.adopted} containers adopted, ${r.lost} lost, ${r.release.length} released`);
      }
      this.state = "RUNNING";
      this.running.resolve();
      // Journal writes wait for RUNNING: before it the model is not yet the recovered one.
      this.journal.changed();
      this.dask.start();
      this.d.tokens?.start();
      await this.loop();
    } catch (err) {
      if (err instanceof AttemptGoneError || (err instanceof TsdaskError && err.code === "AM_RM_UNREACHABLE")) {
        this.d.log(`giving up: ${err.message}`);
        this.state = "STOPPING";
        this.running.resolve();
        this.dask.stop();
        this.processStats.stop();
        backend.close();
        return 1;
      }
      this.d.log(`AM error: ${(err as Error).stack ?? err}`);
      this.end({ status: "FAILED", diagnostics: `the ApplicationMaster failed: ${(err as Error).message}` });
    }
    return this.finish();
  }

  private async loop(): Promise<void> {
    while (!this.outcome) {
      this.stopRecords(this.model.reconcile());
      const asked = performance.now();
      const r = await this.d.backend.sync(wantsOf(this.model), progressOf(this.model));
      const answered = performance.now();
      if (this.outcome) {
        // Ended while the sync was under way (shutdown, idle): what came is not launched, and what
        // ended is recorded, so shutdown does not try to stop it.
        for (const slot of [...r.allocated, ...r.previous]) this.d.backend.release(slot.id);
        for (const s of r.completed) this.slots.completed(s.slotId, s.exitStatus, s.diagnostics);
        break;
      }
      if (r.headroom) {
        this.headroom = r.headroom;
        this.ceiling.observe(r.headroom.memoryMiB, heldMb(this.model));
      }
      for (const n of r.nodes) {
        this.d.log(`node ${n.nodeId} is ${n.state}${n.healthReport ? ` (${n.healthReport})` : ""}`);
        this.model.nodeUpdated(n.nodeId, n.state);
      }
      for (const slot of r.previous) this.slots.previous(slot);
      for (const slot of r.allocated) this.slots.allocated(slot);
      for (const s of r.completed) this.slots.completed(s.slotId, s.exitStatus, s.diagnostics);
      if (r.allocated.length || r.completed.length) this.journal.changed();
      this.end(outcomeOf(this.model));
      this.loopLatency.record(answered - asked, performance.now() - answered);
      if (this.outcome) break;
      const launching = this.model.holdingSlots().some((x) => x.phase === "allocated" || x.phase === "launching");
      await this.waker.sleep(r.owes || launching ? this.timing.eagerMs : this.timing.idleMs);
    }
  }

  /** Scale-down and shutdown: dask workers retire through the scheduler first, then every slot stops. */
  private stopRecords(records: readonly InstanceRecord[]): void {
    if (records.length === 0) return;
    this.track(
      retireAndStop(records, {
        model: this.model,
        kv: this.d.kv,
        secret: this.d.secret,
        backend: this.d.backend,
        log: this.d.log,
        appStopping: this.state === "STOPPING",
      }),
    );
  }

  private async finish(): Promise<number> {
    const outcome = this.outcome!;
    this.state = "STOPPING";
    this.running.resolve();
    this.dask.stop();
    this.d.tokens?.stop();
    this.d.log(`finishing: ${outcome.status}: ${outcome.diagnostics}`);
    const live = this.model.holdingSlots().filter((r) => r.phase !== "stopping");
    for (const r of live) r.moveTo("stopping");
    this.stopRecords(live);
    const grace = this.timing.stopGraceMs;
    if (!(await settledWithin([...this.inflight], grace)))
      this.d.log(`stopping containers took over ${grace} ms; finishing anyway`);
    // The staging dir goes before finishing: YARN kills the AM container moments after the RM
    // stored the final state, too soon for anything after it. (Journal writes stop in STOPPING.)
    await this.journal.flush();
    await this.d.fs.delete(this.d.identity.stagingDir, true).catch((err: Error) => {
      this.d.log(`could not delete the staging dir ${this.d.identity.stagingDir}: ${err.message}`);
    });
    const unregistered = await this.d.backend.finish(outcome.status, outcome.diagnostics);
    this.d.log(unregistered ? "unregistered" : "could not unregister; the RM will fail this attempt");
    this.d.backend.close();
    this.processStats.stop();
    return unregistered ? 0 : 1;
  }

  private end(outcome: Outcome | undefined): void {
    if (!outcome || this.outcome) return;
    const losses = lossesNote(this.model);
    this.outcome = losses ? { ...outcome, diagnostics: `${outcome.diagnostics}; ${losses}` } : outcome;
    this.waker.wake();
  }

  /** Scale and adaptive both land here; reconcile() in the loop does the asking and retiring. */
  private setDesired(service: string, instances: number): void {
    this.model.service(service).desired = instances;
    this.changed();
  }

  private changed(): void {
    this.journal.changed();
    this.waker.wake();
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async writeJournal(): Promise<void> {
    if (this.state !== "RUNNING") return;
    const c = this.d.identity;
    const j = journalOf(this.model, c.appId, c.attempt, this.d.kv.snapshot(), Date.now());
    await this.d.fs.writeJournal(JSON.stringify(j));
  }
}

const optionalLoop = (a: AllocateLoopStats | undefined) => (a ? { allocateLoop: a } : {});
