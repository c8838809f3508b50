// The test's own dask client: the venv python the packed environment was built from (same dask
// as the cluster's), running a small script that connects to a scheduler address.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readClientCredentials, writeClientCredentials } from "../../src/launcher/app-tls.js";
import type { WebHdfsClient } from "../../src/webhdfs/index.js";
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

/**
 * dask's client TLS configuration for the files `tsdask-yarn credentials --dir` wrote: with it an
 * unchanged `Client(address)` presents the application's certificate (what users do with the
 * printed Security(...) line, through dask's config instead).
 */
export function clientTlsEnv(credentialsDir: string | undefined): Record<string, string> {
  if (!credentialsDir) return {};
  const f = (name: string) => JSON.stringify(join(credentialsDir, name));
  return {
    DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: "True",
    DASK_DISTRIBUTED__COMM__TLS__CA_FILE: f("ca.pem"),
    DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT: f("cert.pem"),
    DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY: f("key.pem"),
  };
}

/**
 * Runs `code` with `address` in sys.argv[1]; resolves with its stdout (rejects on a non-zero exit).
 * `credentialsDir`: the application's TLS files (needed for a tls:// scheduler).
 */
export function runPython(
  code: string,
  address: string,
  timeoutMs = 120_000,
  credentialsDir?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...clientTlsEnv(credentialsDir) };
    const child = spawn(venvPython(), ["-c", code, address], { stdio: ["ignore", "pipe", "pipe"], env });
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
export async function schedulerSees(
  address: string,
  n: number,
  timeoutMs = 90_000,
  credentialsDir?: string,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = Number((await runPython(WORKERS_PY, address, 120_000, credentialsDir)).trim());
    if (seen === n) return seen;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return seen;
}

/** The application's TLS files written to a fresh temporary directory (what `credentials --dir` does). */
export async function credentialsDir(hdfs: WebHdfsClient, stagingDir: string, appId: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-creds-"));
  writeClientCredentials(dir, await readClientCredentials(hdfs, stagingDir, appId));
  return dir;
}

/** A dask Client to the scheduler at argv[1]: prints CONNECTED <workers>, or REFUSED <error class>. */
export const TRY_CONNECT_PY = `
import sys
from distributed import Client
try:
    with Client(sys.argv[1], timeout=15) as c:
        print("CONNECTED", len(c.scheduler_info()["workers"]))
except Exception as e:
    print("REFUSED", type(e).__name__)
`;
