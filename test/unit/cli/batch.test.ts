// submit --wait's pure parts: exit codes of a batch application, the progress line, the warning
// for options after SCRIPT, the CI log-group markers and the --stream choice.
import assert from "node:assert/strict";
import { test } from "node:test";
import { statusLine } from "../../../src/cli/batch-status.js";
import { ciMarkers } from "../../../src/cli/ci-markers.js";
import { EXIT, exitCodeFor, exitCodeForBatch } from "../../../src/cli/exit.js";
import { misplacedFlags, misplacedWarning } from "../../../src/cli/script-args.js";
import { streamChoice } from "../../../src/cli/stream-choice.js";
import { countByState, type ContainerState, type StatusReport } from "../../../src/control/index.js";
import { TsdaskError } from "../../../src/errors.js";
import { cli } from "./helpers.js";

const end = (over: Partial<Parameters<typeof exitCodeForBatch>[0]>) =>
  exitCodeForBatch({ state: "FINISHED", finalStatus: "FAILED", diagnostics: "", scriptStarted: true, ...over });

test("batch exit codes: the script's own, else killed 137 / not started 125 / failed 1", () => {
  assert.equal(end({ scriptExitCode: 7 }), 7);
  assert.equal(end({ finalStatus: "SUCCEEDED", scriptExitCode: 0 }), 0);
  assert.equal(end({ state: "KILLED", finalStatus: "KILLED", scriptExitCode: 7 }), 137);
  assert.equal(end({ scriptStarted: false }), 125);
  assert.equal(end({ scriptStarted: true }), 1, "started, then killed by YARN (no exit code of its own)");
  assert.equal(end({ finalStatus: "SUCCEEDED" }), 0);
  assert.deepEqual([EXIT.killed, EXIT.connectionLost, EXIT.timedOut, EXIT.notStarted], [137, 75, 124, 125]);
  assert.equal(exitCodeFor(new TsdaskError("SUBMIT_TIMEOUT", "late")), 124);
  assert.equal(exitCodeFor(new TsdaskError("AM_REGISTRATION_TIMEOUT", "late")), 124);
  assert.equal(exitCodeFor(new TsdaskError("CLUSTER_NOT_READY", "late")), 124);
  assert.equal(exitCodeFor(new TsdaskError("CONNECTION_LOST", "gone")), 75);
});

function report(services: [string, number, ContainerState[]][], scheduler = true): StatusReport {
  return {
    application: { id: "a", name: "n", attempt: 1, state: "RUNNING", startTime: 0, amMemoryRssBytes: 0 },
    services: services.map(([name, desired, states]) => ({
      name,
      desiredInstances: desired,
      counts: countByState(states.map((state) => ({ state }))),
      restartsUsed: 0,
      maxRestarts: 0,
      containers: [],
    })),
    ...(scheduler ? { dask: { schedulerAddress: "tcp://h:1" } } : {}),
    generatedAt: 0,
  };
}

test("statusLine names the queue only when it is short of what the pending containers need", () => {
  const s = {
    ...report([
      ["dask.scheduler", 1, ["RUNNING"]],
      ["dask.worker", 4, ["RUNNING", "REQUESTED", "REQUESTED", "REQUESTED"]],
    ]),
    pending: [
      {
        service: "dask.worker",
        count: 3,
        memoryMiB: 2048,
        vcores: 1,
        reason: "asked; YARN allocates at the next node heartbeat",
      },
    ],
  };
  const roomy = { queue: "default", maximum: { memoryMiB: 98304, vcores: 32 }, used: { memoryMiB: 4096, vcores: 2 } };
  assert.equal(
    statusLine(s, roomy),
    "scheduler 1/1, workers 1/4 running; 3 waiting: asked; YARN allocates at the next node heartbeat",
  );
  const short = { ...roomy, used: { memoryMiB: 97000, vcores: 2 } };
  assert.equal(
    statusLine(s, short),
    "scheduler 1/1, workers 1/4 running; 3 waiting: queue default has 1304 MiB and 30 vcores free",
  );
  const noVcores = { ...roomy, used: { memoryMiB: 4096, vcores: 32 } };
  assert.match(statusLine(s, noVcores), /3 waiting: queue default has 94208 MiB and 0 vcores free$/);
  // Room for one 2048 MiB worker but not for the three waiting: the queue is what they wait for.
  const roomForOne = { ...roomy, used: { memoryMiB: 98304 - 5000, vcores: 2 } };
  assert.match(statusLine(s, roomForOne), /3 waiting: queue default has 5000 MiB and 30 vcores free$/);
});

