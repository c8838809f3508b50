// The AM core: the allocation loop that ties the model to the RM and the NodeManagers, the control
// handlers (status, scale, shutdown), and the way out (stop containers, unregister, delete the
// staging dir). Every path ends in finish() unless the RM itself is gone.
import { TsdaskError } from "../errors.js";
import { containerIdToString, type Container } from "../hadoop-rpc/index.js";
import { DASK_KV } from "../control/runtime.js";
import { CLIENT_STARTED_KEY } from "../control/script-exit.js";
import type { AmState, ApplicationInfo, StatusReport } from "../control/types.js";
import type { ApplicationSpec } from "../spec/types.js";
import type { ControlHandlers, KeyValueStore } from "./control/index.js";
import type { AmConfig } from "./config.js";
import { DaskWatch } from "./dask-watch.js";
import { EXIT } from "./exit-status.js";
import { DebouncedWriter, journalOf, type JournalContainer } from "./journal.js";
import { launchContext } from "./launch-context.js";
import { AppModel, type CompletionEvent, type InstanceRecord } from "./model.js";
import type { NodeManagers } from "./node-managers.js";
import { lossesNote, outcomeOf, type Outcome } from "./outcome.js";
import { pendingAsks } from "./pending.js";
import { unknownResourceTypes } from "./asks.js";
import { adoptLate, recover, type JournalFs } from "./recovery.js";
import { LaunchResources, type StatFs } from "./resources.js";
import { AttemptGoneError, RmSession, type RmClient } from "./rm-session.js";
import { heldMb, othersMb, QueueCeiling, scaleRefusal } from "./scale-limits.js";
import { statusReport } from "./status.js";
import { retireAndStop } from "./stop-containers.js";
import { Waker } from "./waker.js";

export const EAGER_HEARTBEAT_MS = 200;
export const IDLE_HEARTBEAT_MS = 3_000;
/** yarn.am.liveness-monitor.expiry-interval-ms default: after this the RM has failed us anyway. */
export const RM_TIMEOUT_MS = 600_000;
/** Stopping containers at shutdown: the RM kills what is left after unregister anyway. */
const STOP_GRACE_MS = 15_000;

export interface AppMasterDeps {
  readonly config: AmConfig;
  readonly spec: ApplicationSpec;
  readonly secret: string;
  readonly rm: RmClient;
  readonly nms: Pick<NodeManagers, "addTokens" | "start" | "stop" | "close">;
  readonly fs: StatFs & JournalFs & { delete(path: string, recursive?: boolean): Promise<boolean> };
  readonly kv: KeyValueStore;
  readonly log: (line: string) => void;
  readonly rmTimeoutMs?: number;
}

export class AppMaster {
  readonly model: AppModel;
  private state: AmState = "STARTING";
  private outcome?: Outcome;
  private session?: RmSession;
  private resources?: LaunchResources;
  private readonly waker = new Waker();
  private readonly inflight = new Set<Promise<void>>();
  private readonly journal: DebouncedWriter;
  private readonly startTime = Date.now();
  private trackingUrl?: string;
  /** Journaled containers not handed back at register: they may still come in allocate responses. */
  private unclaimed = new Map<string, JournalContainer>();
  /** Adaptive scaling and the idle timeout, both driven by the dask scheduler's HTTP API. */
  private readonly dask: DaskWatch;
  private readonly ceiling = new QueueCeiling();

