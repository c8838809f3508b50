// The local ContainerBackend: this machine is the one node, every want is granted at the sync that
// asks for it, and a slot is a tethered process group (processes.ts). Files are linked into the
// slot's working directory (the environment is already unpacked by the launcher, the runtime is a
// directory), stdout and stderr go to logs/<slot>/, and the slot's instance id is written beside
// them so `logs --service` finds it after the end. Slot ids are numbered as YARN numbers
// containers (the AM's is 1). There are no attempts: `previous` is always empty.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { INSTANCE_FILE, localContainerId } from "../../control/local-layout.js";
import { SERVICE_ENV } from "../../control/runtime.js";
import type { FinalStatus } from "../../control/types.js";
import {
  AttemptGoneError,
  type AmEndpoint,
  type ContainerBackend,
  type LaunchDescription,
  type Registration,
  type Slot,
  type SlotCompletion,
  type SyncResult,
  type Wanted,
} from "../backend.js";
import { EXIT } from "../exit-status.js";
import { LocalProcesses } from "./processes.js";

export const LOCAL_HOST = "127.0.0.1";

export interface LocalBackendOptions {
  /** The two numbers of the application id (local_<clusterTimestamp>_<sequence>). */
  readonly clusterTimestamp: number;
  readonly sequence: number;
  /** <appDir>/containers and <appDir>/logs */
  readonly containersDir: string;
  readonly logsDir: string;
  /** The environment every container starts from (the user's own, as on their machine). */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** The AM's control API is up (am.json for the launcher and the CLI). */
  readonly onRegistered: (am: AmEndpoint) => void;
  /** The final status, where `status` finds it once the AM is gone (final.json). */
  readonly onFinish: (status: FinalStatus, diagnostics: string) => void;
}

export class LocalBackend implements ContainerBackend {
  private nextId = 2;
  private completed: SlotCompletion[] = [];
  private readonly live = new Set<string>();
  private gone?: string;
  readonly processes = new LocalProcesses((end) => {
    if (!this.live.delete(end.id)) return;
    this.completed.push({ slotId: end.id, exitStatus: end.exitStatus, diagnostics: end.diagnostics });
  });

  constructor(private readonly o: LocalBackendOptions) {}

  register(am: AmEndpoint): Promise<Registration> {
    this.o.onRegistered(am);
    return Promise.resolve({ queue: "local", resourceTypes: [], previous: [] });
  }

  /** The application is over from outside (the launcher is gone, or SIGTERM): the next sync says so. */
  end(why: string): void {
    if (this.gone) return;
    this.gone = why;
    this.o.onFinish("KILLED", why);
  }

  sync(wanted: readonly Wanted[]): Promise<SyncResult> {
    if (this.gone) return Promise.reject(new AttemptGoneError(this.gone));
    const allocated: Slot[] = [];
    for (const w of wanted) for (let i = 0; i < w.count; i++) allocated.push(this.slot(w));
    const completed = this.completed;
    this.completed = [];
    return Promise.resolve({
      allocated,
      completed,
      previous: [],
      nodes: [],
      headroom: { memoryMiB: Math.floor(totalmem() / 2 ** 20), vcores: availableParallelism() },
      owes: false,
    });
  }

  private slot(w: Wanted): Slot {
    const id = localContainerId(this.o.clusterTimestamp, this.o.sequence, this.nextId++);
    this.live.add(id);
    return {
      id,
      service: w.service,
      host: LOCAL_HOST,
      nodeId: `${LOCAL_HOST}:0`,
      resource: { memoryMiB: w.shape.memoryMiB, vcores: w.shape.vcores },
    };
  }

  start(slot: Slot, launch: LaunchDescription): Promise<void> {
    const cwd = join(this.o.containersDir, slot.id);
    const logDir = join(this.o.logsDir, slot.id);
    mkdirSync(cwd, { recursive: true, mode: 0o700 });
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(logDir, INSTANCE_FILE), launch.env[SERVICE_ENV.instance] ?? "", { mode: 0o600 });
    // Sources are paths on this disk; archives were unpacked by the launcher (a directory each).
    for (const [target, f] of Object.entries(launch.files)) symlinkSync(f.source, join(cwd, target));
    const env = { ...this.o.baseEnv, ...launch.env, CONTAINER_ID: slot.id, NM_HOST: LOCAL_HOST, LOG_DIRS: logDir };
    this.processes.start({ id: slot.id, cwd, logDir, argv: launch.command, env: { ...env, PWD: cwd } });
    return Promise.resolve();
  }

  stop(slot: Slot): Promise<void> {
    void this.processes.stop(slot.id);
    return Promise.resolve();
  }

  /** A slot given back: stopped if it runs, and reported ABORTED as YARN reports a released container. */
  release(slotId: string): void {
    if (!this.live.has(slotId)) return;
    void this.processes.stop(slotId).then(() => {
      if (!this.live.delete(slotId)) return;
      this.completed.push({ slotId, exitStatus: EXIT.ABORTED, diagnostics: "Container released by the application." });
    });
  }

  finish(status: FinalStatus, diagnostics: string): Promise<boolean> {
    this.o.onFinish(status, diagnostics);
    return Promise.resolve(true);
  }

  close(): void {
    // The processes' tethers close with this process; main() stops them first when it can.
  }
}
