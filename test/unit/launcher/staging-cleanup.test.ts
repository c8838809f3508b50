// A submit refused in HDFS safe mode (issue 21): the mkdirs of the staging directory is refused, so
// is the cleanup's delete, and the launcher reported "left behind: staging directory" for a
// directory that was never made. Now a failed delete is a leftover only if the directory is there
// (or cannot be looked at). The HDFS side is a stand-in answering as a NameNode in safe mode does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { removeStagingDir } from "../../../src/launcher/staging-cleanup.js";
import type { FileStatus } from "../../../src/webhdfs/index.js";

const DIR = "/user/u/.tsdask-yarn/apps/application_1_0001";
const safeMode = () =>
  new TsdaskError("HDFS_SAFE_MODE", "Cannot delete " + DIR + ". Name node is in safe mode.", "wait for it to leave");
const status = { type: "DIRECTORY", length: 0 } as unknown as FileStatus;

function hdfs(o: { deleted?: boolean; exists?: boolean | "unreadable" }) {
  const calls: string[] = [];
  return {
    calls,
    delete: async (path: string) => {
      calls.push(`delete ${path}`);
      if (!o.deleted) throw safeMode();
      return true;
    },
    statIfExists: async (path: string) => {
      calls.push(`stat ${path}`);
      if (o.exists === "unreadable") throw new TsdaskError("HDFS_UNREACHABLE", "no NameNode answered");
      return o.exists ? status : undefined;
    },
  };
}

test("safe mode, directory never made: nothing is left behind", async () => {
  const h = hdfs({ deleted: false, exists: false });
  assert.equal(await removeStagingDir(h, DIR), undefined);
  assert.deepEqual(h.calls, [`delete ${DIR}`, `stat ${DIR}`]);
});

test("safe mode, directory there: the delete's error is the leftover's reason", async () => {
  const left = await removeStagingDir(hdfs({ deleted: false, exists: true }), DIR);
  assert.ok(left instanceof TsdaskError && left.code === "HDFS_SAFE_MODE");
});

test("the directory cannot be looked at either: reported as possibly left", async () => {
  const left = await removeStagingDir(hdfs({ deleted: false, exists: "unreadable" }), DIR);
  assert.ok(left instanceof TsdaskError && left.code === "HDFS_SAFE_MODE");
});

test("a delete that works needs no look", async () => {
  const h = hdfs({ deleted: true });
  assert.equal(await removeStagingDir(h, DIR), undefined);
  assert.deepEqual(h.calls, [`delete ${DIR}`]);
});
