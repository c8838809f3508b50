// Helpers for running the real service wrapper (dist/service.js) against a real control server and
// a real dask environment, in temp directories laid out like YARN container working directories.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CONTAINER_FILES } from "../../../src/control/index.js";
import { buildRuntimeBundles } from "../../support/bundles.js";
import { ROOT } from "../../support/cluster.js";

/** The venv the packed environment archive was made from (cluster/dask-env/build caches both). */
export function daskVenv(): string {
  const archive = execFileSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8" }).trim();
  return join(dirname(archive), "venv");
}

const dirs: string[] = [];

/**
 * Bundles src/service/main.ts the way scripts/build.mjs does, into a temp file: other engineers'
 * half-done entries must not break this test, and parallel builds must not swap dist/ under it.
 */
export async function buildServiceBundle(): Promise<string> {
  if (bundle) return bundle;
  const dir = mkdtempSync(join(tmpdir(), "tsdask-svc-bundle-"));
  dirs.push(dir);
  const outfile = join(dir, "service.js");
  await buildRuntimeBundles(dir, ["service"]);
  bundle = outfile;
  return outfile;
}

let bundle: string | undefined;

/** A container-like working directory: ./environment → the venv, ./.tsdask-secret. */
export function containerDir(venv: string | undefined, secret: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-svc-"));
  dirs.push(dir);
  if (venv) symlinkSync(venv, join(dir, CONTAINER_FILES.environment));
  writeFileSync(join(dir, CONTAINER_FILES.secret), `${secret}\n`, { mode: 0o600 });
  return dir;
}

export interface Wrapper {
  readonly proc: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout and stderr so far. */
  output(): string;
}

const wrappers: Wrapper[] = [];

/** node dist/service.js <role> [args], in its own process group so cleanup reaches its Python child too. */
export function startWrapper(role: string, args: string[], cwd: string, env: Record<string, string>): Wrapper {
  if (!bundle) throw new Error("call buildServiceBundle() first");
  const proc = spawn(process.execPath, [bundle, role, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  proc.stdout.on("data", (c: Buffer) => (out += c.toString()));
  proc.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("close", (code, signal) => resolve({ code, signal })),
  );
  const w = { proc, exited, output: () => out };
  wrappers.push(w);
  return w;
}

/** Kill every wrapper we started (with its process group) and remove the temp directories. */
export async function cleanupAll(): Promise<void> {
  for (const w of wrappers) {
    if (w.proc.pid !== undefined && w.proc.exitCode === null && w.proc.signalCode === null) {
      try {
        process.kill(-w.proc.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  await Promise.all(wrappers.map((w) => Promise.race([w.exited, new Promise((r) => setTimeout(r, 5_000))])));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Direct children of a process (pgrep -P). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function http(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
