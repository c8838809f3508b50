import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { clusterAddresses, findConfDir, loadConfDir } from "../../../src/hadoop-conf/index.js";
import { ROOT } from "../../support/cluster.js";

const FIX = join(ROOT, "test", "fixtures", "conf");
const env = { TSDASK_TEST_HOME: "/home/t" };
const load = (name: string) => loadConfDir({ dir: join(FIX, name), from: "explicit" }, env);

test("${var} expands lazily against the final value, across files", () => {
  const conf = load("vars");
  // cluster.host is set in core-site and overridden in yarn-site; expansion happens on read.
  assert.equal(conf.get("fs.defaultFS"), "hdfs://overridden.example.com:8020");
  assert.equal(conf.raw("fs.defaultFS")?.value, "hdfs://${cluster.host}:8020");
});

test("${env.X} expands; an unknown variable stops expansion and stays literal, as in Hadoop", () => {
  assert.equal(load("vars").get("from.env"), "/home/t/x:${undefined.var}:${cluster.host}");
});

test("a self-referencing value does not loop", () => {
  assert.equal(load("vars").get("self.ref"), "a${self.ref}");
});

test("<final> in an earlier file wins over a later file", () => {
  const conf = load("vars");
  assert.equal(conf.get("hadoop.rpc.protection"), "integrity, privacy");
  assert.deepEqual(conf.getStrings("hadoop.rpc.protection"), ["integrity", "privacy"]);
  assert.match(conf.raw("hadoop.rpc.protection")!.source, /core-site\.xml$/);
});

test("a property without a value is skipped; values keep their spaces until trimmed", () => {
  const conf = load("vars");
  assert.equal(conf.get("no.value"), undefined);
  assert.equal(conf.get("yarn.resourcemanager.hostname"), "  rm.example.com  ");
  assert.equal(conf.getTrimmed("yarn.resourcemanager.hostname"), "rm.example.com");
});

test("non-HA addresses: RM from yarn.resourcemanager.hostname + default ports, wildcard NN http-address", () => {
  const a = clusterAddresses({ confDir: join(FIX, "vars"), env });
  assert.equal(a.rmHaEnabled, false);
  assert.deepEqual(a.resourceManagers, [
    { webUrl: "http://rm.example.com:8088", schedulerAddress: "rm.example.com:8030" },
  ]);
  // 0.0.0.0:50070 is reached on the host of fs.defaultFS.
  assert.deepEqual(a.nameNodes, [{ webUrl: "http://overridden.example.com:50070" }]);
  assert.equal(a.defaultFS, "hdfs://overridden.example.com:8020");
  assert.deepEqual(a.rpcProtection, ["integrity", "privacy"]);
  assert.equal(a.securityEnabled, false);
});

test("RM HA: per-id webapp/scheduler addresses, hostname.<id> fallback; HDFS HA nameservice", () => {
  const a = clusterAddresses({ confDir: join(FIX, "ha"), env });
  assert.equal(a.rmHaEnabled, true);
  assert.deepEqual(a.resourceManagers, [
    { id: "rm1", webUrl: "http://rm1.example.com:18088", schedulerAddress: "rm1.example.com:18030" },
    { id: "rm2", webUrl: "http://rm2.example.com:8088", schedulerAddress: "rm2.example.com:8030" },
  ]);
  assert.equal(a.nameservice, "mycluster");
  assert.deepEqual(a.nameNodes, [
    { id: "nn1", webUrl: "http://nn1.example.com:9870" },
    { id: "nn2", webUrl: "http://nn2.example.com:9870" },
  ]);
  assert.equal(a.securityEnabled, true);
  assert.deepEqual(a.rpcProtection, ["authentication"]);
});

test("HTTPS_ONLY switches to the https addresses and their default ports", () => {
  const a = clusterAddresses({ confDir: join(FIX, "https"), env });
  assert.equal(a.resourceManagers[0]!.webUrl, "https://rm.example.com:8090");
  assert.equal(a.nameNodes[0]!.webUrl, "https://nn.example.com:9871");
  assert.equal(a.yarnHttpPolicy, "HTTPS_ONLY");
});

test("explicit addresses override the files", () => {
  const a = clusterAddresses({
    confDir: join(FIX, "ha"),
    env,
    overrides: { rmWebUrls: ["rmx:8088/"], nameNodeWebUrls: ["https://nnx:9871"], rmSchedulerAddress: "rmx:8030" },
  });
  assert.deepEqual(a.resourceManagers, [{ webUrl: "http://rmx:8088", schedulerAddress: "rmx:8030" }]);
  assert.deepEqual(a.nameNodes, [{ webUrl: "https://nnx:9871" }]);
});

