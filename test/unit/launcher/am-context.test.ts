// The AM submission context as data: local resources exactly as staged, AM_ENV, the command,
// resources and YARN options; and its JSON as the RM reads it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { AM_ENV, decodeEnvJson } from "../../../src/control/index.js";
import type { ClusterAddresses } from "../../../src/hadoop-conf/index.js";
import { controlUrlOf } from "../../../src/launcher/index.js";
import { amCommand, amSubmission, shellQuotedValue } from "../../../src/launcher/am-context.js";
import { type StagedFile } from "../../../src/launcher/uploads.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { submissionJson } from "../../../src/yarn-rest/index.js";

const addresses: ClusterAddresses = {
  resourceManagers: [
    { id: "rm1", webUrl: "http://rm1:8088", schedulerAddress: "rm1:8030" },
    { id: "rm2", webUrl: "http://rm2:8088", schedulerAddress: "rm2:8030" },
  ],
  rmHaEnabled: true,
  rmRecoveryEnabled: true,
  nameNodes: [{ webUrl: "http://nn1:9870" }, { webUrl: "http://nn2:9870" }] as ClusterAddresses["nameNodes"],
  nameservice: "ns",
  defaultFS: "hdfs://ns",
  rpcProtection: ["privacy"],
  securityEnabled: false,
  yarnHttpPolicy: "HTTP_ONLY",
  hdfsHttpPolicy: "HTTP_ONLY",
};

const spec = specFromYaml(
  [
    "name: ctx-test",
    "queue: research",
    "tags: [a, b]",
    "priority: 3",
    "max-attempts: 4",
    "node-label: gpu",
    "dask: false",
    "master: {vcores: 2, memory: 768 MiB, env: {EXTRA: x, TSDASK_USER: not-this}}",
    "services: {web: {script: echo hi}}",
  ].join("\n"),
  { allowMissingEnvironment: true },
);

const runtime: StagedFile = {
  path: "/user/a/.tsdask-yarn/cache/abc/tsdask-runtime.tar.gz",
  size: 123,
  timestamp: 1700,
};
const environment: StagedFile = {
  path: "/user/a/.tsdask-yarn/cache/def/environment.tar.gz",
  size: 456,
  timestamp: 1800,
};
const stagingDir = "/user/a/.tsdask-yarn/apps/application_1_0007";
const input = {
  appId: "application_1_0007",
  spec,
  addresses,
  user: "alice",
  stagingDir,
  resources: { runtime, environment },
  specFile: { path: `${stagingDir}/spec.json`, size: 900, timestamp: 1900 },
  secretFile: { path: `${stagingDir}/secret`, size: 43, timestamp: 1901 },
};

test("local resources: runtime ARCHIVE (PRIVATE), spec and secret FILE (APPLICATION), sizes and times as staged", () => {
  const s = amSubmission(input);
  assert.deepEqual(s.amContainer.localResources, {
    tsdask: { url: `hdfs://ns${runtime.path}`, type: "ARCHIVE", visibility: "PRIVATE", size: 123, timestamp: 1700 },
    ".tsdask-spec.json": {
      url: `hdfs://ns${stagingDir}/spec.json`,
      type: "FILE",
      visibility: "APPLICATION",
      size: 900,
      timestamp: 1900,
    },
    ".tsdask-secret": {
      url: `hdfs://ns${stagingDir}/secret`,
      type: "FILE",
      visibility: "APPLICATION",
      size: 43,
      timestamp: 1901,
    },
  });
});

test("environment: AM_ENV from the addresses, master.env kept, ours win on a clash", () => {
  const env = amSubmission(input).amContainer.environment!;
  assert.equal(env.EXTRA, "x");
  assert.equal(env.MALLOC_ARENA_MAX, "2", "two glibc malloc arenas unless master.env says otherwise");
  assert.equal(env[AM_ENV.user], "alice", "a user-set TSDASK_USER does not override ours");
  assert.equal(env[AM_ENV.stagingDir], stagingDir);
  assert.equal(env[AM_ENV.defaultFs], "hdfs://ns");
  assert.equal(env[AM_ENV.namenodeWeb], "http://nn1:9870,http://nn2:9870");
  assert.equal(env[AM_ENV.rmScheduler], "rm1:8030,rm2:8030");
  assert.equal(env[AM_ENV.rmWeb], "http://rm1:8088,http://rm2:8088");
  assert.equal(env[AM_ENV.rpcProtection], "privacy");
  assert.deepEqual(decodeEnvJson(env[AM_ENV.resources]!), { runtime, environment });
  const noEnv = amSubmission({ ...input, resources: { runtime } }).amContainer.environment!;
  assert.deepEqual(decodeEnvJson(noEnv[AM_ENV.resources]!), { runtime });
});

test("a master.env MALLOC_ARENA_MAX wins over ours", () => {
  const own = specFromYaml("master: {env: {MALLOC_ARENA_MAX: '4'}}\nservices: {web: {script: echo hi}}\ndask: false", {
    allowMissingEnvironment: true,
  });
  const env = amSubmission({ ...input, spec: own }).amContainer.environment!;
  assert.equal(env.MALLOC_ARENA_MAX, "4");
});

