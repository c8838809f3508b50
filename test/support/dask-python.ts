// The test's own dask client: the venv python the packed environment was built from (same dask
// as the cluster's), running a small script that connects to a scheduler address.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cluster.js";

/** cluster/.work/dask-env/<key>/venv/bin/python (cluster/dask-env/build made it). */
export function venvPython(): string {
  const base = join(process.env.TSDASK_CLUSTER_DIR ?? join(ROOT, "cluster", ".work"), "dask-env");
  for (const d of existsSync(base) ? readdirSync(base) : []) {
    const py = join(base, d, "venv", "bin", "python");
    if (existsSync(py)) return py;
  }
  throw new Error(`no venv python under ${base}: run cluster/dask-env/build`);
}

/** Runs `code` with `address` in sys.argv[1]; resolves with its stdout (rejects on a non-zero exit). */
export function runPython(code: string, address: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(venvPython(), ["-c", code, address], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`python exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** Sum over a dask array of known size on the cluster at argv[1]: prints 499500. */
export const SUM_PY = `
import sys
import dask.array as da
from dask.distributed import Client
with Client(sys.argv[1], timeout=60) as c:
    print(int(da.arange(1000, chunks=100).sum().compute()))
`;

/** The number of workers the scheduler at argv[1] knows. */
export const WORKERS_PY = `
import sys
from dask.distributed import Client
with Client(sys.argv[1], timeout=60) as c:
    print(len(c.scheduler_info()["workers"]))
`;

/** Polls the scheduler until it reports `n` workers; resolves with the last count. */
export async function schedulerSees(address: string, n: number, timeoutMs = 90_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = Number((await runPython(WORKERS_PY, address)).trim());
    if (seen === n) return seen;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return seen;
}
