// Benchmark (not a test): how long the local Hadoop takes to resolve and start, and how
// much memory its daemons hold. Runs a second, throw-away cluster beside any running one
// (own work dir, own Maven repository, ports offset by 20000), so nothing is disturbed.
//
//   npx tsx bench/cluster.ts            # cold Maven resolution, cold start, warm start, RSS
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "tsdask-bench-cluster-"));
const env = {
  ...process.env,
  TSDASK_CLUSTER_DIR: join(work, "cluster"),
  TSDASK_MAVEN_REPO: join(work, "m2"),
  TSDASK_PORT_OFFSET: "20000",
};

function hadoop(...args: string[]): { seconds: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(join(root, "cluster", "hadoop"), args, { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cluster/hadoop ${args.join(" ")} failed:\n${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, stderr: r.stderr };
}

function rssMb(daemon: string): number {
  const pid = readFileSync(join(env.TSDASK_CLUSTER_DIR, "run", `${daemon}.pid`), "utf8").trim();
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1];
  return Number(kb) / 1024;
}

try {
  const first = hadoop("up");
  const maven = Number(/resolved \d+ jars in ([\d.]+) s/.exec(first.stderr)?.[1] ?? NaN);
  hadoop("clean"); // keeps the jars, drops data: the next start formats a new NameNode
  const cold = hadoop("up");
  const coldUp = Number(/up in ([\d.]+) s/.exec(cold.stderr)?.[1] ?? NaN);
  // Let the daemons settle after start before reading their memory.
  await new Promise((r) => setTimeout(r, 10_000));
  const rss = Object.fromEntries(
    ["namenode", "datanode", "resourcemanager", "nodemanager0"].map((d) => [d, Math.round(rssMb(d))]),
  );
  hadoop("down");
  const warm = hadoop("up");
  const warmUp = Number(/up in ([\d.]+) s/.exec(warm.stderr)?.[1] ?? NaN);
  hadoop("down");
  const total = Object.values(rss).reduce((a, b) => a + b, 0);
  console.log(`Maven resolution, empty local repository: ${maven.toFixed(1)} s`);
  console.log(`first up, incl. Maven and format:        ${first.seconds.toFixed(1)} s`);
  console.log(
    `cold start (format + start + ready):     ${coldUp.toFixed(1)} s (whole command: ${cold.seconds.toFixed(1)} s)`,
  );
  console.log(
    `warm start (existing data):              ${warmUp.toFixed(1)} s (whole command: ${warm.seconds.toFixed(1)} s)`,
  );
  console.log(`resident memory after start (MiB): ${JSON.stringify(rss)}, total ${total}`);
} finally {
  spawnSync(join(root, "cluster", "hadoop"), ["down"], { env });
  rmSync(work, { recursive: true, force: true });
}