test("statusLine: running counts per service and why the rest waits", () => {
  const s = report([
    ["dask.scheduler", 1, ["RUNNING"]],
    ["dask.worker", 20, [...Array(6).fill("RUNNING"), ...Array(14).fill("REQUESTED")]],
    ["dask.client", 1, ["RUNNING"]],
  ]);
  const cap = { queue: "default", maximum: { memoryMiB: 8192, vcores: 8 }, used: { memoryMiB: 8192, vcores: 8 } };
  assert.equal(
    statusLine(s, cap),
    "scheduler 1/1, workers 6/20, script 1/1 running; 14 waiting: queue default has 0 MiB and 0 vcores free",
  );
  assert.equal(
    statusLine(
      report(
        [
          ["dask.scheduler", 1, ["REQUESTED"]],
          ["dask.worker", 2, ["WAITING", "WAITING"]],
        ],
        false,
      ),
      undefined,
    ),
    "scheduler 0/1, workers 0/2 running; the dask scheduler has not published its address yet; 3 waiting: YARN has not allocated them yet",
  );
  assert.equal(
    statusLine(
      report([
        ["dask.scheduler", 1, ["RUNNING"]],
        ["dask.worker", 2, ["WAITING", "WAITING"]],
      ]),
      undefined,
    ),
    "scheduler 1/1, workers 0/2 running; 2 waiting: their dependencies",
  );
});

test("options after SCRIPT: each of submit's own flags once, --flag=value too, nothing after --", () => {
  const own = new Set(["--wait", "--environment", "-q", "--json"]);
  assert.deepEqual(misplacedFlags(["--environment", "E", "--wait", "--input", "x", "--wait"], own), [
    "--environment",
    "--wait",
  ]);
  assert.deepEqual(misplacedFlags(["--environment=E", "-q"], own), ["--environment", "-q"]);
  assert.deepEqual(misplacedFlags(["--", "--wait"], own), []);
  assert.equal(
    misplacedWarning("--wait", "job.py"),
    "warning: '--wait' comes after SCRIPT (job.py), so it is passed to the script, not to submit; put it before job.py if it is meant for submit",
  );
});

test("CI markers: GitHub groups, GitLab sections, nothing elsewhere", () => {
  let gh = "";
  const g = ciMarkers({ CI: "true", GITHUB_ACTIONS: "true" }, (s) => (gh += s));
  g.start("submit");
  g.start("again");
  g.end();
  g.end();
  assert.equal(gh, "::group::submit\n::endgroup::\n::group::again\n::endgroup::\n");
  let gl = "";
  const l = ciMarkers({ CI: "true", GITLAB_CI: "true" }, (s) => (gl += s));
  l.start("submit");
  l.end();
  // ESC [0K (erase line) around each marker, as GitLab's docs write them; ESC shown as "^".
  const shown = gl.replaceAll(String.fromCharCode(27), "^");
  assert.match(shown, /^\^\[0Ksection_start:\d+:tsdask_yarn_1\[collapsed=true\]\r\^\[0Ksubmit\n/);
  assert.match(shown, /\^\[0Ksection_end:\d+:tsdask_yarn_1\r\^\[0K\n$/);
  let none = "";
  const n = ciMarkers({ CI: "true" }, (s) => (none += s));
  n.start("x");
  n.end();
  assert.equal(none, "");
});

test("--stream: a service or instance of the application, only with --wait; the script's by default", () => {
  const services = ["dask.scheduler", "dask.worker", "dask.client"];
  assert.equal(streamChoice({ wait: true }, "job.py", services), "dask.client");
  assert.equal(streamChoice({ wait: true, stream: false }, "job.py", services), undefined);
  assert.equal(streamChoice({}, "job.py", services), undefined);
  assert.equal(streamChoice({ wait: true, stream: "dask.worker_2" }, undefined, services), "dask.worker_2");
  assert.throws(() => streamChoice({ wait: true, stream: "web" }, "job.py", services), /no service or instance 'web'/);
  assert.throws(() => streamChoice({ stream: "dask.worker" }, "job.py", services), /--stream dask.worker needs --wait/);
});

test("submit warns about its own options after SCRIPT (before it reads the config)", async () => {
  const r = await cli(["submit", "job.py", "--environment", "env.tar.gz", "--wait"], { env: {} });
  assert.match(r.stderr, /warning: '--environment' comes after SCRIPT \(job.py\)/);
  assert.match(r.stderr, /warning: '--wait' comes after SCRIPT \(job.py\)/);
});
