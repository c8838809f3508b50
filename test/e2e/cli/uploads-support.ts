// Shared by the interrupt and HDFS-fault e2e tests: a large environment nothing has cached, and
// the partial uploads (`*.uploading`) in the user's cache.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { WebHdfsClient } from "../../../src/webhdfs/index.js";

/** `<dir>/big-env.tar`: MiB of random bytes in a tar (incompressible, never in the cache). */
export function writeBigEnv(dir: string, mib: number): string {
  const blob = join(dir, "blob");
  const fd = openSync(blob, "w");
  for (let i = 0; i < mib; i++) writeSync(fd, randomBytes(1 << 20));
  closeSync(fd);
  const env = join(dir, "big-env.tar");
  const tar = spawnSync("tar", ["-C", dir, "-cf", env, "blob"]);
  assert.equal(tar.status, 0, String(tar.stderr));
  rmSync(blob);
  return env;
}

/** Every `*.uploading` file under the cache directory. */
export async function partialUploads(hdfs: WebHdfsClient, cache: string): Promise<string[]> {
  if (!(await hdfs.statIfExists(cache))) return [];
  const out: string[] = [];
  for (const d of await hdfs.list(cache)) {
    const files = await hdfs.list(`${cache}/${d.name}`).catch(() => []);
    out.push(...files.filter((f) => f.name.endsWith(".uploading")).map((f) => `${cache}/${d.name}/${f.name}`));
  }
  return out;
}
