// Benchmark (not a test): WebHDFS upload throughput of our client against Hadoop's own
// `hdfs dfs -put` of the same 512 MiB file, in the same run, on the local cluster.
//
//   npx tsx bench/upload.ts [--mib 512] [--rounds 2]
//
// `hdfs dfs -put` pays a JVM start on every run; that is what a user of the Hadoop CLI pays too,
// so the headline ratio includes it. A second figure subtracts the time of putting an empty
// file (≈ JVM start + connection setup) to show the steady-state transfer rate.
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebHdfsClient } from "../src/webhdfs/index.js";
import { hadoopTool, localCluster } from "../test/support/cluster.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MIB = arg("mib", 512);
const ROUNDS = arg("rounds", 2);

const cluster = localCluster();
const hdfs = new WebHdfsClient({ urls: [cluster.nnWeb], user: cluster.user });
const dir = `/tmp/tsdask-bench-upload-${process.pid}`;
const local = mkdtempSync(join(tmpdir(), "tsdask-bench-upload-"));
const file = join(local, "data.bin");
const empty = join(local, "empty.bin");

function writeData(): void {
  const fd = openSync(file, "w");
  const block = randomBytes(1 << 20);
  for (let i = 0; i < MIB; i++) {
    block.writeUInt32BE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  closeSync(openSync(empty, "w"));
}

function dfsPut(src: string, dst: string): number {
  const t0 = performance.now();
  const r = hadoopTool(["hdfs", "dfs", "-put", src, dst]);
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`hdfs dfs -put failed: ${r.stderr}`);
  return s;
}

async function ours(dst: string): Promise<number> {
  const t0 = performance.now();
  await hdfs.create(dst, file);
  return (performance.now() - t0) / 1000;
}

const fmt = (x: number) => x.toFixed(1);

try {
  writeData();
  await hdfs.mkdirs(dir, "700");
  const oursS: number[] = [];
  const dfsS: number[] = [];
  const jvmS: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so neither side always gets the warmer page cache / DataNode.
    if (r % 2 === 0) {
      oursS.push(await ours(`${dir}/ours-${r}`));
      dfsS.push(dfsPut(file, `${dir}/dfs-${r}`));
    } else {
      dfsS.push(dfsPut(file, `${dir}/dfs-${r}`));
      oursS.push(await ours(`${dir}/ours-${r}`));
    }
    jvmS.push(dfsPut(empty, `${dir}/empty-${r}`));
    await hdfs.delete(`${dir}/ours-${r}`);
    await hdfs.delete(`${dir}/dfs-${r}`);
  }
  const best = (xs: number[]) => Math.min(...xs);
  const oursRate = MIB / best(oursS);
  const dfsRate = MIB / best(dfsS);
  const dfsNet = MIB / Math.max(0.001, best(dfsS) - best(jvmS));
  console.log(`file: ${MIB} MiB, rounds: ${ROUNDS} (best of each), Hadoop ${cluster.hadoopVersion}, replication 1`);
  console.log(`ours (WebHDFS, axios):   ${oursS.map((s) => s.toFixed(2)).join(" / ")} s  -> ${fmt(oursRate)} MiB/s`);
  console.log(`hdfs dfs -put:           ${dfsS.map((s) => s.toFixed(2)).join(" / ")} s  -> ${fmt(dfsRate)} MiB/s`);
  console.log(`hdfs dfs -put empty file (JVM start etc.): ${jvmS.map((s) => s.toFixed(2)).join(" / ")} s`);
  console.log(`hdfs dfs -put without that fixed cost:       ${fmt(dfsNet)} MiB/s`);
  console.log(
    `ratio ours / hdfs dfs -put: ${(oursRate / dfsRate).toFixed(2)}x  (vs transfer-only: ${(oursRate / dfsNet).toFixed(2)}x)`,
  );
} finally {
  await hdfs.delete(dir, true).catch(() => false);
  rmSync(local, { recursive: true, force: true });
}