test("no conf dir and no explicit addresses is refused, not Hadoop's localhost defaults", () => {
  assert.deepEqual(findConfDir(undefined, {}), { dir: undefined, from: "none" });
  assert.deepEqual(findConfDir(undefined, { HADOOP_HOME: "/opt/h" }), {
    dir: "/opt/h/etc/hadoop",
    from: "HADOOP_HOME",
  });
  assert.equal(findConfDir("/x", { HADOOP_CONF_DIR: "/y" }).dir, "/x");
  const notSet = isErr("HADOOP_CONF_NOT_SET", /HADOOP_CONF_DIR is not set.*--conf-dir/);
  assert.throws(() => clusterAddresses({ env: {} }), notSet);
  assert.throws(() => clusterAddresses({ env: { HADOOP_CONF_DIR: "" } }), notSet);
  // One explicit address alone would still send the other role to localhost.
  assert.throws(() => clusterAddresses({ env: {}, overrides: { rmWebUrls: ["rm:8088"] } }), notSet);
  assert.throws(
    () => clusterAddresses({ env: {} }),
    (e: unknown) => e instanceof TsdaskError && /HADOOP_CONF_DIR/.test(e.hint!) && /--local/.test(e.hint!),
  );
  // Both explicit: the rest (scheduler address, defaultFS) are Hadoop's defaults, as asked.
  const a = clusterAddresses({ env: {}, overrides: { rmWebUrls: ["rm:8088"], nameNodeWebUrls: ["nn:9870"] } });
  assert.deepEqual(a.resourceManagers, [{ webUrl: "http://rm:8088", schedulerAddress: "127.0.0.1:8030" }]);
  assert.deepEqual(a.nameNodes, [{ webUrl: "http://nn:9870" }]);
});

const isErr = (code: string, re: RegExp) => (e: unknown) =>
  e instanceof TsdaskError && e.code === code && re.test(e.message) && !!e.hint;

test("malformed XML names the file, line and column", () => {
  assert.throws(
    () => load("malformed"),
    isErr("HADOOP_CONF_MALFORMED", /malformed\/yarn-site\.xml:4:\d+: malformed XML/),
  );
});

test("a missing directory, an unreadable file and bad values are errors naming what and where", (t) => {
  assert.throws(
    () => loadConfDir({ dir: join(FIX, "nope"), from: "HADOOP_CONF_DIR" }),
    isErr("HADOOP_CONF_DIR_MISSING", /nope.*HADOOP_CONF_DIR/),
  );
  const dir = mkdtempSync(join(tmpdir(), "tsdask-conf-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const site = (body: string) => `<configuration>${body}</configuration>`;
  const prop = (n: string, v: string) => `<property><name>${n}</name><value>${v}</value></property>`;
  writeFileSync(join(dir, "yarn-site.xml"), site(prop("yarn.resourcemanager.webapp.address", "rm-without-port")));
  assert.throws(
    () => clusterAddresses({ confDir: dir, env: {} }),
    isErr(
      "HADOOP_CONF_INVALID",
      /webapp\.address is 'rm-without-port' \(set in .*yarn-site\.xml\); expected host:port/,
    ),
  );
  writeFileSync(join(dir, "yarn-site.xml"), site(prop("yarn.resourcemanager.ha.enabled", "true")));
  assert.throws(() => clusterAddresses({ confDir: dir, env: {} }), isErr("HADOOP_CONF_INVALID", /rm-ids is empty/));
  writeFileSync(join(dir, "yarn-site.xml"), site(prop("yarn.http.policy", "SOMETIMES")));
  assert.throws(
    () => clusterAddresses({ confDir: dir, env: {} }),
    isErr("HADOOP_CONF_INVALID", /yarn\.http\.policy is 'SOMETIMES'/),
  );
  writeFileSync(join(dir, "yarn-site.xml"), "<notconfiguration/>");
  assert.throws(
    () => clusterAddresses({ confDir: dir, env: {} }),
    isErr("HADOOP_CONF_MALFORMED", /no <configuration> root/),
  );
  if (process.getuid?.() !== 0) {
    chmodSync(join(dir, "yarn-site.xml"), 0);
    assert.throws(() => clusterAddresses({ confDir: dir, env: {} }), isErr("HADOOP_CONF_UNREADABLE", /cannot read/));
  }
});
