// Delegation tokens past their maximum lifetime, on a throw-away secure cluster whose tokens live
// 60 s and must be renewed every 40 s (its own, started once for this file and stopped at the end:
// the shared secure cluster's options stay as they are). A service reads an HDFS file every 20 s
// with the token in its container's token file; the scenarios run side by side:
//   refresh   `credentials refresh` every 20 s: every read succeeds past three maximum lifetimes,
//             with tokens the service had never been launched with
//   keytab    --keytab-in-am and no help from the launcher: the AM logs in from the shipped keytab
//             and re-obtains tokens itself; every read succeeds past three maximum lifetimes
//   none      nothing: once the submitted token ends, reads fail and `status` reports the first
//             refusal with the fix
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT } from "../../support/cluster.js";
import type { SecureCluster } from "../../support/secure-cluster.js";
import { runCli, tempHome, type CliResult } from "../cli/run-cli.js";

const DIR = process.env.TSDASK_TOKENS_CLUSTER_DIR ?? "/tmp/tsdask-tokens-cluster";
const OFFSET = process.env.TSDASK_TOKENS_OFFSET ?? "6000";
const RENEW_MS = 40_000;
const MAX_LIFETIME_MS = 60_000;
const READ_EVERY_S = 20;

const hadoop = (args: string[]) =>
  spawnSync(join(ROOT, "cluster", "hadoop"), args, {
    env: { ...process.env, TSDASK_CLUSTER_DIR: DIR, TSDASK_PORT_OFFSET: OFFSET },
    encoding: "utf8",
    timeout: 420_000,
  });

let c: SecureCluster;
let startedHere = false;
let ticket: Record<string, string>;
const DATA = "/user/tester/tokens-suite.txt";

