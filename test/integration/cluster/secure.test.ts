// The secure local cluster is really secure: a real MIT KDC, Kerberos on every RPC, SPNEGO on
// every web endpoint, HTTPS only. Without credentials everything is refused; with the test
// user's ticket Hadoop's own CLIs work, and a YARN application runs as that user.
// Its cluster is shared (test/support/secure-cluster.ts): one start serves every secure file.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { distributedShellApp, distributedShellArgs } from "../../support/cluster.js";
import {
  curl,
  releaseSecureCluster,
  SECURE_DIR,
  SECURE_OFFSET,
  type SecureCluster,
  secureCluster,
  secureHadoop,
} from "../../support/secure-cluster.js";

let c: SecureCluster;
before(() => {
  c = secureCluster();
});
after(releaseSecureCluster);

const nmWeb = `https://127.0.0.1:${8044 + SECURE_OFFSET}`;

/** Resolves with the error code when nothing listens (ECONNREFUSED), or "open". */
function probe(p: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port: p });
    s.once("connect", () => (s.destroy(), resolve("open")));
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

/** A TLS request with no credentials; `ca` undefined means the system's trust store only. */
function anonymous(url: string, ca?: string): Promise<{ status: number; challenge?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, challenge: res.headers["www-authenticate"] });
    });
    req.on("error", reject);
    req.end();
  });
}

test("state names the realm, the test user's keytab and ticket cache and the CA, all inside the work dir", () => {
  const s = c.security;
  assert.equal(c.options.secure, true);
  assert.equal(s.user.principal, `tester@${s.realm}`);
  assert.equal(c.user, "tester");
  for (const f of [s.krb5Conf, s.caPem, s.user.keytab, s.user.ccache, s.otherUser.keytab])
    assert.ok(f.startsWith(SECURE_DIR), `${f} is outside ${SECURE_DIR}`);
  assert.match(c.rmWeb, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(c.nnWeb, /^https:\/\/127\.0\.0\.1:\d+$/);
  const env = secureHadoop(["env"]).stdout;
  assert.match(env, new RegExp(`export KRB5_CONFIG=${s.krb5Conf}\n`));
  assert.match(env, new RegExp(`export TSDASK_YARN_CA_FILE=${s.caPem}\n`));
  assert.match(env, new RegExp(`export TSDASK_SECURE_KEYTAB=${s.user.keytab}\n`));
});

test("without credentials the RM REST API, WebHDFS and the NM web services answer 401 Negotiate", async () => {
  for (const url of [
    `${c.rmWeb}/ws/v1/cluster/info`,
    `${c.nnWeb}/webhdfs/v1/?op=LISTSTATUS`,
    `${c.nnWeb}/jmx`,
    `${nmWeb}/ws/v1/node/info`,
  ]) {
    const r = await anonymous(url, readCa());
    assert.equal(r.status, 401, url);
    assert.equal(r.challenge, "Negotiate", url);
  }
  // user.name= is the simple-auth identity: a secure cluster must not take it.
  assert.equal((await anonymous(`${c.nnWeb}/webhdfs/v1/?op=LISTSTATUS&user.name=root`, readCa())).status, 401);
});

test("the plain HTTP ports are closed and the HTTPS certificate verifies only against the cluster's CA", async () => {
  for (const p of [8088, 9870, 9864, 8042].map((p) => p + SECURE_OFFSET))
    assert.equal(await probe(p), "ECONNREFUSED", `port ${p}`);
  await assert.rejects(anonymous(`${c.rmWeb}/ws/v1/cluster/info`), /self[- ]signed|unable to (get|verify)/i);
});

test("with the test user's ticket SPNEGO succeeds; WebHDFS sees tester, who may act for other (doas)", async () => {
  const ccache = c.security.user.ccache;
  const info = await curl(c, `${c.rmWeb}/ws/v1/cluster/info`, { ccache });
  assert.equal(info.status, 200, info.body);
  assert.equal(JSON.parse(info.body).clusterInfo.state, "STARTED");
  const home = await curl(c, `${c.nnWeb}/webhdfs/v1/?op=GETHOMEDIRECTORY`, { ccache });
  assert.deepEqual(JSON.parse(home.body), { Path: "/user/tester" });
  const doas = await curl(c, `${c.nnWeb}/webhdfs/v1/?op=GETHOMEDIRECTORY&doas=other`, { ccache });
  assert.deepEqual(JSON.parse(doas.body), { Path: "/user/other" });
  // other is no proxy user: it may not act for tester.
  const other = c.security.otherUser.ccache;
  const refused = await curl(c, `${c.nnWeb}/webhdfs/v1/?op=GETHOMEDIRECTORY&doas=tester`, { ccache: other });
  assert.equal(refused.status, 403, refused.body);
  assert.match(refused.body, /not allowed to impersonate tester/);
});

test("an HDFS delegation token comes back from WebHDFS with the RM as renewer", async () => {
  // _HOST resolves to the RM address's host name, as Hadoop's clients do: 127.0.0.1 is `localhost`.
  const rm = c.security.servicePrincipals.resourcemanager;
  assert.equal(rm, `rm/_HOST@${c.security.realm}`);
  const renewer = encodeURIComponent(rm.replace("_HOST", "localhost"));
  const r = await curl(c, `${c.nnWeb}/webhdfs/v1/?op=GETDELEGATIONTOKEN&renewer=${renewer}`, {
    ccache: c.security.user.ccache,
  });
  assert.equal(r.status, 200, r.body);
  // Token = vint length + identifier; the identifier = version byte, then owner and renewer as
  // Text (vint length + UTF-8). All lengths here are below 128, so each vint is one byte.
  const t = Buffer.from(JSON.parse(r.body).Token.urlString, "base64url");
  const text = (at: number): [string, number] => {
    const end = at + 1 + t.readUInt8(at);
    return [t.subarray(at + 1, end).toString(), end];
  };
  assert.equal(t[1], 0, "identifier version");
  const [owner, next] = text(2);
  const [renewerShort] = text(next);
  assert.equal(owner, "tester");
  // auth_to_local maps rm/localhost@REALM to yarn, as a real site's rules do.
  assert.equal(renewerShort, "yarn");
});

test("a renewal moves a token's expiry by the cluster's renew interval (--token-renew-ms), HDFS and RM", async () => {
  const ccache = c.security.user.ccache;
  const interval = c.options.tokenRenewMs;
  const got = await curl(c, `${c.nnWeb}/webhdfs/v1/?op=GETDELEGATIONTOKEN&renewer=tester`, { ccache });
  const token = JSON.parse(got.body).Token.urlString as string;
  const before = Date.now();
  const renewed = await curl(c, `${c.nnWeb}/webhdfs/v1/?op=RENEWDELEGATIONTOKEN&token=${token}`, {
    ccache,
    method: "PUT",
  });
  assert.equal(renewed.status, 200, renewed.body);
  const expiry = JSON.parse(renewed.body).long as number;
  assert.ok(
    Math.abs(expiry - before - interval) < 10_000,
    `HDFS expiry ${expiry - before} ms from now, not ${interval}`,
  );
  const rm = await curl(c, `${c.rmWeb}/ws/v1/cluster/delegation-token`, {
    ccache,
    method: "POST",
    json: { renewer: "tester" },
  });
  assert.equal(rm.status, 200, rm.body);
  const t = JSON.parse(rm.body);
  assert.equal(t.kind, "RM_DELEGATION_TOKEN");
  assert.ok(Math.abs(t["expiration-time"] - before - interval) < 10_000, rm.body);
  assert.ok(Math.abs(t["max-validity"] - before - c.options.tokenMaxLifetimeMs) < 10_000, rm.body);
});

test("Hadoop's CLIs work with the user's ticket and fail to authenticate without one", () => {
  const ls = secureHadoop(["hdfs", "dfs", "-ls", "/user"]);
  assert.equal(ls.status, 0, ls.stderr.slice(-1500));
  assert.match(ls.stdout, /\/user\/tester\n/);
  const apps = secureHadoop(["yarn", "application", "-list", "-appStates", "ALL"]);
  assert.equal(apps.status, 0, apps.stderr.slice(-1500));
  assert.match(apps.stdout, /Total number of applications/);
  const none = secureHadoop(["hdfs", "dfs", "-ls", "/"], { KRB5CCNAME: join(SECURE_DIR, "no-such-ccache") });
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /Client cannot authenticate via:\[TOKEN, KERBEROS\]/);
});

