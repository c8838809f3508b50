// The runtime archive and the environment reach the cluster once: a second submit transfers
// nothing. Also: what the staging directory holds, and that the NodeManager accepted the AM's
// local resources (sizes and timestamps exactly as GETFILESTATUS reported).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { APP_FILES } from "../../../src/control/index.js";
import { kill, stageAndSubmit, type SubmitOptions } from "../../../src/launcher/index.js";
import { specFromJSON } from "../../../src/spec/index.js";
import { TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { Recorder, cluster, daskEnvironment, hdfs, killLeftovers, rm, testSpec } from "./support.js";

const stagingRoot = `/tmp/tsdask-it-launcher-uploads-${process.pid}`;
const environment = daskEnvironment();
const options: SubmitOptions = { env: { HADOOP_CONF_DIR: cluster.confDir }, user: cluster.user };
const spec = testSpec(stagingRoot, { services: "{web: {script: 'echo hello; sleep 1'}}" }, environment);

after(async () => {
  await killLeftovers();
  await hdfs.delete(stagingRoot, true);
});

test("the runtime archive and the environment are uploaded once; a second submit uploads nothing", async (t) => {
  const first = new Recorder();
  const app1 = await stageAndSubmit(spec, { ...options, onEvent: first.onEvent });
  const up1 = first.uploads();
  assert.deepEqual(up1.map((u) => [u.what, u.transferred]).sort(), [
    ["environment", true],
    ["runtime", true],
  ]);
  for (const u of up1) t.diagnostic(`first upload of ${u.what}: ${u.bytes} bytes in ${u.ms} ms`);
  const packed = first.events.find((e) => e.kind === "runtime-archive");
  if (packed?.kind === "runtime-archive")
    t.diagnostic(`runtime archive packed=${packed.packed} in ${packed.packMs} ms`);

  const second = new Recorder();
  const app2 = await stageAndSubmit(spec, { ...options, onEvent: second.onEvent });
  const up2 = second.uploads();
  assert.deepEqual(up2.map((u) => [u.what, u.transferred]).sort(), [
    ["environment", false],
    ["runtime", false],
  ]);
  assert.ok(!second.events.some((e) => e.kind === "upload-progress"), "no byte was sent the second time");
  for (const u of up2) t.diagnostic(`second submit, ${u.what}: nothing sent, ${u.ms} ms`);
  // The same cache entries, exactly: the AMs localize the same files.
  assert.deepEqual(app2.uploads, app1.uploads);
  assert.ok(app1.uploads.runtime.path.startsWith(`${stagingRoot}/.tsdask-yarn/cache/`));
  assert.ok(app1.uploads.runtime.path.endsWith("/tsdask-runtime.tar.gz"));

  for (const id of [app1.appId, app2.appId]) {
    const report = await kill(id, { ...options, stagingRoot });
    assert.equal(report.state, "KILLED");
    assert.equal(await hdfs.statIfExists(`${stagingRoot}/.tsdask-yarn/apps/${id}`), undefined);
  }
  // The cache survives the applications.
  assert.equal((await hdfs.stat(app1.uploads.runtime.path)).length, app1.uploads.runtime.size);
});

test("the staging dir is 0700 with a 0600 secret, the script, and a spec pointing at HDFS", async () => {
  const rec = new Recorder();
  const app = await stageAndSubmit(spec, { ...options, onEvent: rec.onEvent });
  try {
    const dir = app.stagingDir;
    assert.equal(dir, `${stagingRoot}/.tsdask-yarn/apps/${app.appId}`);
    assert.equal((await hdfs.stat(dir)).permission, "700");
    const secret = await hdfs.stat(`${dir}/${APP_FILES.secret}`);
    assert.equal(secret.permission, "600");
    assert.ok(secret.length >= 40);
    const names = (await hdfs.list(dir)).map((s) => s.name).sort();
    // cache-uses.json: the cache entries this application uses (cache clean --unused-for keeps them).
    assert.deepEqual(names, ["cache-uses.json", "secret", "services", "spec.json", "tls"]);
    // TLS (the default): CA and dask leaf, every file 0600 like the secret.
    const tls = (await hdfs.list(`${dir}/tls`)).map((s) => [s.name, s.permission]).sort();
    assert.deepEqual(tls, [
      ["ca-key.pem", "600"],
      ["ca.pem", "600"],
      ["dask-cert.pem", "600"],
      ["dask-key.pem", "600"],
    ]);
    const script = await readText(`${dir}/services/web.sh`);
    // The environment's bin/ first on PATH (a generic service runs the env's tools), then the script.
    assert.equal(
      script,
      'if [ -d "$PWD/environment/bin" ]; then export PATH="$PWD/environment/bin:$PATH"; fi\necho hello; sleep 1\n',
    );
    const staged = specFromJSON(await readText(`${dir}/${APP_FILES.spec}`));
    assert.equal(staged.environment, `${cluster.defaultFS}${app.uploads.environment!.path}`);
    assert.equal(staged.services.web?.script, "echo hello; sleep 1");
    assert.equal(staged.name, spec.name);

    const report = await rm.applicationReport(app.appId);
    assert.equal(report.applicationType, "TSDASK");
    assert.deepEqual(report.tags, ["tsdask-it-launcher"]);
    assert.match(report.queue, /^(root\.)?default$/, "the capacity scheduler reports the full queue path");
  } finally {
    await kill(app.appId, { ...options, stagingRoot });
  }
});

test("the NodeManager localizes the AM's resources (size and timestamp accepted)", async (t) => {
  const rec = new Recorder();
  const app = await stageAndSubmit(spec, { ...options, onEvent: rec.onEvent });
  try {
    // Until the AM registers or the attempt ends, YARN has not judged the resources; a bad
    // size/timestamp would end it with "changed on src filesystem" before the AM ever ran.
    const report = await rm.waitForApplication(
      app.appId,
      (r) => TERMINAL_STATES.includes(r.state) || (r.state === "RUNNING" && !!r.amRpcAddress),
      { timeoutMs: 120_000 },
    );
    t.diagnostic(`state ${report.state}/${report.finalStatus}: ${report.diagnostics.slice(0, 300)}`);
    assert.doesNotMatch(report.diagnostics, /changed on src filesystem|does not exist|Permission denied|localiz/i);
  } finally {
    await kill(app.appId, { ...options, stagingRoot });
  }
});

test("service files: a file, a directory (packed to an archive) and an hdfs:// source, rewritten in the staged spec", async (t) => {
  const local = mkdtempSync(join(tmpdir(), "tsdask-it-files-"));
  t.after(() => rmSync(local, { recursive: true, force: true }));
  writeFileSync(join(local, "data.txt"), "payload\n");
  mkdirSync(join(local, "conf"));
  writeFileSync(join(local, "conf", "a.ini"), "[a]\n");
  const remote = `${stagingRoot}/remote-input.txt`;
  await hdfs.create(remote, Buffer.from("remote\n"), { overwrite: true });
  const withFiles = testSpec(
    stagingRoot,
    {
      services:
        `{web: {script: 'cat data.txt', files: {data.txt: ${join(local, "data.txt")}, ` +
        `conf: {source: ${join(local, "conf")}, type: archive}, input.txt: hdfs://${remote}}}}`,
    },
    environment,
  );
  const app = await stageAndSubmit(withFiles, options);
  try {
    const dir = app.stagingDir;
    const staged = specFromJSON(await readText(`${dir}/${APP_FILES.spec}`));
    const files = staged.services.web!.files;
    assert.deepEqual(files["data.txt"], {
      source: `${cluster.defaultFS}${dir}/files/web/data.txt`,
      type: "file",
    });
    assert.deepEqual(files.conf, { source: `${cluster.defaultFS}${dir}/files/web/conf.tar.gz`, type: "archive" });
    assert.deepEqual(files["input.txt"], withFiles.services.web!.files["input.txt"], "remote sources stay as given");
    assert.equal(await readText(`${dir}/files/web/data.txt`), "payload\n");
    assert.ok((await hdfs.stat(`${dir}/files/web/conf.tar.gz`)).length > 0);
  } finally {
    await kill(app.appId, { ...options, stagingRoot });
  }
});

async function readText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await hdfs.open(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