before(() => {
  const up = hadoop([
    "up",
    "--secure",
    "--rpc-protection",
    "privacy",
    "--token-renew-ms",
    String(RENEW_MS),
    "--token-max-lifetime-ms",
    String(MAX_LIFETIME_MS),
  ]);
  assert.equal(up.status, 0, `cluster/hadoop up failed:\n${up.stderr}`);
  startedHere = !/already running/.test(up.stderr);
  c = JSON.parse(readFileSync(join(DIR, "run", "state.json"), "utf8")) as SecureCluster;
  ticket = {
    KRB5_CONFIG: c.security.krb5Conf,
    KRB5CCNAME: `FILE:${c.security.user.ccache}`,
    TSDASK_YARN_CA_FILE: c.security.caPem,
  };
  const file = join(tempHome(), "data.txt");
  writeFileSync(file, "tokens suite\n");
  const put = spawnSync(join(ROOT, "cluster", "hadoop"), ["hdfs", "dfs", "-put", "-f", file, DATA], {
    env: { ...process.env, ...ticket, TSDASK_CLUSTER_DIR: DIR, TSDASK_PORT_OFFSET: OFFSET },
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(put.status, 0, put.stderr);
});
after(() => {
  if (startedHere && !process.env.TSDASK_TOKENS_KEEP) hadoop(["down"]);
});

const cli = (args: string[], timeoutMs = 300_000): Promise<CliResult> =>
  runCli(args, { confDir: c.confDir, env: ticket, timeoutMs });

/** Submits the reader service; returns the application id. */
async function submitReader(name: string, extra: string[] = [], amEnv = "{}"): Promise<string> {
  const spec = join(tempHome(), "spec.yaml");
  const reader = join(ROOT, "test", "e2e", "secure", "hdfs_reader.py");
  writeFileSync(
    spec,
    [
      `name: tsdask-e2e-tokens-${name}`,
      // The nodes' krb5.conf is the cluster's own (a real node has /etc/krb5.conf).
      `master: {env: ${amEnv}}`,
      "services:",
      "  reader:",
      "    memory: 256 MiB",
      '    env: {TSDASK_CREDENTIALS_POLL_MS: "5000"}',
      `    files: {reader.py: ${reader}}`,
      `    script: exec python3 reader.py ${c.nnWeb} ${DATA} ${c.security.caPem} ${READ_EVERY_S}`,
      "",
    ].join("\n"),
  );
  const r = await cli(["submit", "--spec", spec, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split("\n").pop()!;
}

/** Waits until `until`, then checks that every read succeeded, at least one per interval, with fresh tokens. */
async function readsHeldUp(appId: string, until: number): Promise<void> {
  await sleep(Math.max(0, until - Date.now()));
  const all = reads(appId);
  assert.deepEqual(
    all.filter((r) => !r.ok),
    [],
    `${appId}: every read succeeded`,
  );
  // Reads every 20 s over at least four maximum lifetimes (submit + three): no gap, no stall.
  assert.ok(all.length >= Math.floor((4 * MAX_LIFETIME_MS) / (READ_EVERY_S * 1000)) - 1, `only ${all.length} reads`);
  const sequences = new Set(all.map((r) => r.sequence));
  assert.ok(sequences.size >= 4, `${appId}: the reader used only tokens ${[...sequences].join(", ")}`);
  assert.equal((await amStatus(appId)).credentials.failure, undefined);
}

/** The reader's stdout lines so far, from the NodeManager's log dir of its (only) container. */
function reads(appId: string): { n: number; ok: boolean; sequence: string; line: string }[] {
  const appDir = join(DIR, "data", "nm0", "logs", appId);
  if (!existsSync(appDir)) return [];
  const container = readdirSync(appDir).find((d) => !d.endsWith("_000001"));
  if (!container) return [];
  // The service's stdout as the wrapper rolls it (docs/logs.md): its parts in number order, then
  // the plain file; all still on the node (a 64 MiB part holds the whole run).
  const dir = join(appDir, container);
  const part = (f: string) => Number(/^stdout\.part-(\d+)(\.open)?$/.exec(f)?.[1] ?? Infinity);
  const files = readdirSync(dir)
    .filter((f) => f === "stdout" || Number.isFinite(part(f)))
    .sort((a, b) => part(a) - part(b));
  if (files.length === 0) return []; // the container is still starting
  const text = files.map((f) => readFileSync(join(dir, f), "utf8")).join("");
  return [...text.matchAll(/^read (\d+) (ok|FAILED) (\S+)(.*)$/gm)].map((m) => ({
    n: Number(m[1]),
    ok: m[2] === "ok",
    sequence: m[3]!,
    line: m[0],
  }));
}

async function amStatus(appId: string): Promise<any> {
  const r = await cli(["status", appId, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).am;
}

async function firstRead(appId: string): Promise<number> {
  for (const end = Date.now() + 120_000; Date.now() < end; await sleep(2000)) {
    if (reads(appId).length > 0) return Date.now();
  }
  throw new Error(`the reader of ${appId} made no read within 2 min`);
}

test("past three maximum token lifetimes: `credentials refresh` or --keytab-in-am keep the service reading; with neither, status reports the first refusal with the fix", async () => {
  const keytab = ["--keytab", c.security.user.keytab, "--keytab-in-am"];
  const amEnv = `{KRB5_CONFIG: ${c.security.krb5Conf}}`;
  const [refreshed, unhelped, selfRenewing] = await Promise.all([
    submitReader("refresh"),
    submitReader("none"),
    submitReader("keytab", keytab, amEnv),
  ]);
  await Promise.all([firstRead(refreshed), firstRead(unhelped), firstRead(selfRenewing)]);

  const refreshing = (async () => {
    // The submitted token ends one maximum lifetime after submit; go on for three more after that.
    const submitted = (await amStatus(refreshed)).credentials.tokens[0];
    const until = submitted.maxDate + 3 * MAX_LIFETIME_MS;
    const results: string[] = [];
    while (Date.now() < until) {
      const r = await cli(["credentials", "refresh", refreshed, "--json"]);
      assert.equal(r.code, 0, r.stderr);
      const creds = JSON.parse(r.stdout).credentials;
      assert.equal(creds.source, "refresh");
      assert.ok(creds.tokens[0].expiry > Date.now(), "a refreshed token has a known expiry ahead");
      results.push(creds.tokens[0].maxDate);
      await sleep(20_000);
    }
    return { until, results };
  })();

  const unhelpedCheck = (async () => {
    const token = (await amStatus(unhelped)).credentials.tokens[0];
    assert.equal((await amStatus(unhelped)).credentials.source, "submit");
    // Ended: the AM's probe runs 2 s after the end; wait for its report, bounded.
    await sleep(Math.max(0, token.maxDate - Date.now()));
    let creds: any;
    for (const end = Date.now() + 60_000; Date.now() < end; await sleep(3000)) {
      creds = (await amStatus(unhelped)).credentials;
      if (creds.failure) break;
    }
    assert.ok(creds.failure, `no failure reported after the token ended: ${JSON.stringify(creds)}`);
    assert.ok(creds.failure.time >= token.maxDate);
    assert.match(creds.failure.message, /expired|InvalidToken|token/i);
    assert.match(creds.failure.fix, new RegExp(`tsdask-yarn credentials refresh ${unhelped}`));
    assert.match(creds.failure.fix, /--keytab-in-am/);
    // Human status says it on stderr, with the fix.
    const human = await cli(["status", unhelped]);
    assert.match(human.stdout, /HDFS_DELEGATION_TOKEN\s+\S+\s+renewed by YARN/);
    assert.match(human.stderr, /warning: HDFS refused the application's token/);
    assert.match(human.stderr, /fix: run 'tsdask-yarn credentials refresh/);
    // The service's own reads fail too once the token ended (the next read after the end).
    for (const end = Date.now() + (READ_EVERY_S + 15) * 1000; Date.now() < end; await sleep(2000)) {
      if (reads(unhelped).some((r) => !r.ok)) break;
    }
    const failed = reads(unhelped).find((r) => !r.ok);
    assert.ok(failed, "the reader kept succeeding with an ended token");
    assert.match(failed.line, /HTTP 403.*expired/);
    await cli(["kill", unhelped]);
  })();

  const keytabCheck = (async () => {
    const first = (await amStatus(selfRenewing)).credentials;
    assert.equal(first.source, "keytab", "the AM obtained its own tokens from the keytab");
    const submittedEnd = Math.min(...first.tokens.map((t: any) => t.maxDate));
    await readsHeldUp(selfRenewing, submittedEnd + 3 * MAX_LIFETIME_MS);
    assert.equal((await amStatus(selfRenewing)).credentials.source, "keytab");
    await cli(["kill", selfRenewing]);
  })();

  const [{ until }] = await Promise.all([refreshing, unhelpedCheck, keytabCheck]);
  await readsHeldUp(refreshed, until);
  await cli(["kill", refreshed]);
});
