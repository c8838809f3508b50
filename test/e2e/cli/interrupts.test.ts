// Ctrl-C (a real SIGINT to the built CLI) at each phase of a submit, on the real cluster: in the
// first milliseconds of a cold start, before the upload, in the middle of uploading a large
// environment (random bytes, so nothing is cached), twice in the middle of it, and while
// `submit --wait` waits for the end. Every time: exit 130, no application left running, no
// staging directory and no partial `*.uploading` file in the cache.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster } from "../../support/cluster.js";
import { spawnCli, tempHome } from "./run-cli.js";
import { partialUploads, writeBigEnv } from "./uploads-support.js";

const c = localCluster();
const confDir = c.confDir;
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const hdfs = WebHdfsClient.fromAddresses(clusterAddresses({ confDir, env: {} }), { user: c.user });
const home = tempHome();
const opts = { confDir, env: { HADOOP_USER_NAME: c.user }, home };
const base = `/user/${c.user}/.tsdask-yarn`;
const CACHE = `${base}/cache`;
const dir = mkdtempSync(join(tmpdir(), "tsdask-e2e-interrupt-"));
let bigEnv = "";
const sleeper = join(dir, "sleeper.yaml");
const partials = () => partialUploads(hdfs, CACHE);

before(async () => {
  bigEnv = writeBigEnv(dir, 256);
  // The mid-upload tests wait for a partial upload to appear: none may be there before.
  for (const p of await partials()) await hdfs.delete(p);
  writeFileSync(
    sleeper,
    "max-attempts: 1\nmaster: {memory: 256 MiB}\nservices:\n  sleeper:\n    memory: 256 MiB\n    script: sleep 600\n",
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI running `submit`, what it printed so far, and its end. */
function startSubmit(args: string[], env: Record<string, string> = {}) {
  const child = spawnCli(["submit", ...args], { ...opts, env: { ...opts.env, ...env } });
  const seen = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (seen.stdout += d));
  child.stderr.on("data", (d) => (seen.stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const appId = () => /application_\d+_\d+/.exec(seen.stderr)?.[0];
  return { child, seen, exited, appId };
}

async function until(what: string, ok: () => Promise<boolean> | boolean, ms: number, s: { seen: { stderr: string } }) {
  for (const end = Date.now() + ms; !(await ok()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr so far:\n${s.seen.stderr}`);
  }
}

/** Nothing of the application is left: not running in YARN, no staging dir, no partial upload. */
async function nothingLeft(appId: string | undefined): Promise<void> {
  if (appId) {
    const state = await rm.applicationState(appId).catch(() => "UNKNOWN (never submitted)");
    assert.ok(state.startsWith("UNKNOWN") || TERMINAL_STATES.includes(state as never), `${appId} is ${state}`);
    assert.equal(await hdfs.statIfExists(`${base}/apps/${appId}`), undefined, "staging dir removed");
  }
  assert.deepEqual(await partials(), [], "no partial upload left");
}

test("Ctrl-C in the first moments of a cold start: exit 130, not a death by signal", async () => {
  const s = startSubmit(["--environment", bigEnv], { TSDASK_YARN_TRACE_STARTUP: "1" });
  // The signal goes out the moment main.ts says its handler is in, while the program still loads.
  await until("the signal handler", () => s.seen.stderr.includes("signal handler installed"), 10_000, s);
  s.child.kill("SIGINT");
  const end = await s.exited;
  assert.equal(end.signal, null, "the handler was installed before the program loaded");
  assert.equal(end.code, 130, s.seen.stderr);
  console.log(
    s.seen.stderr
      .split("\n")
      .filter((l) => l.startsWith("startup:"))
      .join("; "),
  );
  await nothingLeft(s.appId());
});

test("Ctrl-C before the upload (right after new-application): exit 130, nothing left", async () => {
  const s = startSubmit(["--environment", bigEnv]);
  await until("the application id", () => s.appId() !== undefined, 60_000, s);
  s.child.kill("SIGINT");
  const end = await s.exited;
  assert.equal(end.code, 130, s.seen.stderr);
  assert.match(s.seen.stderr, /nothing was left behind/);
  await nothingLeft(s.appId());
});

test("Ctrl-C mid-upload of a 256 MiB environment: the upload stops within a second, its partial file is deleted", async () => {
  const s = startSubmit(["--environment", bigEnv]);
  await until("the partial upload in HDFS", async () => (await partials()).length > 0, 60_000, s);
  const sentAt = Date.now();
  s.child.kill("SIGINT");
  const end = await s.exited;
  assert.equal(end.code, 130, s.seen.stderr);
  // The abort itself plus the cleanup's HDFS calls (delete, check, delete the empty entry dir).
  assert.ok(end.at - sentAt < 5_000, `exited ${end.at - sentAt} ms after SIGINT`);
  assert.match(s.seen.stderr, /aborted after \d+ of \d+ bytes/);
  assert.match(s.seen.stderr, /nothing was left behind/);
  assert.doesNotMatch(s.seen.stderr, /uploaded environment/);
  await nothingLeft(s.appId());
});

test("Ctrl-C while staging a spec of 300 services with a file each: staging stops within a second, nothing left", async () => {
  // Staging writes two files per service, one after the other: about a minute of uploads, which
  // went on after "interrupted" until the last one (issue 21) before staging looked at the signal.
  const many = join(dir, "many.yaml");
  writeFileSync(join(dir, "data.txt"), "payload\n");
  const services = Array.from(
    { length: 300 },
    (_, i) => `  s${i}: {memory: 128 MiB, script: "true", files: {data.txt: data.txt}}`,
  );
  writeFileSync(
    many,
    ["max-attempts: 1", "master: {memory: 256 MiB}", "dask: false", "services:", ...services, ""].join("\n"),
  );
  const s = startSubmit(["--spec", many]);
  const files = async () => {
    const id = s.appId();
    const d = id && (await hdfs.statIfExists(`${base}/apps/${id}/services`).catch(() => undefined));
    return d ? (await hdfs.list(`${base}/apps/${id}/services`)).length : 0;
  };
  await until("the staging of service scripts under way", async () => (await files()) >= 5, 120_000, s);
  const sentAt = Date.now();
  s.child.kill("SIGINT");
  const end = await s.exited;
  assert.equal(end.code, 130, s.seen.stderr);
  // The file under way is cut, the loop stops, and the cleanup deletes the directory.
  console.log(`staging interrupted: exit ${end.at - sentAt} ms after SIGINT`);
  assert.ok(end.at - sentAt < 5_000, `exited ${end.at - sentAt} ms after SIGINT`);
  assert.match(s.seen.stderr, /nothing was left behind/);
  await nothingLeft(s.appId());
});

test("two Ctrl-Cs mid-upload: the second lets the cleanup finish, the partial file is deleted", async () => {
  const s = startSubmit(["--environment", bigEnv]);
  await until("the partial upload in HDFS", async () => (await partials()).length > 0, 60_000, s);
  s.child.kill("SIGINT");
  await new Promise((r) => setTimeout(r, 20));
  s.child.kill("SIGINT");
  const end = await s.exited;
  assert.equal(end.code, 130, s.seen.stderr);
  await nothingLeft(s.appId());
});

test("Ctrl-C while submit --wait waits for the end: the application is killed, exit 130", async () => {
  const s = startSubmit(["--spec", sleeper, "--wait"]);
  try {
    await until("the wait for the end", () => /waiting for application_\d+_\d+ to end/.test(s.seen.stderr), 240_000, s);
  } catch (e) {
    s.child.kill("SIGKILL");
    throw e;
  }
  s.child.kill("SIGINT");
  const end = await s.exited;
  assert.equal(end.code, 130, s.seen.stderr);
  assert.equal(await rm.applicationState(s.appId()!), "KILLED");
  await nothingLeft(s.appId());
});
