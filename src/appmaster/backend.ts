// The ContainerBackend: how the AM gets, starts and stops the containers its services run in. The
// service model, restart policy, control API, dask roles, journal and recovery see only opaque
// slots and the calls below; YARN (AMRM + NM protocols, yarn/yarn-backend.ts) is one implementation,
// local processes another. The contract in prose: docs/container-backend.md. Types only, no I/O.
import { TsdaskError } from "../errors.js";
import type { FinalStatus } from "../control/types.js";

/** Memory and vcores of one container. */
export interface SlotResource {
  readonly memoryMiB: number;
  readonly vcores: number;
}

/** One container the backend holds for the application: allocated, running, or being stopped. */
export interface Slot {
  /** Unique within the application and stable for the slot's life (YARN: the container id text). */
  readonly id: string;
  /** The service whose ask this slot answers; absent for previous-attempt slots (the journal says). */
  readonly service?: string;
  /** Host name the container runs on (shown in status; a worker's address is on it). */
  readonly host: string;
  /** The node that runs it, as NodeUpdate.nodeId names it (YARN: "host:port" of the NodeManager). */
  readonly nodeId: string;
  /** host:port of the node's web UI where the container's logs are (YARN NodeManager); optional. */
  readonly nodeHttpAddress?: string;
  /** What the slot actually has (YARN may round memory up; may report vcores 1 whatever was asked). */
  readonly resource: SlotResource;
}

/** The shape of one service's containers: what to ask the backend for. */
export interface SlotShape extends SlotResource {
  /** Extra resource types (yarn.io/gpu, …) by name. */
  readonly resources: Readonly<Record<string, number>>;
  readonly nodes: readonly string[];
  readonly racks: readonly string[];
  readonly relaxLocality: boolean;
  readonly nodeLabel?: string;
}

/**
 * A service's absolute want: `count` more slots of `shape`, beyond those it holds. Absolute, not an
 * increment: the same count sent twice asks for nothing new; 0 cancels what is still outstanding.
 * `rank`: lower is served first (the scheduler before the client script before the workers).
 */
export interface Wanted {
  readonly service: string;
  readonly rank: number;
  readonly shape: SlotShape;
  readonly count: number;
}

/** A file the container finds in its working directory under its target name. */
export interface LaunchFile {
  /** Where the AM's staging fs has it: a path (against the backend's default fs) or a URI. */
  readonly source: string;
  /** Size and modification time as the staging fs reports them (YARN's localizer checks both). */
  readonly size: number;
  readonly timestamp: number;
  /** An archive is unpacked into a directory of the target name. */
  readonly type: "file" | "archive";
  /** private: reused by every application of the user (cached archives); application: this one only. */
  readonly visibility: "private" | "application";
}

/** What to run in a slot; backend-neutral (YARN turns it into a ContainerLaunchContext). */
export interface LaunchDescription {
  /** Target name in the working directory → file. */
  readonly files: Readonly<Record<string, LaunchFile>>;
  readonly env: Readonly<Record<string, string>>;
  /**
   * argv, relative paths against the working directory. The backend captures stdout and stderr as
   * the container's "stdout" and "stderr" logs.
   */
  readonly command: readonly string[];
  /** Opaque credentials for the container (YARN: token storage bytes); absent: the backend's own. */
  readonly tokens?: Uint8Array;
}

/** A slot that ended, whether the AM stopped it or not. */
export interface SlotCompletion {
  readonly slotId: string;
  /**
   * The process's exit code (>= 0), or one of YARN's ContainerExitStatus values (< 0, EXIT in
   * exit-status.ts), which every backend uses for the same causes: ABORTED (-100) for a slot lost
   * with its node or released, PREEMPTED, KILLED_EXCEEDED_PMEM, KILLED_BY_APPMASTER, …
   */
  readonly exitStatus: number;
  /** What the backend knows about why (the NodeManager's diagnostics); may be empty. */
  readonly diagnostics: string;
}

/** A node that changed state (YARN: allocate's updated_nodes). Its slots' completions come separately. */
export interface NodeUpdate {
  readonly nodeId: string;
  /** RUNNING (or NEW) means healthy again; anything else (LOST, UNHEALTHY, DECOMMISSIONING, …) is trouble. */
  readonly state: string;
  readonly healthReport: string;
}

/** What the backend would still give this application now (YARN: allocate's `limit`). */
export interface Headroom {
  readonly memoryMiB: number;
  readonly vcores: number;
}

/** Where the AM serves its control API, given to the backend at register. */
export interface AmEndpoint {
  readonly host: string;
  readonly port: number;
  readonly trackingUrl: string;
}

export interface Registration {
  /** The queue (or a name for where the slots come from) the application runs in. */
  readonly queue: string;
  /** How the AM reaches the backend, for the log (e.g. "RPC qop auth-conf"), when it says. */
  readonly connection?: string;
  /** Resource type names the backend knows; empty when it cannot tell (then nothing is checked). */
  readonly resourceTypes: readonly string[];
  /**
   * Slots a previous AM attempt started and that still run (YARN keeps them across attempts). A
   * backend without attempts returns []. Each is adopted by the journal or released.
   */
  readonly previous: readonly Slot[];
}

/** One sync's news since the last one. */
export interface SyncResult {
  readonly allocated: readonly Slot[];
  readonly completed: readonly SlotCompletion[];
  /** Previous-attempt slots reported after register (YARN, after an RM restart); usually empty. */
  readonly previous: readonly Slot[];
  readonly nodes: readonly NodeUpdate[];
  readonly headroom?: Headroom;
  /** The backend still owes slots: the AM syncs again soon rather than idling. */
  readonly owes: boolean;
}

export interface ContainerBackend {
  /** Once, before anything else. Rejects with AttemptGoneError when this AM must not run. */
  register(am: AmEndpoint): Promise<Registration>;
  /**
   * One round with the backend, the AM's heartbeat: hands over every service's want (and the
   * releases queued since the last round), returns what happened since. Retries transient trouble
   * itself, up to its own bound; rejects with AttemptGoneError when the attempt is over, or a
   * TsdaskError AM_RM_UNREACHABLE when the bound passed: the AM then exits without finish().
   */
  sync(wanted: readonly Wanted[], progress: number): Promise<SyncResult>;
  /** Starts a slot; rejects with the reason it could not. Its end then comes as a SlotCompletion. */
  start(slot: Slot, launch: LaunchDescription): Promise<void>;
  /** Stops a slot; its completion follows in a later sync. Rejects when it could not ask. */
  stop(slot: Slot): Promise<void>;
  /** Gives a slot back without starting or stopping it (surplus, or one stop() failed on); next sync. */
  release(slotId: string): void;
  /**
   * The application's end: the final status is recorded (YARN: unregister). Resolves true when
   * it was, false when the backend could not record it within its bound.
   */
  finish(status: FinalStatus, diagnostics: string): Promise<boolean>;
  /** Closes connections; after finish() or when giving up. */
  close(): void;
}

/** The backend says this AM attempt is over (killed, or unknown to the RM): nothing to do but exit. */
export class AttemptGoneError extends TsdaskError {
  constructor(message: string) {
    super("AM_ATTEMPT_GONE", message);
  }
}
