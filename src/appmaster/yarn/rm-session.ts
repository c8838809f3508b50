// The AM's session with the ResourceManager (ApplicationMasterProtocol): register, heartbeat with
// absolute asks and releases, resync after an RM restart/failover, unregister. Keeps the rules of
// docs/design.md §3 in one place: response ids echo the last answer, asks are sent only when they change,
// an unreachable RM is retried until the liveness limit and then the AM gives up.
import { TsdaskError } from "../../errors.js";
import {
  isRemote,
  RpcConnectionError,
  type AllocateResponse,
  type ApplicationMasterClient,
  type ContainerId,
  type FinalApplicationStatus,
  type RegisterApplicationMasterResponse,
  type ResourceRequest,
} from "../../hadoop-rpc/index.js";
import { AskTable } from "./asks.js";
import { AttemptGoneError, type Headroom } from "../backend.js";

export { AttemptGoneError } from "../backend.js";

/** The subset of ApplicationMasterClient the session uses (unit tests pass a fake). */
export type RmClient = Pick<
  ApplicationMasterClient,
  "registerApplicationMaster" | "allocate" | "finishApplicationMaster" | "close"
> &
  Partial<Pick<ApplicationMasterClient, "qop">>;

export interface RmSessionOptions {
  readonly host: string;
  readonly rpcPort: number;
  readonly trackingUrl: string;
  /** Give up when no RM call succeeded for this long (yarn.am.liveness-monitor.expiry-interval-ms). */
  readonly rmTimeoutMs: number;
  readonly log: (line: string) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The RM could not take the call yet: no connection (refused, reset, timed out: it is restarting),
 * a standby RM, or an RM that asks to be retried (RetriableException while it starts up).
 */
export function rmNotReady(err: unknown): boolean {
  if (err instanceof RpcConnectionError || !(err instanceof TsdaskError)) return true;
  return isRemote(err, "StandbyException") || isRemote(err, "RetriableException");
}

export class RmSession {
  readonly asks = new AskTable();
  private responseId = 0;
  /** What the RM would still give this application, from the last allocate answer. */
  headroom?: Headroom;
  private releases: ContainerId[] = [];
  private lastContact: number;
  /** A heartbeat already heard that this attempt is over: SIGTERM's probe need not ask again. */
  private goneSeen = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly rm: RmClient,
    private readonly opts: RmSessionOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.lastContact = this.now();
  }

  /**
   * Registers this attempt. An attempt can start while the RM is down (restarting, failing over):
   * the registration is retried while the RM cannot be reached or says it is not ready, up to the
   * liveness limit, as heartbeats are; anything the RM itself refuses fails at once.
   */
  async register(): Promise<RegisterApplicationMasterResponse> {
    const started = this.now();
    for (let told = false; ;) {
      try {
        return await this.registerOnce();
      } catch (err) {
        if (!rmNotReady(err)) throw err;
        const waited = this.now() - started;
        if (waited > this.opts.rmTimeoutMs)
          throw new TsdaskError(
            "AM_RM_UNREACHABLE",
            `could not register with the RM for ${Math.round(waited / 1000)} s: ${(err as Error).message}`,
          );
        if (!told)
          this.opts.log(
            `registerApplicationMaster failed (${(err as Error).message}); waiting up to ` +
              `${Math.round(this.opts.rmTimeoutMs / 1000)} s for the RM to come back`,
          );
        told = true;
        await this.sleep(1000);
      }
    }
  }

  private async registerOnce(): Promise<RegisterApplicationMasterResponse> {
    const r = await this.rm.registerApplicationMaster({
      host: this.opts.host,
      rpcPort: this.opts.rpcPort,
      trackingUrl: this.opts.trackingUrl,
    });
    this.responseId = 0;
    this.lastContact = this.now();
    return r;
  }

  /** Gives a container back to the RM with the next heartbeat (surplus, or one the NM will not stop). */
  release(id: ContainerId): void {
    this.releases.push(id);
  }

