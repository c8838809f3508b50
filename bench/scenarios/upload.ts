// Upload of a 512 MiB archive: our WebHDFS client against Hadoop's `hdfs dfs -put` of the same
// file, alternating which goes first so neither always gets the warmer page cache. `hdfs dfs -put`
// pays a JVM start every time, as its users do; the time of putting an empty file (that fixed cost)
// is recorded beside it.
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebHdfsClient } from "../../src/webhdfs/index.js";
import { hadoopTool } from "../../test/support/cluster.js";
import { figure, type Scenario } from "../lib/scenario.js";

const MIB = 512;

function writeData(file: string): void {
  const fd = openSync(file, "w");
  const block = randomBytes(1 << 20);
  for (let i = 0; i < MIB; i++) {
    block.writeUInt32BE(i, 0); // no two blocks alike: nothing along the way can dedupe
    writeSync(fd, block);
  }
  closeSync(fd);
}

function dfsPut(src: string, dst: string): number {
  const t0 = performance.now();
  const r = hadoopTool(["hdfs", "dfs", "-put", src, dst], 600_000);
  if (r.status !== 0) throw new Error(`hdfs dfs -put failed: ${r.stderr.slice(-400)}`);
  return Math.round(performance.now() - t0);
}

export const upload: Scenario = {
  name: "upload",
  needsCluster: true,
  async run(ctx) {
    const hdfs = new WebHdfsClient({ urls: [ctx.cluster.nnWeb], user: ctx.cluster.user });
    const dir = `/tmp/tsdask-bench-upload-${process.pid}`;
    const local = mkdtempSync(join(tmpdir(), "tsdask-bench-upload-"));
    const file = join(local, "data.bin");
    const empty = join(local, "empty.bin");
    const ours: number[] = [];
    const put: number[] = [];
    const jvm: number[] = [];
    try {
      writeData(file);
      closeSync(openSync(empty, "w"));
      await hdfs.mkdirs(dir, "700");
      const oursOnce = async (r: number) => {
        const t0 = performance.now();
        await hdfs.create(`${dir}/ours-${r}`, file);
        ours.push(Math.round(performance.now() - t0));
      };
      for (let r = 0; r < ctx.runs; r++) {
        if (r % 2 === 0) {
          await oursOnce(r);
          put.push(dfsPut(file, `${dir}/put-${r}`));
        } else {
          put.push(dfsPut(file, `${dir}/put-${r}`));
          await oursOnce(r);
        }
        jvm.push(dfsPut(empty, `${dir}/empty-${r}`));
        await hdfs.delete(`${dir}/ours-${r}`);
        await hdfs.delete(`${dir}/put-${r}`);
      }
    } finally {
      await hdfs.delete(dir, true).catch(() => false);
      rmSync(local, { recursive: true, force: true });
    }
    return {
      figures: [
        figure("ours", `tsdask-yarn WebHDFS upload, ${MIB} MiB`, "ms", ours),
        figure("put", `hdfs dfs -put, ${MIB} MiB`, "ms", put),
        figure("put-empty", "hdfs dfs -put of an empty file (JVM start + setup)", "ms", jvm),
      ],
      // Time ratio ≤ 1.0 is the "throughput ≥ 1.0 × hdfs dfs -put".
      comparisons: [{ title: "upload 512 MiB: time ÷ hdfs dfs -put", ours: "ours", peer: "put", atMost: 1.0 }],
      notes: [`Replication 1, one DataNode; the file is random bytes (${MIB} MiB).`],
    };
  },
};
