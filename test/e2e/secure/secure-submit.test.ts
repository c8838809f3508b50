// tsdask-yarn on the secure local cluster (Kerberos on every daemon, SPNEGO on every web
// endpoint, HTTPS only, a private CA): the CLI with a ticket cache or a keytab, a batch job whose
// dask task reads HDFS with the delegation token the launcher obtained, a long-running cluster
// that scales, reports, serves its logs and is killed, and the failures a user meets first (no
// ticket, untrusted certificate), each clear and leaving nothing behind. One secure cluster is
// shared with the other secure files (test/support/secure-cluster.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { QOP_BY_PROTECTION } from "../../../src/hadoop-rpc/index.js";
import { clusterAccess } from "../../../src/launcher/access.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ROOT } from "../../support/cluster.js";
import { releaseSecureCluster, SECURE_DIR, secureCluster, type SecureCluster } from "../../support/secure-cluster.js";
import { runCli, type CliResult } from "../cli/run-cli.js";

let c: SecureCluster;
let ticket: Record<string, string>;
let environment: string;

/**
 * HDFS and RM delegation tokens expire this long after their last renewal (the shared cluster's
 * --token-renew-ms): the long-running test acts after the first expiry, so it only passes if YARN
 * renewed the submitted token and the AM and the NodeManagers kept using it.
 */
let renewMs: number;

before(() => {
  c = secureCluster();
  renewMs = c.options.tokenRenewMs;
  ticket = {
    KRB5_CONFIG: c.security.krb5Conf,
    KRB5CCNAME: `FILE:${c.security.user.ccache}`,
    TSDASK_YARN_CA_FILE: c.security.caPem,
  };
  // cluster/dask-env/build prints the cached archive at once after the first build.
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  environment = built.stdout.trim().split("\n").pop()!;
});
after(releaseSecureCluster);

const cli = (args: string[], env: Record<string, string> = ticket, timeoutMs = 300_000): Promise<CliResult> =>
  runCli(args, { confDir: c.confDir, env, timeoutMs });

/** Small containers: the AM, a scheduler and three workers fit the one 8 GiB NodeManager. */
const SMALL = ["--scheduler-memory", "1 GiB", "--worker-memory", "1 GiB"];

const appIdOf = (r: CliResult): string => {
  const id = /application_\d+_\d+/.exec(r.stdout)?.[0];
  assert.ok(id, `no application id in stdout:\n${r.stdout}\n${r.stderr}`);
  return id;
};

