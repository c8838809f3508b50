// `up --secure`: its options and the configuration it writes (no daemons, no KDC).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeConf } from "../../../cluster/src/config.js";
import { krb5Conf, REALM } from "../../../cluster/src/kdc.js";
import { layout, PORTS } from "../../../cluster/src/layout.js";
import { DEFAULT_OPTIONS, parseOptions, sameOptions, UsageError } from "../../../cluster/src/options.js";
import { secureHdfsSite, secureYarnSite } from "../../../cluster/src/secure-config.js";

test("--secure and the token knobs parse; a lifetime shorter than the renew interval is refused", () => {
  const o = parseOptions(["--secure", "--token-renew-ms", "60000", "--token-max-lifetime-ms", "300000"]);
  assert.equal(o.secure, true);
  assert.equal(o.tokenRenewMs, 60_000);
  assert.equal(o.tokenMaxLifetimeMs, 300_000);
  assert.equal(DEFAULT_OPTIONS.secure, false);
  assert.throws(() => parseOptions(["--token-renew-ms", "5"]), /--token-renew-ms must be an integer from 10000/);
  assert.throws(
    () => parseOptions(["--token-renew-ms", "60000", "--token-max-lifetime-ms", "30000"]),
    (e: Error) => e instanceof UsageError && /must not be shorter than --token-renew-ms/.test(e.message),
  );
});

test("a state file from before the secure options matches the defaults (no needless restart)", () => {
  const { secure: _s, tokenRenewMs: _r, tokenMaxLifetimeMs: _m, ...old } = DEFAULT_OPTIONS;
  assert.ok(sameOptions(old as typeof DEFAULT_OPTIONS, DEFAULT_OPTIONS));
  assert.ok(!sameOptions(old as typeof DEFAULT_OPTIONS, { ...DEFAULT_OPTIONS, secure: true }));
});

test("secure mode: HTTPS_ONLY, SASL data transfer at the RPC protection, token knobs, loopback https ports", () => {
  const l = layout("/tmp/w");
  const o = { ...DEFAULT_OPTIONS, secure: true, rpcProtection: "privacy" as const, tokenRenewMs: 60_000 };
  const h = secureHdfsSite(l, o);
  const y = secureYarnSite(l, o);
  assert.equal(h["dfs.http.policy"], "HTTPS_ONLY");
  assert.equal(y["yarn.http.policy"], "HTTPS_ONLY");
  assert.equal(h["dfs.data.transfer.protection"], "privacy");
  assert.equal(h["dfs.block.access.token.enable"], true);
  assert.equal(h["dfs.namenode.delegation.token.renew-interval"], 60_000);
  assert.equal(y["yarn.resourcemanager.delegation.token.renew-interval"], 60_000);
  assert.equal(h["dfs.namenode.https-address"], `127.0.0.1:${PORTS.nnHttps}`);
  assert.equal(y["yarn.resourcemanager.webapp.https.address"], `127.0.0.1:${PORTS.rmWebHttps}`);
  assert.equal(y["yarn.resourcemanager.principal"], `rm/_HOST@${REALM}`);
  assert.equal(y["yarn.nodemanager.principal"], `nm/localhost@${REALM}`);
  assert.equal(y["yarn.resourcemanager.keytab"], "/tmp/w/security/krb5/rm.keytab");
});

test("writeConf adds Kerberos, SPNEGO and ssl-*.xml only on the secure cluster", () => {
  const work = mkdtempSync(join(tmpdir(), "tsdask-secure-conf-"));
  try {
    const l = layout(work);
    writeConf(l, { ...DEFAULT_OPTIONS, secure: true });
    const core = readFileSync(join(l.conf, "core-site.xml"), "utf8");
    assert.match(core, /hadoop\.security\.authentication<\/name><value>kerberos</);
    assert.match(core, /hadoop\.http\.authentication\.type<\/name><value>kerberos</);
    assert.match(core, new RegExp(`RULE:\\[2:\\$1@\\$0\\]\\(rm@${REALM}\\)s/\\.\\*/yarn/`));
    assert.match(readFileSync(join(l.conf, "ssl-server.xml"), "utf8"), /keystore\.p12</);
    assert.match(readFileSync(join(l.conf, "ssl-client.xml"), "utf8"), /truststore\.p12</);
    writeConf(l, DEFAULT_OPTIONS);
    assert.doesNotMatch(readFileSync(join(l.conf, "core-site.xml"), "utf8"), /kerberos/);
    assert.equal(existsSync(join(l.conf, "ssl-server.xml")), false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("krb5.conf points at our KDC port, TCP only, and no DNS or reverse lookups", () => {
  const k = krb5Conf();
  assert.match(k, new RegExp(`kdc = 127\\.0\\.0\\.1:${PORTS.kdc}\\n`));
  assert.match(k, new RegExp(`default_realm = ${REALM}\\n`));
  assert.match(k, /udp_preference_limit = 1\n/);
  assert.match(k, /rdns = false\n/);
});
