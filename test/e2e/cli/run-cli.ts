// Spawns the built CLI (dist/cli.js) the way users run it: a separate process, HADOOP_CONF_DIR
// given explicitly, a throw-away HOME so no personal config leaks in, stdout not a terminal.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../support/cluster.js";

export const CLI = join(ROOT, "dist", "cli.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), "tsdask-e2e-home-"));
}

export interface CliOptions {
  confDir?: string;
  env?: Record<string, string>;
  home?: string;
  cwd?: string;
}

/** Starts the built CLI without waiting for it (e.g. `logs --follow`, stopped by a signal). */
export function spawnCli(args: string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  // The caller's own TSDASK_YARN_* settings must not change what the test sees.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TSDASK_YARN_")));
  const home = options.home ?? tempHome();
  const env = {
    ...base,
    HOME: home,
    ...(options.confDir ? { HADOOP_CONF_DIR: options.confDir } : {}),
    ...options.env,
  };
  return spawn(process.execPath, [CLI, ...args], { env, cwd: options.cwd ?? home });
}

export function runCli(args: string[], options: CliOptions & { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
