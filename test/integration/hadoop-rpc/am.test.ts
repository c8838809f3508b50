// A real AM in a real local cluster: bundle test-am.ts, submit it through RM REST (plain fetch),
// and check its final status and diagnostics through REST and through Hadoop's own yarn CLI.
// Runs on the shared cluster (whatever its protection), then on a throw-away cluster of our own
// under hadoop.rpc.protection = privacy and then integrity: its work dir is
// TSDASK_RPC_AM_CLUSTER_DIR (default a new temp dir, deleted after) and its port offset
// TSDASK_RPC_AM_OFFSET (default 20000), so parallel runs can each pick their own.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { getJson, localCluster, ROOT, WORK, type LocalCluster } from "../../support/cluster.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const QOP: Record<string, string> = { authentication: "auth", integrity: "auth-int", privacy: "auth-conf" };

async function rest(method: string, url: string, body?: unknown): Promise<any> {
  const r = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  if (!r.ok) throw new Error(`${method} ${url} -> ${r.status} ${await r.text()}`);
  const text = await r.text();
  return text ? JSON.parse(text) : undefined;
}

/** cluster/hadoop with the environment that selects which cluster. */
function hadoop(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(join(ROOT, "cluster", "hadoop"), args, {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 240_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function runTestAm(cluster: LocalCluster, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "tsdask-am-"));
  chmodSync(out, 0o777);
  const bundle = join(out, "test-am.mjs");
  await build({
    entryPoints: [join(HERE, "test-am.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundle,
    logLevel: "error",
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  const rm = cluster.rmWeb;
  const q = `?user.name=${cluster.user}`;
  // The RM scheduler address as the cluster's yarn-site.xml states it.
  const yarnSite = readFileSync(join(cluster.confDir, "yarn-site.xml"), "utf8");
  const scheduler = /yarn\.resourcemanager\.scheduler\.address<\/name>\s*<value>([^<]+)</.exec(yarnSite)?.[1];
  assert.ok(scheduler, "no scheduler address in yarn-site.xml");
  const { "application-id": appId } = await rest("POST", `${rm}/ws/v1/cluster/apps/new-application${q}`);
  let finished = false;
  let passed = false;
  try {
    await rest("POST", `${rm}/ws/v1/cluster/apps${q}`, {
      "application-id": appId,
      "application-name": "tsdask-hadoop-rpc-it",
      "application-type": "TSDASK-TEST",
      "max-app-attempts": 1,
      resource: { memory: 256, vCores: 1 },
      "am-container-spec": {
        environment: {
          entry: [
            { key: "TEST_OUT", value: out },
            { key: "TEST_RM_SCHEDULER", value: scheduler },
          ],
        },
        commands: { command: `${process.execPath} ${bundle} 1><LOG_DIR>/am.out 2><LOG_DIR>/am.err` },
      },
    });
    let app: any;
    const deadline = Date.now() + 240_000;
    do {
      await new Promise((r) => setTimeout(r, 1000));
      app = (await getJson(`${rm}/ws/v1/cluster/apps/${appId}`)).app;
    } while (!["FINISHED", "FAILED", "KILLED"].includes(app.state) && Date.now() < deadline);
    finished = ["FINISHED", "FAILED", "KILLED"].includes(app.state);
    // The RM reports FINISHED as soon as the AM unregisters, which can be before the AM's
    // result file is on disk: give it a moment rather than race it.
    const resultFile = join(out, "am-result.json");
    for (let i = 0; i < 100 && !existsSync(resultFile); i++) await new Promise((r) => setTimeout(r, 100));
    const result = JSON.parse(readFileSync(resultFile, "utf8"));
    assert.equal(result.error, undefined, JSON.stringify(result.error));
    assert.equal(app.state, "FINISHED");
    assert.equal(app.finalStatus, "SUCCEEDED");
    assert.match(app.diagnostics, /tsdask test AM: 2 containers completed with exit 0/);
    assert.equal(result.started.length, 2);
    assert.deepEqual(
      result.completed.map((c: any) => c.exitStatus),
      [0, 0],
    );
    assert.equal(result.rmQop, QOP[cluster.options.rpcProtection]);
    assert.equal(result.nmQop, QOP[cluster.options.rpcProtection]);
    // The containers' command really ran: one file per started container, naming itself.
    for (const id of result.started) assert.equal(readFileSync(join(out, `${id}.txt`), "utf8").trim(), `ran in ${id}`);
    assert.equal(readdirSync(out).filter((f) => f.startsWith("container_")).length, 2);
    // Hadoop's own CLI agrees.
    const cli = hadoop(["yarn", "application", "-status", appId], env);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /Final-State : SUCCEEDED/);
    assert.match(cli.stdout, /Diagnostics : tsdask test AM: 2 containers completed with exit 0/);
    passed = true;
  } finally {
    // Keep the AM's output for a failed run; else tidy up.
    if (passed) rmSync(out, { recursive: true, force: true });
    else console.error(`AM output kept in ${out}; AM logs: cluster/hadoop yarn logs -applicationId ${appId}`);
    if (!finished)
      await rest("PUT", `${rm}/ws/v1/cluster/apps/${appId}/state${q}`, { state: "KILLED" }).catch(() => undefined);
  }
}

test(
  "shared cluster: a TypeScript AM registers, runs 2 containers over RPC, finishes SUCCEEDED",
  { timeout: 300_000 },
  async () => {
    await runTestAm(localCluster());
  },
);

// A throw-away cluster for the wrapping QOPs, so the shared one is never restarted.
const work = process.env.TSDASK_RPC_AM_CLUSTER_DIR ?? mkdtempSync(join(tmpdir(), "tsdask-rpc-it-"));
const ownEnv = { TSDASK_CLUSTER_DIR: work, TSDASK_PORT_OFFSET: process.env.TSDASK_RPC_AM_OFFSET ?? "20000" };
after(() => {
  hadoop(["down"], ownEnv);
  if (!process.env.TSDASK_RPC_AM_CLUSTER_DIR) rmSync(work, { recursive: true, force: true });
});

for (const protection of ["privacy", "integrity"]) {
  test(
    `own cluster, hadoop.rpc.protection=${protection}: the same AM works with wrapped RPC`,
    { timeout: 400_000 },
    async () => {
      // Reuse the shared cluster's jars when present (it need not be running), instead of resolving them again.
      for (const jars of existsSync(WORK) ? readdirSync(WORK).filter((f) => f.startsWith("lib-")) : []) {
        if (existsSync(join(work, jars))) continue;
        mkdirSync(work, { recursive: true });
        symlinkSync(join(WORK, jars), join(work, jars));
      }
      const up = hadoop(["up", "--rpc-protection", protection], ownEnv);
      assert.equal(up.status, 0, up.stderr);
      const cluster = JSON.parse(readFileSync(join(work, "run", "state.json"), "utf8")) as LocalCluster;
      assert.equal(cluster.options.rpcProtection, protection);
      await runTestAm(cluster, ownEnv);
    },
  );
}