  /**
   * One allocate carrying the asks that changed. Retries while the RM is unreachable, up to the
   * liveness limit; re-registers and resends everything when the RM lost the registration.
   */
  async heartbeat(wanted: Parameters<AskTable["changes"]>[0], progress: number): Promise<AllocateResponse> {
    for (;;) {
      const ask: ResourceRequest[] = this.asks.changes(wanted);
      const release = this.releases;
      this.releases = [];
      try {
        const r = await this.rm.allocate({ responseId: this.responseId, ask, release, progress });
        this.responseId = r.responseId;
        this.lastContact = this.now();
        this.headroom = { memoryMiB: r.limit.memoryMb, vcores: r.limit.vcores };
        this.asks.committed(ask);
        const byPriority = new Map<number, number>();
        for (const c of r.allocatedContainers) byPriority.set(c.priority, (byPriority.get(c.priority) ?? 0) + 1);
        for (const [p, n] of byPriority) this.asks.allocated(p, n);
        if (r.amCommand === "AM_SHUTDOWN") throw new AttemptGoneError("the RM told the AM to shut down");
        if (r.amCommand === "AM_RESYNC") await this.resync("the RM asked for a resync");
        return r;
      } catch (err) {
        this.releases = [...release, ...this.releases];
        if (err instanceof AttemptGoneError) throw this.seenGone(err);
        if (isRemote(err, "ApplicationAttemptNotFoundException"))
          throw this.seenGone(new AttemptGoneError(`the RM no longer knows this attempt: ${(err as Error).message}`));
        if (isRemote(err, "ApplicationMasterNotRegisteredException")) {
          await this.resync("the RM lost the registration (restart or failover)");
          continue;
        }
        const silent = this.now() - this.lastContact;
        if (silent > this.opts.rmTimeoutMs)
          throw new TsdaskError(
            "AM_RM_UNREACHABLE",
            `no answer from the RM for ${Math.round(silent / 1000)} s: ${(err as Error).message}`,
          );
        this.opts.log(`allocate failed (${(err as Error).message}); retrying`);
        await this.sleep(1000);
      }
    }
  }

  /** After an RM restart/failover: register again, and send every ask again (the RM has none). */
  private async resync(why: string): Promise<void> {
    this.opts.log(`${why}: registering again`);
    await this.register();
    this.asks.forget();
  }

  /**
   * Unregisters with the final status, repeating until the RM has stored it (isUnregistered), as
   * Java's AMRMClient does. Gives up after `deadlineMs`: the RM then fails the attempt itself.
   */
  async finish(status: FinalApplicationStatus, diagnostics: string, deadlineMs = 60_000): Promise<boolean> {
    const end = this.now() + deadlineMs;
    while (this.now() < end) {
      try {
        const r = await this.rm.finishApplicationMaster({ finalApplicationStatus: status, diagnostics });
        if (r.isUnregistered) return true;
        await this.sleep(100);
      } catch (err) {
        if (isRemote(err, "ApplicationAttemptNotFoundException")) return false;
        if (isRemote(err, "ApplicationMasterNotRegisteredException")) {
          await this.registerOnce().catch(() => undefined);
          continue;
        }
        this.opts.log(`finishApplicationMaster failed (${(err as Error).message}); retrying`);
        await this.sleep(1000);
      }
    }
    return false;
  }

  /**
   * After SIGTERM: does the RM still know this attempt? One allocate with no asks, over the
   * connection already open (a new one could not authenticate: the RM drops the attempt's AMRMToken
   * with it). True only when the RM says the attempt is over; false when it answers normally or
   * cannot be asked (down, frozen, slower than `timeoutMs`): the staging dir then stays, for the next
   * attempt or the launcher's sweep.
   */
  async attemptGone(timeoutMs: number): Promise<boolean> {
    // The heartbeat loop may have heard it first and closed the connection since.
    if (this.goneSeen) return true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const ask = this.rm.allocate({ responseId: this.responseId, ask: [], release: [], progress: 0 }).then(
      (r) => r.amCommand === "AM_SHUTDOWN",
      // A heartbeat already in flight may hear it first and close the connection under this call,
      // which then fails as a closed connection: what the heartbeat heard is the answer.
      (err: unknown) => this.goneSeen || isRemote(err, "ApplicationAttemptNotFoundException"),
    );
    try {
      return (await Promise.race([ask, late])) || this.goneSeen;
    } finally {
      clearTimeout(timer);
    }
  }

  private seenGone(err: AttemptGoneError): AttemptGoneError {
    this.goneSeen = true;
    return err;
  }

  close(): void {
    this.rm.close();
  }
}
