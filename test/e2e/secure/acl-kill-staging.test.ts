// Issue 21 on the secure cluster (Kerberos, YARN ACLs enforced): an application the owner lets
// `other` modify (acls.modify) is killed by other through the RM's REST API (SPNEGO). other can
// never read the owner's staging directory (HDFS permissions), yet it is gone within 60 s: the
// owner's AM removes it on the NodeManager's SIGTERM, with the HDFS delegation token it has.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  curl,
  kerberosEnv,
  releaseSecureCluster,
  secureCluster,
  type SecureCluster,
} from "../../support/secure-cluster.js";
import { runCli } from "../cli/run-cli.js";

let c: SecureCluster;
let app: { appId: string; stagingDir: string } | undefined;
const work = mkdtempSync(join(tmpdir(), "tsdask-acl-kill-"));

const owner = (args: string[]) => runCli(args, { confDir: c.confDir, env: kerberosEnv(c), timeoutMs: 300_000 });
const asOwner = (url: string) => curl(c, url, { ccache: c.security.user.ccache });

before(() => {
  c = secureCluster();
});
after(async () => {
  if (app) await owner(["kill", app.appId]);
  releaseSecureCluster();
});

test(
  "killed through the RM REST API by a user with the modify ACL: no staging directory 60 s later",
  { timeout: 300_000 },
  async () => {
    const spec = join(work, "acl.yaml");
    writeFileSync(
      spec,
      [
        "name: tsdask-acl-kill",
        // On its last attempt the AM removes the directory on YARN's SIGTERM (an earlier attempt
        // leaves it to the owner's next command: a next attempt may need it).
        "max-attempts: 1",
        "master: {memory: 256 MiB}",
        "dask: false",
        "acls: {view: other, modify: other}",
        "services:",
        "  sleeper: {memory: 128 MiB, script: sleep 600}",
      ].join("\n"),
    );
    const r = await owner(["--json", "submit", "--spec", spec]);
    assert.equal(r.code, 0, r.stderr);
    app = JSON.parse(r.stdout) as { appId: string; stagingDir: string };
    const stat = () => asOwner(`${c.nnWeb}/webhdfs/v1${app!.stagingDir}?op=GETFILESTATUS`);
    assert.equal((await stat()).status, 200);
    const t0 = Date.now();
    const kill = await curl(c, `${c.rmWeb}/ws/v1/cluster/apps/${app.appId}/state`, {
      ccache: c.security.otherUser.ccache,
      method: "PUT",
      json: { state: "KILLED" },
    });
    assert.ok(kill.status === 200 || kill.status === 202, `other's kill: ${kill.status} ${kill.body}`);
    let status = (await stat()).status;
    while (status === 200 && Date.now() - t0 < 60_000) {
      await sleep(500);
      status = (await stat()).status;
    }
    assert.equal(status, 404, `${app.stagingDir} is still there 60 s after other's kill`);
    console.log(`staging dir gone ${Date.now() - t0} ms after other's REST kill`);
    const st = JSON.parse((await owner(["--json", "status", app.appId])).stdout);
    assert.equal(st.report.state, "KILLED");
    app = undefined;
  },
);
