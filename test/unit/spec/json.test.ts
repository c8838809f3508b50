// spec.json round trip: what the launcher stages is what the AM reads back.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { loadSpec, SpecError, specFromJSON, specFromYaml, specToJSON } from "../../../src/spec/index.js";

const FULL = `
name: etl
queue: prod
user: alice
tags: [a, b]
priority: 3
max-attempts: 4
node-label: big
environment: hdfs:///envs/dask.tar.gz
idle-timeout: 15m
staging-dir: /tmp/staging
master: {vcores: 2, memory: 1 GiB, env: {M: "1"}}
hadoop: {conf-dir: /etc/hadoop/conf, rm-web-addresses: [rm1:8088, rm2:8088], namenode-web-addresses: [nn:9870], rm-scheduler-address: rm1:8030}
worker: {count: 2, adaptive: 1:6, gpus: 1}
services:
  web: {script: ./serve, files: {app: /srv/app.tgz}, depends: [dask.scheduler], nodes: [h1], racks: [/r1], allow-failures: true}
`;

test("a full spec survives toJSON → fromJSON unchanged", () => {
  const spec = specFromYaml(FULL);
  const back = specFromJSON(specToJSON(spec));
  assert.deepEqual(back, spec);
  assert.equal(back.idleTimeoutSeconds, 900);
  assert.deepEqual(back.hadoop.rmWebAddresses, ["rm1:8088", "rm2:8088"]);
  assert.ok(Object.isFrozen(back.services.web));
});

test("a spec with a client script survives the round trip", () => {
  const { spec } = loadSpec({
    env: { TSDASK_YARN_ENVIRONMENT: "/e.tgz" },
    homeDir: "/none",
    cwd: "/w",
    script: { path: "job.py", args: ["x"] },
  });
  assert.deepEqual(specFromJSON(specToJSON(spec)), spec);
});

test("random worker shapes survive the round trip", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 1 << 20 }),
      fc.integer({ min: -1, max: 10 }),
      fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), fc.string()),
      (count, vcores, mib, restarts, env) => {
        const { spec } = loadSpec({
          env: { TSDASK_YARN_ENVIRONMENT: "hdfs:///e.tgz" },
          homeDir: "/none",
          flags: {
            "worker.count": count,
            "worker.vcores": vcores,
            "worker.memory": mib,
            "worker.restarts": restarts,
            "worker.env": env,
          },
        });
        const w = spec.services["dask.worker"];
        assert.ok(w, "dask.worker is a service");
        assert.deepEqual([w.instances, w.vcores, w.memoryMiB, w.restarts], [count, vcores, mib, restarts]);
        assert.deepEqual(specFromJSON(JSON.parse(specToJSON(spec))), spec);
      },
    ),
    { numRuns: 100 },
  );
});

const damaged: [string, (o: any) => void][] = [
  ["wrong version", (o) => (o.version = 99)],
  ["missing queue", (o) => delete o.queue],
  ["negative instances", (o) => (o.services.web.instances = -1)],
  ["role and script", (o) => (o.services.web.role = "dask.worker")],
  ["unknown role", (o) => (o.services["dask.worker"].role = "dask.nanny")],
  ["bad file type", (o) => (o.services.web.files.app.type = "dir")],
  ["env value number", (o) => (o.master.env.M = 1)],
];

for (const [name, damage] of damaged) {
  test(`damaged spec.json (${name}) → SPEC_JSON`, () => {
    const o = JSON.parse(specToJSON(specFromYaml(FULL)));
    damage(o);
    assert.throws(
      () => specFromJSON(JSON.stringify(o)),
      (e: unknown) => e instanceof SpecError && e.code === "SPEC_JSON",
    );
  });
}

test("spec.json that is not JSON → SPEC_JSON", () => {
  assert.throws(
    () => specFromJSON("{nope"),
    (e: unknown) => e instanceof SpecError && e.code === "SPEC_JSON",
  );
});
