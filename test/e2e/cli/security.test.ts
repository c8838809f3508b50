// Another user of the same cluster against someone's running application (issue 12), on the
// plain local cluster: a second local user is another `user.name` / HADOOP_USER_NAME. One
// long-running cluster with TLS (the default), submitted through the CLI by the owner. The other
// user cannot read the staging directory, the secret or the keys; cannot scale or shut down; and no
// dask client without the application's certificate gets in: not plain tcp://, not tls:// without a
// certificate, not with another application's. Killing through YARN is refused only where YARN
// ACLs are enforced: that case runs on the shared secure cluster, which enforces them, as another
// Kerberos principal (test/e2e/secure/other-principal.test.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { after, before, test } from "node:test";
import { ControlClient, ControlError } from "../../../src/control/index.js";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { readSecret } from "../../../src/launcher/connect.js";
import { writeClientCredentials } from "../../../src/launcher/app-tls.js";
import { makeAppCredentials } from "../../../src/security/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../../support/cluster.js";
import { runPython, schedulerSees, TRY_CONNECT_PY } from "../../support/dask-python.js";
import { runCli, tempHome, type CliResult } from "./run-cli.js";
import { writeSmallSpec } from "./small-spec.js";

const c = localCluster();
const confDir = c.confDir;
const OTHER = "mallory";
const tag = `tsdask-e2e-security-${process.pid}`;
const addresses = clusterAddresses({ confDir, env: {} });
const hdfs = WebHdfsClient.fromAddresses(addresses, { user: c.user });
const otherHdfs = WebHdfsClient.fromAddresses(addresses, { user: OTHER });
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const home = tempHome();
const spec = writeSmallSpec(home, tag);
const owner = (args: string[]) => runCli(args, { confDir, env: { HADOOP_USER_NAME: c.user }, home });
// The other user aims at the owner's staging root (the owner's HDFS home), where the files are.
const other = (args: string[]) =>
  runCli(args, { confDir, env: { HADOOP_USER_NAME: OTHER, TSDASK_YARN_STAGING_DIR: `/user/${c.user}` }, home });

let app: { appId: string; stagingDir: string; schedulerAddress: string; controlUrl: string };
let started: Promise<CliResult>;
const creds = join(home, "creds");

before(() => {
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  started = owner(["submit", "--json", "--spec", spec, "--environment", built.stdout.trim(), "--worker-count", "1"]);
});

after(async () => {
  await started?.catch(() => undefined);
  for (const a of await rm.listApplications({ tags: [tag] }).catch(() => [])) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "e2e cleanup").catch(() => undefined);
  }
});

/** A raw TLS connection with no client certificate: "refused" when the server ends it. */
function handshakeWithoutCertificate(address: string, ca: string): Promise<string> {
  const m = /^tls:\/\/(.+):(\d+)$/.exec(address)!;
  return new Promise((resolve) => {
    const s = tlsConnect({ host: m[1], port: Number(m[2]), ca, checkServerIdentity: () => undefined }, () => {
      // TLS 1.3 reports a missing client certificate only after the handshake, at the first read.
      s.write("hello");
    });
    const timer = setTimeout(() => {
      s.destroy();
      resolve("still open after 10 s");
    }, 10_000);
    const done = () => {
      clearTimeout(timer);
      resolve("refused");
    };
    s.on("error", done);
    s.on("close", done);
    s.on("data", () => undefined);
  });
}

