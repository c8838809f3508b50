// The failures a user of a Kerberized cluster meets, proven on the real secure cluster (a real
// MIT KDC, SPNEGO, HTTPS only): each with its message and hint, the documented exit code, and
// nothing left behind. The rows of the bad-input table marked secureCluster (wrong realm, a
// principal the cache or keytab lacks, one the KDC does not know, a refused proxy user) run here;
// then what is no input: the Kerberos binding not installed, a ticket the server's keytab cannot
// accept (SPNEGO refused), and --user with proxy-user rights, which works.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT } from "../../support/cluster.js";
import {
  adminCcache,
  curl,
  kerberosEnv,
  releaseSecureCluster,
  secureCluster,
  type SecureCluster,
} from "../../support/secure-cluster.js";
import { BAD_INPUT_CASES } from "../cli/bad-input-cases.js";
import { checkCaseOutput, daskEnvArchive, runCase, type Fixtures } from "../cli/bad-input-run.js";
import { runCli, tempHome, type CliResult } from "../cli/run-cli.js";

let c: SecureCluster;
let fx: Fixtures;
const tag = `tsdask-secure-errors-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), "tsdask-secure-errors-"));

/** ktutil (MIT, beside kinit) writes keys from passwords without asking the KDC. */
function fakeKeytab(path: string): void {
  const entries = ["ghost@TSDASK.TEST", "tester@WRONG.TEST"].flatMap((p) => [
    `addent -password -p ${p} -k 1 -e aes256-cts-hmac-sha1-96`,
    "not-the-kdc-password",
  ]);
  const r = spawnSync("ktutil", { input: [...entries, `wkt ${path}`, "quit", ""].join("\n"), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

before(() => {
  c = secureCluster();
  fakeKeytab(join(work, "fake.keytab"));
  fx = {
    confDir: c.confDir,
    user: c.user,
    env: daskEnvArchive(),
    finished: "",
    badConf: "",
    tag,
    moreValues: {
      KEYTAB: c.security.user.keytab,
      FAKEKEYTAB: join(work, "fake.keytab"),
      OTHERCC: c.security.otherUser.ccache,
    },
    cliEnv: kerberosEnv(c),
  };
});
after(releaseSecureCluster);

/** Every application the RM knows with this run's tag, whoever owns it (asked as the admin). */
async function taggedApps(): Promise<{ id: string; user: string; state: string }[]> {
  const r = await curl(c, `${c.rmWeb}/ws/v1/cluster/apps?applicationTags=${tag}`, { ccache: adminCcache(c) });
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body).apps?.app ?? [];
}

/** Staging dirs left under /user/<user>/.tsdask-yarn/apps (read as the admin, the HDFS superuser group). */
async function stagingDirs(user: string): Promise<string[]> {
  const r = await curl(c, `${c.nnWeb}/webhdfs/v1/user/${user}/.tsdask-yarn/apps?op=LISTSTATUS`, {
    ccache: adminCcache(c),
  });
  if (r.status === 404) return [];
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body).FileStatuses.FileStatus.map((f: { pathSuffix: string }) => f.pathSuffix);
}

const secureRows = BAD_INPUT_CASES.filter((k) => k.secureCluster);

test(`${secureRows.length} secure-cluster rows of the bad-input table: message, exit code, nothing left`, async () => {
  const before = { tester: await stagingDirs("tester"), other: await stagingDirs("other") };
  for (const k of secureRows) {
    const r = await runCase(k, fx);
    checkCaseOutput(k, r);
    assert.match(r.stderr, /^hint: .*(klist|kinit|--user|proxy-user)/m, `${k.what}: a hint saying what to run`);
    assert.deepEqual(r.appIds, [], `${k.what}: no application id was handed out`);
  }
  assert.deepEqual(await taggedApps(), [], "nothing reached the ResourceManager");
  assert.deepEqual({ tester: await stagingDirs("tester"), other: await stagingDirs("other") }, before);
});

const cli = (args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliResult> =>
  runCli(args, { confDir: c.confDir, env: { ...kerberosEnv(c), TSDASK_YARN_TAGS: tag, ...env }, timeoutMs });

test("the kerberos binding not installed: the CLI says what to install, exit 1, nothing submitted", async () => {
  // The built CLI as a user gets it without the optional dependency: the bundles alone in a
  // directory with no node_modules above it, so the real require('kerberos') finds nothing.
  const bare = mkdtempSync(join(tmpdir(), "tsdask-no-kerberos-"));
  for (const f of readdirSync(join(ROOT, "dist")).filter((f) => f.endsWith(".js")))
    copyFileSync(join(ROOT, "dist", f), join(bare, f));
  cpSync(join(ROOT, "dist", "cli-chunks"), join(bare, "cli-chunks"), { recursive: true }); // the CLI's lazy chunks
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [join(bare, "cli.js"), ...args], {
      cwd: bare,
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: tempHome(), HADOOP_CONF_DIR: c.confDir, ...kerberosEnv(c), ...env },
    });
  const r = run(["submit", "--environment", fx.env, "--worker-count", "1"], { TSDASK_YARN_TAGS: tag });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    /^error: the cluster uses Kerberos but the 'kerberos' Node\.js binding cannot be loaded: Cannot find module 'kerberos'/m,
  );
  assert.match(
    r.stderr,
    /^hint: .*apt-get install -y libkrb5-dev g\+\+ make, then 'npm_config_nodedir=\/usr npm install kerberos'/m,
  );
  assert.deepEqual(await taggedApps(), []);
  // The same copy with the module reachable (NODE_PATH, as a global install would be) works:
  // the module was the only thing missing.
  const ok = run(["list"], { NODE_PATH: join(ROOT, "node_modules") });
  assert.equal(ok.status, 0, ok.stderr);
});

/** kadmin.local on the cluster's KDC database (the test runs where the cluster runs). */
function kadmin(query: string): void {
  const dir = join(c.security.krb5Conf, "..");
  const r = spawnSync("/usr/sbin/kadmin.local", ["-r", c.security.realm, "-q", query], {
    env: { ...process.env, KRB5_CONFIG: c.security.krb5Conf, KRB5_KDC_PROFILE: join(dir, "kdc.conf") },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
}

test("a ticket the server's keytab cannot accept (stale keytab): SPNEGO_REFUSED with the server's reason", async () => {
  // The KDC gets a new key for HTTP/localhost, the servers' keytab keeps the old one: what a site
  // sees after re-keying a principal without exporting its keytab again. The client reaches the
  // cluster as "localhost" (the certificate names it) so it asks for that principal.
  const conf = join(work, "localhost-conf");
  cpSync(c.confDir, conf, { recursive: true });
  for (const f of ["yarn-site.xml", "hdfs-site.xml"])
    writeFileSync(join(conf, f), readFileSync(join(conf, f), "utf8").replaceAll("127.0.0.1:", "localhost:"));
  const ccache = join(work, "tester-cc");
  copyFileSync(c.security.user.ccache, ccache);
  const before = await stagingDirs("tester");
  kadmin("cpw -randkey HTTP/localhost");
  try {
    const r = await runCli(["submit", "--environment", fx.env, "--worker-count", "1"], {
      confDir: conf,
      env: { ...kerberosEnv(c), KRB5CCNAME: `FILE:${ccache}`, TSDASK_YARN_TAGS: tag },
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^error: the (ResourceManager|NameNode) at localhost:\d+ refused our Kerberos \(SPNEGO\) ticket for HTTP\/localhost \(HTTP 403\): GSSException: .*Checksum failed/m,
    );
    assert.match(r.stderr, /^hint: .*keytab is out of date.*'kvno HTTP\/localhost'/m);
  } finally {
    // The servers read their keytab per request: with the new key added, HTTP/localhost works again.
    kadmin(`ktadd -norandkey -k ${join(c.security.krb5Conf, "..", "http.keytab")} HTTP/localhost`);
  }
  assert.deepEqual(await taggedApps(), []);
  assert.deepEqual(await stagingDirs("tester"), before);
});

test(
  "--user other with proxy-user rights: the application runs as other, its script sees it",
  { timeout: 400_000 },
  async () => {
    const script = join(work, "whoami_job.py");
    writeFileSync(script, 'import os\nprint("yarn user:", os.environ.get("USER"))\n');
    const small = ["--scheduler-memory", "1 GiB", "--worker-count", "0"];
    const r = await cli(
      ["submit", "--environment", fx.env, ...small, "--user", "other", "--wait", script],
      {},
      360_000,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^yarn user: other$/m);
    const apps = await taggedApps();
    assert.equal(apps.length, 1);
    assert.equal(apps[0]!.user, "other");
    assert.deepEqual(await stagingDirs("other"), [], "the AM removed its staging dir under /user/other");
  },
);