  constructor(private readonly d: AppMasterDeps) {
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
      1_000,
      (err) => d.log(`journal write failed: ${(err as Error).message}`),
    );
    d.kv.onChange(() => this.journal.changed());
  }

  readonly handlers: ControlHandlers = {
    getStatus: () => this.status(),
    scale: async (service, instances) => {
      const svc = this.model.service(service);
      if (this.state === "STOPPING") throw new TsdaskError("AM_STOPPING", "the application is shutting down");
      if (svc.failure) throw new TsdaskError("AM_SERVICE_FAILED", `service '${service}' has failed: ${svc.failure}`);
      const room = { queue: this.d.spec.queue, ceiling: this.ceiling, othersMb: othersMb(this.model, service) };
      const refusal = scaleRefusal(service, svc.spec, svc.desired, instances, room);
      if (refusal) throw refusal;
      const previous = svc.desired;
      this.dask.manualScale(service);
      this.d.log(`scale ${service}: ${previous} -> ${instances}`);
      this.setDesired(service, instances);
      // Acknowledged only once journaled: a new attempt (this one killed or expired) keeps the count.
      try {
        await this.journal.writeNow();
      } catch (err) {
        this.setDesired(service, previous);
        throw new TsdaskError(
          "AM_JOURNAL_FAILED",
          `the new count could not be journaled (${(err as Error).message}); it stays ${previous}`,
        );
      }
    },
    adapt: (service, limits) => {
      if (this.state === "STOPPING") throw new TsdaskError("AM_STOPPING", "the application is shutting down");
      // The AM's adaptive loop asks the dask scheduler: only a dask worker service can follow it.
      if (this.d.spec.services[service]?.role !== "dask.worker") {
        throw new TsdaskError("AM_NOT_ADAPTIVE", `service '${service}' is not a dask worker service`);
      }
      this.dask.adapt(service, limits);
    },
    shutdown: (finalStatus, diagnostics) => {
      this.d.log(`shutdown requested through the control API: ${finalStatus}`);
      this.end({ status: finalStatus, diagnostics: diagnostics || "shut down through the control API" });
    },
  };

  status(): StatusReport {
    const c = this.d.config;
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
    };
    const pending = pendingAsks(this.model, this.session?.headroom);
    const report = statusReport(this.model, application, this.d.kv, c.user, Date.now());
    return this.dask.annotate(pending.length ? { ...report, pending } : report);
  }

  /** Runs the application to its end; resolves with the process exit code. */
  async run(control: { host: string; port: number; url: string; pageUrl?: string }): Promise<number> {
    const c = this.d.config;
    // The page's own (plain HTTP) listener when the API is https: the RM proxy can fetch it.
    this.trackingUrl = `${control.pageUrl ?? control.url}/`;
    const session = (this.session = new RmSession(this.d.rm, {
      host: control.host,
      rpcPort: control.port,
      trackingUrl: this.trackingUrl,
      rmTimeoutMs: this.d.rmTimeoutMs ?? RM_TIMEOUT_MS,
      log: this.d.log,
    }));
    this.resources = new LaunchResources(this.d.fs, c, this.model, control.url, this.d.spec.tls);
    try {
      const reg = await session.register();
      // The SASL protection the RM negotiated (auth-conf under hadoop.rpc.protection=privacy).
      const qop = await this.d.rm.qop?.();
      this.d.log(
        `registered ${c.attemptIdText} at ${control.url} (queue ${reg.queue}${qop ? `, RPC qop ${qop}` : ""})`,
      );
      this.d.nms.addTokens(reg.nmTokensFromPreviousAttempts);
      const unknownType = unknownResourceTypes(this.model.services.values(), reg.resourceTypes);
      if (unknownType) this.end({ status: "FAILED", diagnostics: unknownType });
      if (c.attempt > 1) {
        this.state = "RECOVERING";
        const r = await recover(this.d.fs, c, this.model, this.d.kv, reg.containersFromPreviousAttempts);
        for (const id of r.release) session.release(id);
        this.unclaimed = r.unclaimed;
        this.d.log(`recovered: ${r.adopted} containers adopted, ${r.lost} lost, ${r.release.length} released`);
        this.journal.changed();
      }
      this.state = "RUNNING";
      this.dask.start();
      await this.loop(session);
    } catch (err) {
      if (err instanceof AttemptGoneError || (err instanceof TsdaskError && err.code === "AM_RM_UNREACHABLE")) {
        this.d.log(`giving up: ${err.message}`);
        this.d.nms.close();
        session.close();
        return 1;
      }
      this.d.log(`AM error: ${(err as Error).stack ?? err}`);
      this.end({ status: "FAILED", diagnostics: `the ApplicationMaster failed: ${(err as Error).message}` });
    }
    return this.finish(session);
  }

  private async loop(session: RmSession): Promise<void> {
    while (!this.outcome) {
      this.stopRecords(this.model.reconcile());
      const wanted = [...this.model.services.values()].map((svc) => ({ svc, count: this.model.outstanding(svc) }));
      const r = await session.heartbeat(wanted, this.progress());
      if (this.outcome) break;
      this.ceiling.observe(r.limit.memoryMb, heldMb(this.model));
      this.d.nms.addTokens(r.nmTokens);
      for (const n of r.updatedNodes) this.nodeUpdated(`${n.nodeId.host}:${n.nodeId.port}`, n.state, n.healthReport);
      for (const container of r.containersFromPreviousAttempts) this.previous(session, container);
      for (const container of r.allocatedContainers) this.allocated(session, container);
      for (const s of r.completedContainerStatuses) {
        this.completed(containerIdToString(s.containerId), s.exitStatus, s.diagnostics);
      }
      if (r.allocatedContainers.length || r.completedContainerStatuses.length) this.journal.changed();
      this.end(outcomeOf(this.model));
      if (this.outcome) break;
      const launching = this.model.liveContainers().some((x) => x.launching);
      await this.waker.sleep(session.asks.pending || launching ? EAGER_HEARTBEAT_MS : IDLE_HEARTBEAT_MS);
    }
  }

  private nodeUpdated(nodeId: string, state: string, healthReport: string): void {
    this.d.log(`node ${nodeId} is ${state}${healthReport ? ` (${healthReport})` : ""}`);
    this.model.nodeUpdated(nodeId, state);
  }

  private allocated(session: RmSession, container: Container): void {
    const id = containerIdToString(container.id);
    const rec = this.model.assign(container, id);
    if (!rec) {
      this.d.log(`releasing surplus container ${id} (priority ${container.priority})`);
      session.release(container.id);
      return;
    }
    rec.allocatedTime = Date.now();
    this.track(this.launch(session, rec, container));
  }

  /**
   * A container from a previous attempt reported after register (the RM restarted, notes §5.4):
   * ours already, a journaled one to adopt now, or one nobody knows, released.
   */
  private previous(session: RmSession, container: Container): void {
    const id = containerIdToString(container.id);
    if (this.model.recordOf(id)) return;
    const jc = this.unclaimed.get(id);
    this.unclaimed.delete(id);
    if (jc && adoptLate(this.model, jc, container)) {
      this.d.log(`adopted ${jc.service}_${jc.index} in ${id}, reported late by the RM`);
      this.changed();
      return;
    }
    this.d.log(`releasing ${id} from a previous attempt: no instance of ours is waiting for it`);
    session.release(container.id);
  }

  private async launch(session: RmSession, rec: InstanceRecord, container: Container): Promise<void> {
    const id = rec.containerId!;
    try {
      const svc = this.model.service(rec.service);
      const inputs = await this.resources!.forService(rec.service);
      await this.d.nms.start(container, launchContext(rec.service, svc.spec, rec.instanceId, inputs));
      this.model.started(rec, Date.now());
      this.d.log(`started ${rec.instanceId} in ${id} on ${container.nodeId.host}`);
    } catch (err) {
      this.d.log(`could not start ${rec.instanceId} in ${id}: ${(err as Error).message}`);
      this.completed(id, EXIT.INVALID, `could not be started: ${(err as Error).message}`);
      session.release(container.id);
    }
    this.changed();
  }

  private completed(containerId: string, exitStatus: number, diagnostics: string): void {
    const ev: CompletionEvent | undefined = this.model.completed(containerId, exitStatus, diagnostics, Date.now());
    if (!ev) return;
    const how = ev.restarted ? "; restarting" : "";
    this.d.log(`${ev.record.instanceId} (${containerId}) ${ev.completion.state}: ${ev.completion.reason}${how}`);
    this.end(outcomeOf(this.model, ev, (id) => this.d.kv.get(CLIENT_STARTED_KEY) === id));
  }

  /** Scale-down and shutdown: dask workers retire through the scheduler first, then every container stops. */
  private stopRecords(records: readonly InstanceRecord[]): void {
    if (records.length === 0) return;
    this.track(
      retireAndStop(records, {
        model: this.model,
        kv: this.d.kv,
        secret: this.d.secret,
        nms: this.d.nms,
        release: (id) => this.session?.release(id),
        log: this.d.log,
        appStopping: this.state === "STOPPING",
      }),
    );
  }

  private async finish(session: RmSession): Promise<number> {
    const outcome = this.outcome!;
    this.state = "STOPPING";
    this.dask.stop();
    this.d.log(`finishing: ${outcome.status}: ${outcome.diagnostics}`);
    const live = this.model.liveContainers().filter((r) => !r.stopping);
    for (const r of live) r.stopping = true;
    this.stopRecords(live);
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
    // The staging dir goes before unregistering: the NM kills the AM container moments after the
    // RM stored the final state, too soon for anything after it. (Journal writes stop in STOPPING.)
    await this.journal.flush();
    await this.d.fs.delete(this.d.config.stagingDir, true).catch((err: Error) => {
      this.d.log(`could not delete the staging dir ${this.d.config.stagingDir}: ${err.message}`);
    });
    const unregistered = await session.finish(outcome.status, outcome.diagnostics);
    this.d.log(unregistered ? "unregistered" : "could not unregister; the RM will fail this attempt");
    this.d.nms.close();
    session.close();
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

  private progress(): number {
    let desired = 0;
    let running = 0;
    for (const s of this.model.services.values()) {
      desired += s.desired;
      running += s.records.filter((r) => r.state === "RUNNING").length;
    }
    return desired === 0 ? 1 : Math.min(1, running / desired);
  }

  private async writeJournal(): Promise<void> {
    if (this.state === "STOPPING") return;
    const c = this.d.config;
    const j = journalOf(this.model, c.appId, c.attempt, this.d.kv.snapshot(), Date.now());
    await this.d.fs.writeJournal(JSON.stringify(j));
  }
}