test("DistributedShell runs a container as the test user and its log is aggregated to HDFS", async () => {
  const out = mkdtempSync(join(tmpdir(), "tsdask-secure-ds-"));
  chmodSync(out, 0o777);
  try {
    const jar = join(
      SECURE_DIR,
      `lib-${c.hadoopVersion}`,
      `hadoop-yarn-applications-distributedshell-${c.hadoopVersion}.jar`,
    );
    const command = `echo secure-marker-$USER; touch ${out}/$CONTAINER_ID`;
    const appId = distributedShellApp(secureHadoop(distributedShellArgs(jar, "tsdask-secure-test", command, 1)));
    assert.equal(readdirSync(out).length, 1);
    const app = JSON.parse(
      (await curl(c, `${c.rmWeb}/ws/v1/cluster/apps/${appId}`, { ccache: c.security.user.ccache })).body,
    ).app;
    assert.equal(app.user, "tester");
    assert.equal(app.finalStatus, "SUCCEEDED");
    // The NM aggregates as the app's user with its delegation token (and survives: no libhadoop here).
    const deadline = Date.now() + 60_000;
    let logs = "";
    while (!/secure-marker-tester/.test(logs) && Date.now() < deadline) {
      logs = secureHadoop(["yarn", "logs", "-applicationId", appId]).stdout;
      if (!/secure-marker-tester/.test(logs)) await new Promise((res) => setTimeout(res, 2000));
    }
    assert.match(logs, /secure-marker-tester/, "the container's stdout never showed up in the aggregated logs");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

function readCa(): string {
  return readFileSync(c.security.caPem, "utf8");
}
