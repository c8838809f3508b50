// The local NodeManager: starts a container as a tethered process group (watchdog.ts) from the same
// launch context the AM sends a real NodeManager. Local resources are linked into the working
// directory (archives arrive already unpacked: the launcher unpacked the environment once into its
// cache, the runtime is a directory), <LOG_DIR> becomes the container's log directory, and the
// command runs under bash as the NM runs it. Ends are reported to the local scheduler.
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { containerIdToString, type Container, type ContainerLaunchContext } from "../../hadoop-rpc/index.js";
import { INSTANCE_FILE } from "../../control/local-layout.js";
import { SERVICE_ENV } from "../../control/runtime.js";
import { exitDiagnostics, exitStatusOf } from "./exit-code.js";
import { signalGroup, spawnTethered } from "./watchdog.js";

/** How long a stopped container has between SIGTERM and SIGKILL (yarn.nodemanager.sleep-delay-before-sigkill.ms is 250 ms; dask needs longer to close). */
export const STOP_GRACE_MS = 5_000;

export interface LocalEnd {
  readonly containerId: string;
  readonly exitStatus: number;
  readonly diagnostics: string;
}

interface Running {
  readonly child: ChildProcess;
  stopping: boolean;
  readonly exited: Promise<void>;
}

export interface LocalNodeManagerOptions {
  /** <appDir>/containers and <appDir>/logs */
  readonly containersDir: string;
  readonly logsDir: string;
  readonly host: string;
  /** The environment every container starts from (the user's, as on their machine). */
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly onEnd: (end: LocalEnd) => void;
  readonly log: (line: string) => void;
}

export class LocalNodeManager {
  private readonly running = new Map<string, Running>();

  constructor(private readonly o: LocalNodeManagerOptions) {}

  /** NMTokens do not exist locally. */
  addTokens(): void {}

  async start(container: Container, ctx: ContainerLaunchContext): Promise<void> {
    const id = containerIdToString(container.id);
    const cwd = join(this.o.containersDir, id);
    const logDir = join(this.o.logsDir, id);
    mkdirSync(cwd, { recursive: true, mode: 0o700 });
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    for (const [name, r] of Object.entries(ctx.localResources ?? {})) symlinkSync(r.resource.file, join(cwd, name));
    // The NodeManager's launch script runs `exec /bin/bash -c "<command>"`: the command's words are
    // escaped for those double quotes (launch-context.ts nmQuote), so they go through the same.
    const command = `exec /bin/bash -c "${(ctx.commands ?? []).join(" ").replaceAll("<LOG_DIR>", logDir)}"`;
    const env = {
      ...this.o.baseEnv,
      ...ctx.environment,
      CONTAINER_ID: id,
      NM_HOST: this.o.host,
      LOG_DIRS: logDir,
      PWD: cwd,
    };
    // Which instance ran here: `logs --service` and `submit --wait` pick containers by it.
    writeFileSync(join(logDir, INSTANCE_FILE), ctx.environment?.[SERVICE_ENV.instance] ?? "", { mode: 0o600 });
    const out = openSync(join(logDir, "prelaunch.err"), "a", 0o600);
    let child: ChildProcess;
    try {
      child = spawnTethered({ command: "bash", args: ["-c", command], cwd, env, stdout: out, stderr: out });
    } finally {
      closeSync(out);
    }
    const exited = new Promise<void>((resolve) => {
      child.once("error", (err) => {
        this.ended(id, cwd, null, null, `could not be started: ${err.message}`);
        resolve();
      });
      child.once("exit", (code, signal) => {
        this.ended(id, cwd, code, signal);
        resolve();
      });
    });
    this.running.set(id, { child, stopping: false, exited });
  }

  private ended(id: string, cwd: string, code: number | null, signal: NodeJS.Signals | null, why?: string): void {
    const r = this.running.get(id);
    if (!r) return;
    this.running.delete(id);
    // Closing the tether makes the watcher clear whatever the command left in its group.
    r.child.stdin?.destroy();
    rmSync(cwd, { recursive: true, force: true });
    const stopped = r.stopping;
    this.o.onEnd({
      containerId: id,
      exitStatus: exitStatusOf(why ? 1 : code, signal, stopped),
      diagnostics: why ?? exitDiagnostics(code, signal, stopped),
    });
  }

  /** SIGTERM to the container's group, SIGKILL after the grace; resolves once the leader exited. */
  async stop(container: Container | string): Promise<void> {
    const id = typeof container === "string" ? container : containerIdToString(container.id);
    const r = this.running.get(id);
    if (!r || r.child.pid === undefined) return;
    r.stopping = true;
    const pid = r.child.pid;
    signalGroup(pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), STOP_GRACE_MS);
    await r.exited;
    clearTimeout(timer);
  }

  /** Stops every container (the AM is leaving). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  close(): void {
    // The tethers close with this process: every watcher then clears its group.
  }
}
