import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { coreSite, hdfsSite, writeConf, yarnSite } from "../../../cluster/src/config.js";
import { layout } from "../../../cluster/src/layout.js";
import { DEFAULT_OPTIONS, parseOptions, UsageError } from "../../../cluster/src/options.js";
import { nodeManagerCoreSite } from "../../../cluster/src/native-like-fs.js";
import { siteXml } from "../../../cluster/src/xml.js";

test("cluster options parse and reject bad values with the flag named", () => {
  const o = parseOptions(["--nodes", "2", "--rpc-protection", "privacy", "--recovery", "--nm-expiry-ms", "15000"]);
  assert.equal(o.nodes, 2);
  assert.equal(o.rpcProtection, "privacy");
  assert.equal(o.recovery, true);
  assert.equal(o.nmExpiryMs, 15000);
  assert.throws(
    () => parseOptions(["--nodes", "3"]),
    (e: Error) => e instanceof UsageError && /--nodes/.test(e.message),
  );
  assert.throws(() => parseOptions(["--rpc-protection", "secret"]), /authentication, integrity or privacy/);
  assert.throws(() => parseOptions(["--nodes"]), /needs a value/);
  assert.throws(() => parseOptions(["--bogus"]), /unknown option '--bogus'/);
});

test("site XML escapes values", () => {
  assert.equal(
    siteXml({ "a.b": "x<y&z" }).split("\n")[3],
    "  <property><name>a.b</name><value>x&lt;y&amp;z</value></property>",
  );
});

test("configs keep every daemon on loopback and carry the options", () => {
  const l = layout("/tmp/w");
  const o = { ...DEFAULT_OPTIONS, rpcProtection: "integrity" as const, recovery: true };
  assert.equal(coreSite(l, o)["hadoop.rpc.protection"], "integrity");
  assert.equal(hdfsSite(l)["dfs.datanode.hostname"], "127.0.0.1");
  const y = yarnSite(l, o);
  assert.equal(y["yarn.nodemanager.vmem-check-enabled"], false);
  assert.equal(y["yarn.resourcemanager.recovery.enabled"], true);
  assert.equal(y["yarn.log-aggregation-enable"], true);
  const addresses = [...Object.values(hdfsSite(l)), ...Object.values(y)].filter(
    (v) => typeof v === "string" && /^[\w.-]+:\d+$/.test(v),
  );
  assert.ok(addresses.length > 8);
  for (const a of addresses) assert.match(String(a), /^127\.0\.0\.1:/);
  assert.equal(yarnSite(l, DEFAULT_OPTIONS)["yarn.resourcemanager.recovery.enabled"], undefined);
});

test("--many-small-containers: faster NM heartbeat and more assignments per heartbeat; absent by default", () => {
  const l = layout("/tmp/w");
  const o = parseOptions(["--many-small-containers"]);
  assert.equal(o.manySmallContainers, true);
  assert.equal(yarnSite(l, o)["yarn.resourcemanager.nodemanagers.heartbeat-interval-ms"], 100);
  assert.equal(yarnSite(l, DEFAULT_OPTIONS)["yarn.resourcemanager.nodemanagers.heartbeat-interval-ms"], 500);
  // State files written before the option existed must still equal the defaults (no restart).
  assert.equal("manySmallContainers" in parseOptions([]), false);
  const dir = mkdtempSync(join(tmpdir(), "tsdask-conf-"));
  try {
    writeConf(layout(dir), o);
    const cs = readFileSync(join(dir, "conf", "capacity-scheduler.xml"), "utf8");
    assert.match(cs, /maximum-offswitch-assignments<\/name>\s*<value>100</);
    writeConf(layout(dir), DEFAULT_OPTIONS);
    assert.doesNotMatch(readFileSync(join(dir, "conf", "capacity-scheduler.xml"), "utf8"), /offswitch/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--local-fs picks how the NodeManager's localizer sets permissions; only its core-site names the nio class", () => {
  assert.equal(DEFAULT_OPTIONS.localFs, "nio");
  assert.equal(parseOptions(["--local-fs", "shell"]).localFs, "shell");
  assert.throws(() => parseOptions(["--local-fs", "native"]), /--local-fs must be nio or shell, got 'native'/);
  const l = layout("/tmp/w");
  const nm = nodeManagerCoreSite(l, DEFAULT_OPTIONS);
  assert.equal(nm["fs.AbstractFileSystem.file.impl"], "tsdask.cluster.NioLocalFs");
  assert.equal(nm["fs.defaultFS"], coreSite(l, DEFAULT_OPTIONS)["fs.defaultFS"]);
  assert.equal(coreSite(l, DEFAULT_OPTIONS)["fs.AbstractFileSystem.file.impl"], undefined);
});