test("the owner's cluster runs with TLS: tls:// scheduler, https control API", { timeout: 600_000 }, async () => {
  const r = await started;
  assert.equal(r.code, 0, r.stderr);
  app = JSON.parse(r.stdout) as typeof app;
  assert.match(app.schedulerAddress, /^tls:\/\//);
  assert.match(app.controlUrl, /^https:\/\//);
  const cr = await owner(["credentials", app.appId, "--dir", creds]);
  assert.equal(cr.code, 0, cr.stderr);
  assert.match(cr.stdout, /^security = Security\(tls_ca_file=.*require_encryption=True\)$/m);
  assert.equal(await schedulerSees(app.schedulerAddress, 1, 60_000, creds), 1);
});

test(
  "staging dir 0700, secret and keys 0600; another user can neither list it nor read them",
  { timeout: 60_000 },
  async () => {
    assert.ok(app, "needs the running cluster");
    assert.equal((await hdfs.stat(app.stagingDir)).permission, "700");
    for (const f of ["secret", "tls/ca-key.pem", "tls/dask-key.pem", "tls/ca.pem", "tls/dask-cert.pem"]) {
      assert.equal((await hdfs.stat(`${app.stagingDir}/${f}`)).permission, "600", f);
      await assert.rejects(otherHdfs.open(`${app.stagingDir}/${f}`), /Permission denied|AccessControl|403/i, f);
    }
    await assert.rejects(otherHdfs.list(app.stagingDir), /Permission denied|AccessControl|403/i);
  },
);

test(
  "another user's CLI cannot get credentials, scale or shut down; nothing changed",
  { timeout: 120_000 },
  async () => {
    assert.ok(app, "needs the running cluster");
    for (const args of [
      ["credentials", app.appId, "--dir", join(home, "stolen")],
      ["scale", app.appId, "3"],
      ["shutdown", app.appId],
    ]) {
      const r = await other(args);
      assert.notEqual(r.code, 0, `${args[0]} as ${OTHER} must fail`);
      assert.match(r.stderr, /Permission denied|AccessControl|403|permission/i, r.stderr);
    }
    assert.deepEqual(
      readdirSync(home).filter((f) => f === "stolen"),
      [],
    );
    const st = JSON.parse((await owner(["status", app.appId, "--json"])).stdout) as {
      report: { state: string };
      am: { services: { name: string; desiredInstances: number }[] };
    };
    assert.equal(st.report.state, "RUNNING");
    assert.equal(st.am.services.find((s) => s.name === "dask.worker")!.desiredInstances, 1);
  },
);

test("the control API: 401 without the secret even with the right CA; another CA cannot even connect", async () => {
  assert.ok(app, "needs the running cluster");
  const ca = readFileSync(join(creds, "ca.pem"), "utf8");
  const guess = new ControlClient(app.controlUrl, "g".repeat(43), { ca, timeoutMs: 10_000 });
  await assert.rejects(guess.scale("dask.worker", 5), (e: ControlError) => e.httpStatus === 401);
  await assert.rejects(guess.shutdown("KILLED"), (e: ControlError) => e.httpStatus === 401);
  const foreign = new ControlClient(app.controlUrl, "g".repeat(43), {
    ca: makeAppCredentials("application_0_0000").ca.cert,
    timeoutMs: 10_000,
  });
  await assert.rejects(foreign.status(), (e: ControlError) => e.code === "CONTROL_UNREACHABLE");
});

test(
  "dask: tcp://, tls:// without a certificate, and another application's certificate are refused",
  { timeout: 180_000 },
  async () => {
    assert.ok(app, "needs the running cluster");
    const plain = app.schedulerAddress.replace(/^tls:/, "tcp:");
    assert.match(await runPython(TRY_CONNECT_PY, plain, 60_000), /^REFUSED/m, "plain tcp:// client");
    assert.match(
      await runPython(TRY_CONNECT_PY, app.schedulerAddress, 60_000),
      /^REFUSED/m,
      "tls:// with no TLS setup",
    );
    // A TLS client that trusts the app's CA but has no certificate: the scheduler ends the handshake.
    assert.equal(
      await handshakeWithoutCertificate(app.schedulerAddress, readFileSync(join(creds, "ca.pem"), "utf8")),
      "refused",
    );
    // A well-formed client certificate from another application's CA (what another user has).
    const fake = join(home, "fake");
    const foreign = makeAppCredentials("application_0_0000");
    writeClientCredentials(fake, {
      ca: readFileSync(join(creds, "ca.pem"), "utf8"),
      cert: foreign.dask.cert,
      key: foreign.dask.key,
    });
    assert.match(
      await runPython(TRY_CONNECT_PY, app.schedulerAddress, 60_000, fake),
      /^REFUSED/m,
      "foreign certificate",
    );
    assert.match(await runPython(TRY_CONNECT_PY, app.schedulerAddress, 60_000, creds), /^CONNECTED 1/m, "the owner's");
  },
);

test("the secret is on no process's command line", async () => {
  assert.ok(app, "needs the running cluster");
  const secret = await readSecret(hdfs, app.stagingDir);
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    assert.ok(!cmd.includes(secret), `pid ${pid} has the secret in its argv`);
  }
});
