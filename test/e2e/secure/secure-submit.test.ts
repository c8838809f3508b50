// tsdask-yarn on the secure local cluster (Kerberos on every daemon, SPNEGO on every web
// endpoint, HTTPS only, a private CA): the CLI with a ticket cache or a keytab, a batch job whose
// dask task reads HDFS with the delegation token the launcher obtained, a long-running cluster
// that scales, reports, serves its logs and is killed, and the failures a user meets first (no
// ticket, untrusted certificate), each clear and leaving nothing behind. One secure cluster is
// shared with the other secure files (test/support/secure-cluster.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT } from "../../support/cluster.js";
import { releaseSecureCluster, secureCluster, type SecureCluster } from "../../support/secure-cluster.js";
import { runCli, type CliResult } from "../cli/run-cli.js";

let c: SecureCluster;
let ticket: Record<string, string>;
let environment: string;

before(() => {
  c = secureCluster();
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

test("submit --wait: a dask task reads an HDFS file with the delegation token", { timeout: 600_000 }, async () => {
  const path = `/user/${c.user}/secure-e2e-${process.pid}.txt`;
  const text = `hello from HDFS ${process.pid}`;
  const { WebHdfsClient } = await import("../../../src/webhdfs/index.js");
  const { clusterAccess } = await import("../../../src/launcher/index.js");
  const { clusterAddresses } = await import("../../../src/hadoop-conf/index.js");
  process.env.KRB5_CONFIG = c.security.krb5Conf;
  const addresses = clusterAddresses({ confDir: c.confDir });
  const access = clusterAccess(addresses, c.user, {
    keytab: c.security.user.keytab,
    principal: c.security.user.principal,
    caFile: c.security.caPem,
  });
  const hdfs = WebHdfsClient.fromAddresses(addresses, { auth: access.auth, tls: access.tls });
  await hdfs.create(path, Buffer.from(text), { overwrite: true });
  const job = join(ROOT, "test", "e2e", "secure", "hdfs_token_job.py");
  const nn = addresses.nameNodes[0]!.webUrl;
  const r = await cli(
    ["submit", "--environment", environment, "--worker-count", "1", "--wait", job, nn, path, c.security.caPem, text],
    ticket,
    540_000,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /FINISHED \(SUCCEEDED\)/);
  await hdfs.delete(path);
});

test("a long-running secure cluster: status, scale, logs, list, kill", { timeout: 600_000 }, async () => {
  const sub = await cli(["submit", "--environment", environment, "--worker-count", "1"]);
  assert.equal(sub.code, 0, sub.stderr);
  const app = appIdOf(sub);
  try {
    const scaled = await cli(["scale", app, "2"]);
    assert.equal(scaled.code, 0, scaled.stderr);
    const deadline = Date.now() + 120_000;
    let running = 0;
    while (Date.now() < deadline && running < 2) {
      const s = await cli(["--json", "status", app]);
      assert.equal(s.code, 0, s.stderr);
      const w = (JSON.parse(s.stdout).am?.services ?? []).find((x: { name: string }) => x.name === "dask.worker");
      running = w?.containers?.filter((x: { state: string }) => x.state === "RUNNING").length ?? 0;
      if (running < 2) await new Promise((res) => setTimeout(res, 2000));
    }
    assert.equal(running, 2, "two workers run after scale 2");
    const logs = await cli(["logs", app, "--service", "dask.worker"]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /dask\.worker_0/);
    const list = await cli(["list"]);
    assert.match(list.stdout, new RegExp(app));
  } finally {
    const k = await cli(["kill", app]);
    assert.equal(k.code, 0, k.stderr);
  }
});
