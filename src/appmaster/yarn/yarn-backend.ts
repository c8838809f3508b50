// The YARN ContainerBackend: slots are containers the RM allocates (ApplicationMasterProtocol, via
// RmSession: absolute asks, releases, resync, unregister) and NodeManagers start and stop
// (ContainerManagementProtocol, with the NMTokens allocate hands out). The RM's containers stay
// here; the AM core sees only their slot ids, hosts, nodes and resources.
import { containerIdToString, type Container } from "../../hadoop-rpc/index.js";
import type {
  AmEndpoint,
  ContainerBackend,
  LaunchDescription,
  Registration,
  Slot,
  SyncResult,
  Wanted,
} from "../backend.js";
import type { FinalStatus } from "../../control/types.js";
import type { NodeManagers } from "./node-managers.js";
import { RmSession, type RmClient } from "./rm-session.js";
import { containerLaunchContext } from "./yarn-launch.js";

/** yarn.am.liveness-monitor.expiry-interval-ms default: after this the RM has failed us anyway. */
export const RM_TIMEOUT_MS = 600_000;

export interface YarnBackendOptions {
  readonly rm: RmClient;
  readonly nms: Pick<NodeManagers, "addTokens" | "start" | "stop" | "close">;
  /** fs.defaultFS: staged paths become local resource URLs against it. */
  readonly defaultFs: string;
  readonly log: (line: string) => void;
  readonly rmTimeoutMs?: number;
}

export class YarnBackend implements ContainerBackend {
  private session?: RmSession;
  /** The RM's container of every slot handed out, by slot id (the container id text). */
  private readonly containers = new Map<string, Container>();
  /** Priority → service, from the wants: an allocated container says only its priority. */
  private readonly serviceAt = new Map<number, string>();

  constructor(private readonly o: YarnBackendOptions) {}

  private get rm(): RmSession {
    if (!this.session) throw new Error("YarnBackend used before register()");
    return this.session;
  }

  async register(am: AmEndpoint): Promise<Registration> {
    this.session = new RmSession(this.o.rm, {
      host: am.host,
      rpcPort: am.port,
      trackingUrl: am.trackingUrl,
      rmTimeoutMs: this.o.rmTimeoutMs ?? RM_TIMEOUT_MS,
      log: this.o.log,
    });
    const reg = await this.session.register();
    this.o.nms.addTokens(reg.nmTokensFromPreviousAttempts);
    // The SASL protection the RM negotiated (auth-conf under hadoop.rpc.protection=privacy).
    const qop = await this.o.rm.qop?.();
    return {
      queue: reg.queue,
      ...(qop ? { connection: `RPC qop ${qop}` } : {}),
      resourceTypes: reg.resourceTypes,
      previous: reg.containersFromPreviousAttempts.map((c) => this.slotOf(c, false)),
    };
  }

  async sync(wanted: readonly Wanted[], progress: number): Promise<SyncResult> {
    for (const w of wanted) this.serviceAt.set(w.rank, w.service);
    const r = await this.rm.heartbeat(wanted, progress);
    this.o.nms.addTokens(r.nmTokens);
    const completed = r.completedContainerStatuses.map((s) => ({
      slotId: containerIdToString(s.containerId),
      exitStatus: s.exitStatus,
      diagnostics: s.diagnostics,
    }));
    for (const c of completed) this.containers.delete(c.slotId);
    return {
      allocated: r.allocatedContainers.map((c) => this.slotOf(c, true)),
      completed,
      previous: r.containersFromPreviousAttempts.map((c) => this.slotOf(c, false)),
      nodes: r.updatedNodes.map((n) => ({
        nodeId: `${n.nodeId.host}:${n.nodeId.port}`,
        state: n.state,
        healthReport: n.healthReport,
      })),
      headroom: { memoryMiB: r.limit.memoryMb, vcores: r.limit.vcores },
      owes: this.rm.asks.pending,
    };
  }

  /** Whether the RM says this attempt is over (RmSession.attemptGone); false before register(). */
  attemptGone(timeoutMs: number): Promise<boolean> {
    return this.session ? this.session.attemptGone(timeoutMs) : Promise.resolve(false);
  }

  async start(slot: Slot, launch: LaunchDescription): Promise<void> {
    await this.o.nms.start(this.container(slot.id), containerLaunchContext(launch, this.o.defaultFs));
  }

  async stop(slot: Slot): Promise<void> {
    await this.o.nms.stop(this.container(slot.id));
  }

  release(slotId: string): void {
    const c = this.containers.get(slotId);
    // A slot whose completion came already is the RM's again: nothing to give back.
    if (c) this.rm.release(c.id);
  }

  finish(status: FinalStatus, diagnostics: string): Promise<boolean> {
    return this.rm.finish(status, diagnostics);
  }

  close(): void {
    this.o.nms.close();
    this.session?.close();
  }

  private container(slotId: string): Container {
    const c = this.containers.get(slotId);
    if (!c) throw new Error(`no container ${slotId}: it completed or was never allocated`);
    return c;
  }

  /** `asked`: an allocation for one of this attempt's asks (else a previous attempt's container). */
  private slotOf(c: Container, asked: boolean): Slot {
    const id = containerIdToString(c.id);
    this.containers.set(id, c);
    const service = asked ? this.serviceAt.get(c.priority) : undefined;
    return {
      id,
      ...(service !== undefined ? { service } : {}),
      host: c.nodeId.host,
      nodeId: `${c.nodeId.host}:${c.nodeId.port}`,
      ...(c.nodeHttpAddress ? { nodeHttpAddress: c.nodeHttpAddress } : {}),
      resource: { memoryMiB: c.resource.memoryMb, vcores: c.resource.vcores },
    };
  }
}