async function appCount(): Promise<number> {
  const r = await cli(["list", "--all", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as unknown[]).length;
}

test("no ticket: submit fails within seconds with the kinit hint, and nothing reaches the cluster", async () => {
  const before = await appCount();
  const started = Date.now();
  const r = await cli(["--json", "submit", "--environment", environment, "--worker-count", "1"], {
    ...ticket,
    KRB5CCNAME: "FILE:/nonexistent/tsdask-no-ticket",
  });
  assert.equal(r.code, 1, r.stderr);
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  assert.match(r.stderr, /KERBEROS_NO_TICKET|No Kerberos credentials/);
  assert.match(r.stderr, /kinit/);
  assert.equal(await appCount(), before, "no application was created");
});

test("an expired ticket: submit fails at once saying so, with the kinit hint", async () => {
  const cache = join(mkdtempSync(join(tmpdir(), "tsdask-expired-")), "cc");
  const kinit = spawnSync(
    "kinit",
    ["-l", "5s", "-c", cache, "-k", "-t", c.security.user.keytab, c.security.user.principal],
    { env: { ...process.env, KRB5_CONFIG: c.security.krb5Conf }, encoding: "utf8" },
  );
  assert.equal(kinit.status, 0, kinit.stderr);
  await sleep(6000);
  const before = await appCount();
  const r = await cli(["submit", "--environment", environment, "--worker-count", "1"], {
    ...ticket,
    KRB5CCNAME: `FILE:${cache}`,
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /Ticket expired/);
  assert.match(r.stderr, /hint: Your ticket has expired\. Run 'kinit/);
  assert.equal(await appCount(), before, "no application was created");
});

test("--keytab/--principal work without any ticket cache", async () => {
  const r = await cli(["--keytab", c.security.user.keytab, "--principal", c.security.user.principal, "list", "--all"], {
    ...ticket,
    KRB5CCNAME: "FILE:/nonexistent/tsdask-no-ticket",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /APPLICATION_ID/);
});

test("HTTPS_ONLY without the CA: an untrusted-certificate error naming the host; with --ca-file it works", async () => {
  const { TSDASK_YARN_CA_FILE: _ca, ...noCa } = ticket;
  const bad = await cli(["list"], noCa);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /TLS certificate of 127\.0\.0\.1:\d+ does not verify/);
  assert.match(bad.stderr, /--ca-file/);
  const good = await cli(["--ca-file", c.security.caPem, "list"], noCa);
  assert.equal(good.code, 0, good.stderr);
});

/** WebHDFS as the test user, logged in from its keytab (a private cache: the CLI's is untouched). */
function testUserHdfs(): { hdfs: WebHdfsClient; nn: string } {
  process.env.KRB5_CONFIG = c.security.krb5Conf;
  const addresses = clusterAddresses({ confDir: c.confDir });
  const access = clusterAccess(addresses, c.user, {
    keytab: c.security.user.keytab,
    principal: c.security.user.principal,
    caFile: c.security.caPem,
  });
  return {
    hdfs: WebHdfsClient.fromAddresses(addresses, { auth: access.auth, tls: access.tls }),
    nn: addresses.nameNodes[0]!.webUrl,
  };
}

const stagingOf = (app: string) => `/user/${c.user}/.tsdask-yarn/apps/${app}`;

async function runningWorkers(app: string): Promise<number> {
  const s = await cli(["--json", "status", app]);
  assert.equal(s.code, 0, s.stderr);
  const w = (JSON.parse(s.stdout).am?.services ?? []).find((x: { name: string }) => x.name === "dask.worker");
  return w?.containers?.filter((x: { state: string }) => x.state === "RUNNING").length ?? 0;
}

async function waitForWorkers(app: string, n: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  let running = await runningWorkers(app);
  while (running !== n && Date.now() < deadline) {
    await sleep(2000);
    running = await runningWorkers(app);
  }
  assert.equal(running, n, `${n} workers running within 120 s`);
}

test("submit --wait: a dask task reads an HDFS file with the delegation token", { timeout: 600_000 }, async () => {
  const path = `/user/${c.user}/secure-e2e-${process.pid}.txt`;
  const text = `hello from HDFS ${process.pid}`;
  const { hdfs, nn } = testUserHdfs();
  await hdfs.create(path, Buffer.from(text), { overwrite: true });
  const job = join(ROOT, "test", "e2e", "secure", "hdfs_token_job.py");
  const r = await cli(
    [
      "submit",
      "--environment",
      environment,
      ...SMALL,
      "--worker-count",
      "1",
      "--wait",
      job,
      nn,
      path,
      c.security.caPem,
      text,
    ],
    ticket,
    540_000,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /FINISHED \(SUCCEEDED\)/);
  await hdfs.delete(path);
});

test("a long-running cluster works past its token's first expiry (renewed by YARN)", { timeout: 600_000 }, async () => {
  const started = Date.now();
  const sub = await cli(["submit", "--environment", environment, ...SMALL, "--worker-count", "1"]);
  assert.equal(sub.code, 0, sub.stderr);
  const app = appIdOf(sub);
  try {
    await pastFirstExpiry(app, started);
  } finally {
    await cli(["kill", app]); // a no-op once shutdown ended it; frees the node for the next test
  }
});

/** scale, logs, list; then, past the first expiry of the token as issued, scale and shutdown. */
async function pastFirstExpiry(app: string, started: number): Promise<void> {
  const scaled = await cli(["scale", app, "2"]);
  assert.equal(scaled.code, 0, scaled.stderr);
  await waitForWorkers(app, 2);
  const logs = await cli(["logs", app, "--service", "dask.worker"]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /dask\.worker_0/);
  // The AM's token SASL with the RM ran at the cluster's protection (auth-conf at privacy); its
  // NodeManager connections too, or no container would have started.
  const am = await cli(["logs", app, "--service", "appmaster"]);
  assert.match(
    am.stdout,
    new RegExp(`registered appattempt_\\S+ .*RPC qop ${QOP_BY_PROTECTION[c.options.rpcProtection]}\\)`),
  );
  assert.match((await cli(["list"])).stdout, new RegExp(app));
  // Only renewal keeps the token valid now: a new container is localized with it (NodeManager),
  // the AM journals with it and finally removes its staging dir with it.
  await sleep(Math.max(0, started + 1.25 * renewMs - Date.now()));
  assert.equal((await cli(["scale", app, "3"])).code, 0);
  await waitForWorkers(app, 3);
  const down = await cli(["shutdown", app]);
  assert.equal(down.code, 0, down.stderr);
  const { hdfs } = testUserHdfs();
  const deadline = Date.now() + 60_000;
  while ((await hdfs.statIfExists(stagingOf(app))) && Date.now() < deadline) await sleep(1000);
  assert.equal(await hdfs.statIfExists(stagingOf(app)), undefined, "the AM removed its staging dir");
  const end = await cli(["--json", "status", app]);
  assert.match(end.stdout, /"finalStatus":\s*"SUCCEEDED"/);
}

test("kill: the application ends KILLED and its staging dir is removed", { timeout: 300_000 }, async () => {
  const sub = await cli(["submit", "--environment", environment, ...SMALL, "--worker-count", "0"]);
  assert.equal(sub.code, 0, sub.stderr);
  const app = appIdOf(sub);
  const k = await cli(["kill", app]);
  assert.equal(k.code, 0, k.stderr);
  const s = await cli(["--json", "status", app]);
  assert.match(s.stdout, /"state":\s*"KILLED"/);
  assert.equal(await testUserHdfs().hdfs.statIfExists(stagingOf(app)), undefined);
});

/** The NodeManager's pid file of a running container, found under the cluster's data dir. */
function containerPid(container: string, dir = join(SECURE_DIR, "data")): number | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      const found = containerPid(container, path);
      if (found) return found;
    } else if (e.name === `${container}.pid`) return Number(readFileSync(path, "utf8").trim());
  }
  return undefined;
}

