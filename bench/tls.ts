// Benchmark (not a test): what per-application TLS costs, TLS on against off in the same run, on
// the shared local cluster: submit → workers ready (YarnCluster.start with 2 workers), and dask
// transfers: worker → worker (the comm every shuffle uses), worker → client (gather), and
// scheduler round trips (many small messages).
//
//   npx tsx bench/tls.ts [--rounds 2] [--mib 128]
//
// The rounds alternate on/off so a slow moment of the shared machine hits both. Results:
// bench/results/tls-<date>.json (gitignored).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { YarnCluster } from "../src/launcher/index.js";
import { localCluster, ROOT } from "../test/support/cluster.js";
import { runPython } from "../test/support/dask-python.js";
import { daskEnvironment } from "../test/integration/launcher/support.js";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "2" }, mib: { type: "string", default: "128" } },
});
const rounds = Number(values.rounds);
const mib = Number(values.mib);
const c = localCluster();
const env = { ...process.env, HADOOP_CONF_DIR: c.confDir, HADOOP_USER_NAME: c.user };

/** Prints one JSON line: MiB/s worker→worker and worker→client, and scheduler round trips per second. */
const TRANSFER_PY = `
import sys, time, json
from distributed import Client, wait
n = ${mib} * 1024 * 1024
with Client(sys.argv[1], timeout=60) as c:
    c.wait_for_workers(2)
    a, b = list(c.scheduler_info()["workers"])[:2]
    blob = c.submit(lambda n: b"x" * n, n, workers=[a], pure=False)
    wait(blob)
    t = time.perf_counter(); c.submit(len, blob, workers=[b], allow_other_workers=False).result(); w2w = time.perf_counter() - t
    t = time.perf_counter(); c.gather(blob); gather = time.perf_counter() - t
    k = 200
    t = time.perf_counter()
    for _ in range(k): c.run_on_scheduler(lambda: 0)
    rt = time.perf_counter() - t
    print(json.dumps({"workerToWorkerMiBs": ${mib} / w2w, "gatherMiBs": ${mib} / gather, "schedulerRoundTripsPerS": k / rt}))
`;

async function one(tls: boolean) {
  const t0 = performance.now();
  const cluster = await YarnCluster.start({
    environment: daskEnvironment(),
    nWorkers: 2,
    workerMemory: `${Math.max(512, 2 * mib + 256)} MiB`,
    schedulerMemory: "512 MiB",
    maxAttempts: 1,
    name: `tsdask-bench-tls-${tls}`,
    tls,
    hadoopConfDir: c.confDir,
    env,
  });
  const readyS = (performance.now() - t0) / 1000;
  try {
    const dir = tls ? mkdtempSync(join(tmpdir(), "tsdask-bench-creds-")) : undefined;
    if (dir) await cluster.credentials(dir);
    const out = JSON.parse((await runPython(TRANSFER_PY, cluster.schedulerAddress, 600_000, dir)).trim()) as Record<
      string,
      number
    >;
    return { tls, submitToWorkersReadyS: readyS, ...out };
  } finally {
    await cluster.shutdown();
  }
}

const results: ({ tls: boolean } & Record<string, number | boolean>)[] = [];
for (let i = 0; i < rounds; i++) {
  for (const tls of i % 2 ? [false, true] : [true, false]) {
    const r = await one(tls);
    console.log(JSON.stringify(r));
    results.push(r);
  }
}
const mean = (tls: boolean, k: string) => {
  const xs = results.filter((r) => r.tls === tls).map((r) => (r as unknown as Record<string, number>)[k]!);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
for (const k of ["submitToWorkersReadyS", "workerToWorkerMiBs", "gatherMiBs", "schedulerRoundTripsPerS"]) {
  console.log(
    `${k.padEnd(26)} TLS ${mean(true, k).toFixed(1).padStart(8)}   plain ${mean(false, k).toFixed(1).padStart(8)}`,
  );
}
const dir = join(ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, `tls-${new Date().toISOString().slice(0, 10)}.json`),
  JSON.stringify({ mib, results }, null, 2),
);