test("command, resources and YARN options", () => {
  const s = amSubmission(input);
  assert.equal(
    s.amContainer.command,
    "tsdask/bin/node --max-old-space-size=576 --max-semi-space-size=1 --expose-gc tsdask/appmaster.js" +
      " 1><LOG_DIR>/appmaster.stdout 2><LOG_DIR>/appmaster.stderr",
    "a 768 MiB AM gets a 576 MiB heap limit",
  );
  assert.match(amCommand(64), /--max-old-space-size=64 /, "never below 64 MiB");
  assert.deepEqual(s.resource, { memoryMb: 768, vcores: 2 });
  assert.equal(s.name, "ctx-test");
  assert.equal(s.queue, "research");
  assert.equal(s.priority, 3);
  assert.equal(s.maxAppAttempts, 4);
  assert.equal(s.keepContainersAcrossApplicationAttempts, true);
  assert.deepEqual(s.tags, ["a", "b"]);
  assert.equal(s.applicationType, "TSDASK");
  assert.equal(s.nodeLabel, "gpu");
  assert.equal(s.amNodeLabel, "gpu");
});

test("the RM JSON carries it all (keys the RM reads, natural-JSON maps)", () => {
  const j = submissionJson(amSubmission(input)) as Record<string, any>;
  assert.equal(j["application-id"], "application_1_0007");
  assert.equal(j["application-type"], "TSDASK");
  assert.equal(j["keep-containers-across-application-attempts"], true);
  assert.equal(j["max-app-attempts"], 4);
  assert.deepEqual(j["application-tags"], { tag: ["a", "b"] });
  assert.equal(j["app-node-label-expression"], "gpu");
  assert.deepEqual(j.resource, { memory: 768, vCores: 2 });
  const res = j["am-container-spec"]["local-resources"].entry as { key: string; value: any }[];
  assert.deepEqual(
    res.map((e) => e.key),
    ["tsdask", ".tsdask-spec.json", ".tsdask-secret"],
  );
  const env = j["am-container-spec"].environment.entry as { key: string; value: string }[];
  assert.ok(env.some((e) => e.key === "TSDASK_RESOURCES"));
  assert.ok(!JSON.stringify(j).includes("secret-value"), "the secret itself never travels in the submission");
});

test("no node label: no label expressions at all (an empty one would pin the default partition)", () => {
  const plain = specFromYaml("dask: false\nservices: {web: {script: echo hi}}", { allowMissingEnvironment: true });
  const s = amSubmission({ ...input, spec: plain });
  assert.equal(s.nodeLabel, undefined);
  assert.equal(s.amNodeLabel, undefined);
});

test("controlUrlOf: only a registered host:port makes a URL", () => {
  assert.equal(controlUrlOf({ amRpcAddress: "node7.example:40123" }), "http://node7.example:40123");
  assert.equal(controlUrlOf({ amRpcAddress: "fe80::1:40123" }), "http://[fe80::1]:40123");
  assert.equal(controlUrlOf({ amRpcAddress: undefined }), undefined);
  assert.equal(controlUrlOf({ amRpcAddress: "N/A" }), undefined);
  assert.equal(controlUrlOf({ amRpcAddress: "N/A:-1" }), undefined);
  assert.equal(controlUrlOf({ amRpcAddress: "host:-1" }), undefined);
  assert.equal(controlUrlOf({ amRpcAddress: "host:0" }), undefined);
});

test('our values survive the NodeManager\'s unescaped `export KEY="VALUE"` byte for byte (real bash)', () => {
  const nasty = `/user/a b/$HOME/\`id\`/"q"/back\\slash/{"json":1}`;
  const script = `export X="${shellQuotedValue(nasty)}"\nprintf %s "$X"`;
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, nasty);
  const env = amSubmission({ ...input, stagingDir: "/user/$x/apps" }).amContainer.environment!;
  assert.equal(env[AM_ENV.stagingDir], "/user/\\$x/apps");
  assert.equal(env.EXTRA, "x", "the user's own values are passed as written ($VAR expansion is theirs)");
});

test("YARN ACLs: owner-only by default (a blank ACL), the spec's acls.view / acls.modify as written", () => {
  const j = submissionJson(amSubmission(input)) as Record<string, any>;
  assert.deepEqual(j["am-container-spec"]["application-acls"], {
    entry: [
      { key: "VIEW_APP", value: " " },
      { key: "MODIFY_APP", value: " " },
    ],
  });
  const shared = specFromYaml(
    'dask: false\nacls: {view: "bob,carol ops", modify: "  ops-admin "}\nservices: {web: {script: echo hi}}',
    {
      allowMissingEnvironment: true,
    },
  );
  const acls = amSubmission({ ...input, spec: shared }).amContainer.acls;
  assert.deepEqual(acls, { VIEW_APP: "bob,carol ops", MODIFY_APP: "ops-admin" });
});

test("TLS: the AM gets the CA certificate and key as APPLICATION files; none without TLS", () => {
  const caFile = { path: `${stagingDir}/tls/ca.pem`, size: 1200, timestamp: 1902 };
  const caKeyFile = { path: `${stagingDir}/tls/ca-key.pem`, size: 1700, timestamp: 1903 };
  const res = amSubmission({ ...input, tls: { caFile, caKeyFile } }).amContainer.localResources!;
  assert.deepEqual(res[".tsdask-ca.pem"], {
    url: `hdfs://ns${stagingDir}/tls/ca.pem`,
    type: "FILE",
    visibility: "APPLICATION",
    size: 1200,
    timestamp: 1902,
  });
  assert.equal(res[".tsdask-ca-key.pem"]?.visibility, "APPLICATION");
  assert.equal(res[".tsdask-ca-key.pem"]?.size, 1700);
  assert.equal(Object.keys(amSubmission(input).amContainer.localResources!).filter((k) => k.includes("ca")).length, 0);
});
