// waitForBatch's own logic on a scripted ResourceManager and AM (pure CLI behaviour; the real
// cluster runs in test/e2e/cli/batch-wait.test.ts): one progress line per change, a "still
// waiting" line when nothing changes, --timeout saying whether the script started, a lost RM.
import assert from "node:assert/strict";
import { test } from "node:test";
import { waitForBatch } from "../../../src/cli/batch-wait.js";
import { ciMarkers } from "../../../src/cli/ci-markers.js";
import { Progress } from "../../../src/cli/progress.js";
import { countByState, type StatusReport } from "../../../src/control/index.js";
import { TsdaskError } from "../../../src/errors.js";
import type { RunningApplication } from "../../../src/launcher/index.js";
import type { ApplicationReport, ResourceManagerClient } from "../../../src/yarn-rest/index.js";

const status = (running: number, started = false): StatusReport => ({
  application: {} as StatusReport["application"],
  services: [
    {
      name: "dask.client",
      desiredInstances: 1,
      counts: countByState([{ state: running ? "RUNNING" : "REQUESTED" }]),
      restartsUsed: 0,
      maxRestarts: 0,
      containers: [],
    },
  ],
  dask: { schedulerAddress: "tcp://h:1", ...(started ? { scriptStarted: true } : {}) },
  generatedAt: 0,
});

function run(reports: (Partial<ApplicationReport> | Error)[], statuses: StatusReport[], over = {}) {
  let i = 0;
  let j = 0;
  const rm = {
    applicationReport: async () => {
      const r = reports[Math.min(i++, reports.length - 1)]!;
      if (r instanceof Error) throw r;
      return { state: "RUNNING", finalStatus: "UNDEFINED", diagnostics: "", ...r } as ApplicationReport;
    },
    schedulerInfo: async () => ({}),
  } as unknown as ResourceManagerClient;
  const app = {
    appId: "application_1_0001",
    client: { status: async () => statuses[Math.min(j++, statuses.length - 1)]! },
  } as unknown as RunningApplication;
  let err = "";
  const io = { out: () => {}, err: (t: string) => void (err += t), stderrTTY: false } as never;
  const result = waitForBatch(app, rm, {
    user: "u",
    queue: "default",
    out: () => {},
    err: () => {},
    deadline: Infinity,
    signal: new AbortController().signal,
    progress: new Progress(io),
    ci: ciMarkers({}, () => {}),
    intervalMs: 1,
    ...over,
  });
  return { result, stderr: () => err };
}

test("one line per change, 'still waiting' when nothing changes, the script's exit code at the end", async () => {
  const done = {
    state: "FINISHED",
    finalStatus: "FAILED",
    diagnostics: "the dask.client script ended with script exit code 7 (x)",
  } as const;
  const r = run([{}, {}, {}, {}, {}, done], [status(0), status(0), status(1, true), status(1, true)], {
    noteEveryMs: 0,
  });
  const end = await r.result;
  assert.deepEqual([end.scriptExitCode, end.scriptStarted, end.finalStatus], [7, true, "FAILED"]);
  const lines = r.stderr().trim().split("\n");
  assert.equal(lines[0], "script 0/1 running; 1 waiting: YARN has not allocated them yet");
  assert.match(lines[1]!, /^still waiting for application_1_0001 to end after \d+ s: script 0\/1 running; 1 waiting/);
  assert.ok(lines.includes("the script started"));
  assert.ok(lines.includes("script 1/1 running"));
});

test("--timeout: the error says whether the script ever started", async () => {
  const never = run([{}], [status(0)], { deadline: Date.now() - 1 });
  await assert.rejects(
    never.result,
    (e: TsdaskError) => e.code === "SUBMIT_TIMEOUT" && /the script never started/.test(e.message),
  );
  const started = run([{}], [status(1, true)], { deadline: Date.now() - 1 });
  await assert.rejects(started.result, (e: TsdaskError) => /the script had started/.test(e.message));
});

test("an unreachable ResourceManager is retried, then ends with CONNECTION_LOST", async () => {
  const down = new TsdaskError("RM_UNREACHABLE", "no active ResourceManager answered");
  const r = run([{}, down], [status(1, true)], { lostConnectionMs: 200 });
  await assert.rejects(r.result, (e: TsdaskError) => e.code === "CONNECTION_LOST");
  assert.match(r.stderr(), /cannot reach the ResourceManager \(no active ResourceManager answered\); retrying\n/);
  assert.equal(r.stderr().match(/cannot reach/g)?.length, 1, "said once, not every retry");
});