test(
  "the AM container killed (-9): attempt 2 recovers with the tokens, the workers stay",
  { timeout: 600_000 },
  async () => {
    const sub = await cli(["submit", "--environment", environment, ...SMALL, "--worker-count", "2"]);
    assert.equal(sub.code, 0, sub.stderr);
    const app = appIdOf(sub);
    try {
      const before = JSON.parse((await cli(["--json", "status", app])).stdout);
      const amContainer = /container_\w+_01_000001/.exec(before.report.amContainerLogs ?? "")?.[0];
      assert.ok(amContainer, `AM container in ${before.report.amContainerLogs}`);
      const workers = (s: any) =>
        (s.am?.services ?? [])
          .find((x: { name: string }) => x.name === "dask.worker")
          ?.containers.filter((x: { state: string }) => x.state === "RUNNING")
          .map((x: { containerId: string }) => x.containerId)
          .sort();
      const pid = containerPid(amContainer);
      assert.ok(pid, "the AM container's pid file");
      process.kill(-pid, "SIGKILL"); // the container's whole process group: its shell and the AM
      const deadline = Date.now() + 180_000;
      let after: any;
      while (Date.now() < deadline) {
        await sleep(3000);
        const r = await cli(["--json", "status", app]);
        if (r.code !== 0) continue;
        after = JSON.parse(r.stdout);
        if (/_02_000001/.test(after.report.amContainerLogs ?? "") && workers(after)?.length === 2) break;
      }
      assert.match(after?.report.amContainerLogs ?? "", /_02_000001/, "attempt 2 runs");
      assert.deepEqual(workers(after), workers(before), "attempt 2 adopted the running workers");
      const down = await cli(["shutdown", app]);
      assert.equal(down.code, 0, down.stderr);
    } finally {
      await cli(["kill", app]);
    }
  },
);
