// Runs the CLI program in-process with captured output, a temp HOME and no cluster.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Io } from "../../../src/cli/io.js";
import { run } from "../../../src/cli/program.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = "tsdask-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function cli(
  argv: string[],
  options: { env?: Record<string, string | undefined>; home?: string; cwd?: string; tty?: boolean } = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const home = options.home ?? tempDir("tsdask-home-");
  const io: Io = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    stdoutTTY: options.tty ?? false,
    stderrTTY: false,
    env: options.env ?? {},
    cwd: options.cwd ?? home,
    homeDir: home,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
