// Every row of the bad-input table (bad-input-cases.ts) through the built CLI against the real
// cluster: the exit code, the first error line, and nothing left behind. Rows that fail before
// contacting the cluster only need their output checked (and that no application id was handed
// out); rows that reach it are checked against the RM (no application with the run's tag, every id
// they were handed unknown to the RM or ended) and HDFS (no staging dir for those ids).
// docs/bad-input.md must be exactly what scripts/bad-input-doc.ts generates from the same table.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../../support/cluster.js";
import { BAD_INPUT_CASES, type BadInputCase } from "./bad-input-cases.js";
import { renderBadInputDoc } from "./bad-input-doc.js";
import { checkCaseOutput, daskEnvArchive, deadRmConf, runCase, type CaseRun, type Fixtures } from "./bad-input-run.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const hdfs = new WebHdfsClient({ urls: [c.nnWeb], user: c.user });
// Every submit of this run carries the tag (TSDASK_YARN_TAGS, so the documented command lines
// stay clean): an application that slipped through to the RM is found by it.
const tag = `tsdask-bad-input-${process.pid}`;
let fx: Fixtures;

before(async () => {
  // A finished application for "scale/shutdown of a finished app": a sleep AM, killed at once.
  const app = await rm.newApplication();
  await rm.submitApplication({
    applicationId: app.applicationId,
    name: `tsdask-bad-input-finished-${process.pid}`,
    applicationType: "TSDASK-E2E",
    queue: "default",
    tags: [tag],
    resource: { memoryMb: 128, vcores: 1 },
    maxAppAttempts: 1,
    amContainer: { command: "sleep 30" },
  });
  await rm.killApplication(app.applicationId, "bad-input fixture");
  await rm.waitForApplication(app.applicationId, undefined, { timeoutMs: 30_000 });
  fx = {
    confDir: c.confDir,
    user: c.user,
    env: daskEnvArchive(),
    finished: app.applicationId,
    badConf: deadRmConf(c.confDir),
    tag,
  };
});

after(async () => {
  // Belt and braces: nothing of this run may keep running, whatever the assertions said.
  for (const a of await rm.listApplications({ tags: [tag] }).catch(() => [])) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "bad-input cleanup").catch(() => undefined);
  }
});

/** Runs cases `width` at a time (they are independent; the cluster ones only read or fail early). */
async function runAll(cases: readonly BadInputCase[], width: number): Promise<CaseRun[]> {
  const out: CaseRun[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await runCase(cases[i]!, fx);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

// Rows needing a running dask application are run by test/e2e/faults/faults.test.ts, rows for
// the secure cluster by test/e2e/secure/secure-errors.test.ts.
const offline = BAD_INPUT_CASES.filter((k) => !k.cluster);
const online = BAD_INPUT_CASES.filter((k) => k.cluster && !k.runningDaskApp && !k.secureCluster);

test(`${offline.length} inputs rejected before contacting the cluster`, async () => {
  const runs = await runAll(offline, 8);
  offline.forEach((k, i) => {
    checkCaseOutput(k, runs[i]!);
    if (!process.env.BAD_INPUT_DUMP)
      assert.deepEqual(runs[i]!.appIds, [], `${k.what}: no application id was handed out`);
  });
});

test(`${online.length} inputs rejected by or against the cluster leave nothing behind`, async () => {
  const runs = await runAll(online, 4);
  for (const [i, k] of online.entries()) {
    const r = runs[i]!;
    checkCaseOutput(k, r);
    const user = k.user ?? c.user;
    for (const id of r.appIds.filter((id) => id !== fx.finished)) {
      const report = await rm.applicationReport(id).catch(() => undefined);
      assert.ok(!report || TERMINAL_STATES.includes(report.state), `${k.what}: ${id} is ${report?.state}`);
      const staging = `/user/${user}/.tsdask-yarn/apps/${id}`;
      assert.equal(await hdfs.statIfExists(staging), undefined, `${k.what}: ${staging} left behind`);
    }
  }
  // Nothing but the fixture reached the RM under this run's tag: every submit stopped before it.
  const tagged = await rm.listApplications({ tags: [tag] });
  assert.deepEqual(
    tagged.map((a) => a.id),
    [fx.finished],
  );
});

test("docs/bad-input.md lists exactly the table's rows", () => {
  const doc = readFileSync(join(ROOT, "docs", "bad-input.md"), "utf8");
  assert.ok(BAD_INPUT_CASES.length >= 25);
  assert.equal(doc, renderBadInputDoc(BAD_INPUT_CASES), "regenerate it: npx tsx scripts/bad-input-doc.ts");
});
