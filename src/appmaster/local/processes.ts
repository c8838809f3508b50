// Local containers as processes: each one a tethered process group (watchdog.ts) in its own working
// directory, stdout and stderr to its log directory. Stop = SIGTERM to the group, SIGKILL after a
// grace (YARN's NodeManager does the same with its sleep-delay-before-sigkill). Every end is
// reported once, with an exit status in YARN's terms (exit-code.ts).
import { closeSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { exitDiagnostics, exitStatusOf } from "./exit-code.js";
import { signalGroup, spawnTethered } from "./watchdog.js";

/** Between SIGTERM and SIGKILL: dask workers and schedulers close within it. */
export const STOP_GRACE_MS = 5_000;

export interface ProcessEnd {
  readonly id: string;
  readonly exitStatus: number;
  readonly diagnostics: string;
}

export interface ProcessLaunch {
  readonly id: string;
  readonly cwd: string;
  readonly logDir: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

interface Running {
  readonly child: ChildProcess;
  stopping: boolean;
  readonly exited: Promise<void>;
}

export class LocalProcesses {
  private readonly running = new Map<string, Running>();

  constructor(private readonly onEnd: (end: ProcessEnd) => void) {}

  start(p: ProcessLaunch): void {
    const [command, ...args] = p.argv;
    if (!command) throw new Error(`container ${p.id} has no command`);
    const out = openSync(join(p.logDir, "stdout"), "a", 0o600);
    const err = openSync(join(p.logDir, "stderr"), "a", 0o600);
    let child: ChildProcess;
    try {
      child = spawnTethered({ command, args, cwd: p.cwd, env: p.env, stdout: out, stderr: err });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    const exited = new Promise<void>((resolve) => {
      child.once("error", (e) => (this.ended(p, null, null, `could not be started: ${e.message}`), resolve()));
      child.once("exit", (code, signal) => (this.ended(p, code, signal), resolve()));
    });
    this.running.set(p.id, { child, stopping: false, exited });
  }

  private ended(p: ProcessLaunch, code: number | null, signal: NodeJS.Signals | null, why?: string): void {
    const r = this.running.get(p.id);
    if (!r) return;
    this.running.delete(p.id);
    // Closing the tether makes the watcher clear whatever the command left in its group.
    r.child.stdin?.destroy();
    // As a NodeManager does: the working directory goes, the logs stay.
    rmSync(p.cwd, { recursive: true, force: true });
    this.onEnd({
      id: p.id,
      exitStatus: why ? exitStatusOf(1, null, false) : exitStatusOf(code, signal, r.stopping),
      diagnostics: why ?? exitDiagnostics(code, signal, r.stopping),
    });
  }

  /** SIGTERM to the group, SIGKILL after the grace; resolves once the leader exited. */
  async stop(id: string): Promise<void> {
    const r = this.running.get(id);
    if (!r || r.child.pid === undefined) return;
    r.stopping = true;
    const pid = r.child.pid;
    signalGroup(pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), STOP_GRACE_MS);
    await r.exited;
    clearTimeout(timer);
  }

  stopAll(): Promise<void> {
    return Promise.all([...this.running.keys()].map((id) => this.stop(id))).then(() => undefined);
  }
}
