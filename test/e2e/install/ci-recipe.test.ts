// docs/ci.md's recipes, run as written (issue 18): the GitHub Actions workflow's `run:` steps and
// the GitLab CI job's `script:` lines, taken from the doc by their marker line, in a fresh
// workspace whose ci/job.py prints a result and exits with 3. The CI's secrets and variables are
// environment variables pointing at the local cluster (its conf dir packed as the recipe expects;
// no keytab: the Kerberos branch is skipped as the recipe skips it on a simple-auth cluster) and
// the package is the release tarball built in a clean clone. Both must pass the job's exit code
// and output on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ResourceManagerClient } from "../../../src/yarn-rest/index.js";
import { localCluster, ROOT } from "../../support/cluster.js";
import { endSuite, releaseArtifacts, runCommand, type Ran, type Release } from "../../support/release.js";
import { githubSteps, gitlabScript, recipeBlock } from "./recipes.js";

const c = localCluster();
const rm = new ResourceManagerClient({ urls: [c.rmWeb], user: c.user });
const tag = `tsdask-e2e-ci-recipe-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), "tsdask-ci-recipe-"));
const doc = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
const JOB_EXIT = 3;
const RESULT = "RESULT 499500"; // sum(range(1000)) on the cluster's dask

/** A setting of this machine's npm (before a test changes its prefix). */
function npmConfig(key: string): string {
  const r = spawnSync("npm", ["config", "get", key], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A fresh workspace (the checked-out repository: ci/job.py) and the runner's own variables. */
function workspace(name: string): { dir: string; env: Record<string, string> } {
  const dir = join(work, name);
  mkdirSync(join(dir, "ci"), { recursive: true });
  writeFileSync(
    join(dir, "ci", "job.py"),
    `import sys
import dask.array as da
from dask.distributed import Client
client = Client()
print("RESULT", int(da.arange(1000, chunks=100).sum().compute()), flush=True)
sys.exit(${JOB_EXIT})
`,
  );
  const prefix = join(dir, ".npm-global");
  // A runner has a whole environment of its own (proxy, CA certificates, ...): this machine's, but
  // no Hadoop or tsdask-yarn settings and a fresh HOME.
  const machine = Object.entries(process.env).filter(([k]) => !/^(TSDASK_|HADOOP_|GITHUB_|GITLAB_|CI_)/.test(k));
  const env: Record<string, string> = {
    ...(Object.fromEntries(machine) as Record<string, string>),
    PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}`,
    HOME: join(dir, ".home"),
    CI: "true",
    // `npm install -g` of the runner's Node goes to a prefix of this run (the runner's is writable);
    // npm keeps reading this machine's global npmrc (registry, CA file) and its package cache (as
    // setup-node's cache would give a runner).
    npm_config_prefix: prefix,
    npm_config_globalconfig: npmConfig("globalconfig"),
    npm_config_cache: npmConfig("cache"),
    // The optional Kerberos binding would build from source here (its prebuilt download is
    // unreachable), a minute of C++ per install; this cluster does not use Kerberos.
    npm_config_omit: "optional",
    // The runner's name for the cluster user, and a tag so this suite finds its applications.
    HADOOP_USER_NAME: c.user,
    TSDASK_YARN_TAGS: tag,
  };
  mkdirSync(env.HOME!);
  return { dir, env };
}

let release: Release;
let secrets: Record<string, string>;
let github: Promise<GithubRun>;
let gitlab: Promise<{ run: Ran; dir: string }>;

before(() => {
  const built = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  assert.equal(built.status, 0, built.stderr);
  const conf = spawnSync("sh", ["-c", `tar czf - -C "${c.confDir}" . | base64 -w0`], { encoding: "utf8" });
  assert.equal(conf.status, 0, conf.stderr);
  release = releaseArtifacts();
  secrets = {
    TSDASK_YARN_PACKAGE: release.tarball,
    TSDASK_YARN_ENVIRONMENT: built.stdout.trim(),
    HADOOP_CONF_TGZ_B64: conf.stdout.trim(),
  };
  // One pipeline after the other: on this cluster's one 8 GiB NodeManager, two jobs at once (each
  // AM + scheduler + client, then 2 GiB workers) can each hold ~3.5 GiB and wait for a worker the
  // other holds the memory for — YARN does not schedule an application's containers as a gang.
  github = runGithub();
  gitlab = github.then(runGitlab, runGitlab);
  // Failures are reported by the tests that await them, not as unhandled rejections before.
  github.catch(() => undefined);
  gitlab.catch(() => undefined);
});

after(() => endSuite(rm, tag, work, [github, gitlab]));

/** The job ran on the cluster: an application of this suite named `name`, FINISHED (FAILED: exit 3). */
async function ranOnYarn(name: RegExp): Promise<void> {
  const apps = (await rm.listApplications({ tags: [tag] })).filter((a) => name.test(a.name));
  assert.equal(apps.length, 1, `one application named ${name}: ${apps.map((a) => a.name).join(", ")}`);
  assert.deepEqual([apps[0]!.state, apps[0]!.finalStatus], ["FINISHED", "FAILED"]);
}

interface GithubRun {
  readonly last: Ran;
  readonly temp: string;
  readonly output: string;
  readonly log: string[];
}

/** The workflow's run: steps in order, as the runner runs them; stops at the first that fails. */
async function runGithub(): Promise<GithubRun> {
  const { dir, env } = workspace("github");
  const temp = join(dir, ".runner-temp");
  mkdirSync(temp);
  const files = { GITHUB_ENV: join(temp, "env"), GITHUB_OUTPUT: join(temp, "output"), GITHUB_PATH: join(temp, "path") };
  for (const f of Object.values(files)) writeFileSync(f, "");
  const runner: Record<string, string> = {
    ...env,
    ...files,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: temp,
    GITHUB_REPOSITORY: "example/analytics",
    GITHUB_RUN_NUMBER: "17",
  };
  const steps = githubSteps(recipeBlock(doc, "github-actions"), { secrets, vars: secrets });
  assert.deepEqual(
    steps.map((s) => s.name),
    ["Install tsdask-yarn", "Cluster configuration and credentials", "Run the job on YARN"],
  );
  const log: string[] = [];
  let last: Ran | undefined;
  for (const step of steps) {
    // What the earlier steps added through $GITHUB_ENV / $GITHUB_PATH, as the runner carries it.
    const carried = Object.fromEntries(
      readFileSync(files.GITHUB_ENV, "utf8")
        .split("\n")
        .filter((l) => l.includes("="))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    const paths = readFileSync(files.GITHUB_PATH, "utf8").split("\n").filter(Boolean).reverse();
    const stepEnv = { ...runner, ...step.env, ...carried, PATH: [...paths, env.PATH].join(":") };
    const script = join(temp, `step-${steps.indexOf(step)}.sh`);
    writeFileSync(script, step.run);
    last = await runCommand(...step.shell(script), { env: stepEnv, cwd: dir, timeoutMs: 360_000 });
    log.push(`step "${step.name}": exit ${last.code} in ${(last.ms / 1000).toFixed(1)} s`);
    if (step !== steps.at(-1) && last.code !== 0) {
      throw new Error(`step "${step.name}" failed (exit ${last.code}):\n${last.stdout}\n${last.stderr}`);
    }
  }
  return { last: last!, temp, output: readFileSync(files.GITHUB_OUTPUT, "utf8"), log };
}

/** The GitLab job's script lines in one shell, as GitLab's runner runs them. */
async function runGitlab(): Promise<{ run: Ran; dir: string }> {
  const { dir, env } = workspace("gitlab");
  const script = join(dir, ".gitlab-job.sh");
  writeFileSync(script, gitlabScript(recipeBlock(doc, "gitlab-ci"), "yarn-job"));
  const run = await runCommand("bash", [script], {
    env: {
      ...env,
      ...secrets,
      GITLAB_CI: "true",
      CI_PROJECT_DIR: dir,
      CI_PROJECT_PATH: "example/analytics",
      CI_PIPELINE_ID: "4242",
    },
    cwd: dir,
    timeoutMs: 420_000,
  });
  return { run, dir };
}

test(
  "GitHub Actions: the workflow's steps install, configure and pass the job's exit code and output on",
  { timeout: 480_000 },
  async (t) => {
    if (release.buildMs !== undefined)
      t.diagnostic(`clean clone + npm run release: ${(release.buildMs / 1000).toFixed(1)} s`);
    const { last, temp, output, log } = await github;
    for (const line of log) t.diagnostic(line);
    assert.equal(last.code, JOB_EXIT, `the step fails with the job's code:\n${last.stdout}\n${last.stderr}`);
    assert.match(last.stdout, new RegExp(`^${RESULT}$`, "m"), "the job's output is in the step's log");
    assert.match(readFileSync(join(temp, "yarn-job.log"), "utf8"), new RegExp(`^${RESULT}$`, "m"));
    assert.match(output, new RegExp(`^exit-code=${JOB_EXIT}$`, "m"));
    // On GitHub the setup folds into log groups around the job's output.
    assert.match(last.stderr, /^::group::/m);
    await ranOnYarn(/^example\/analytics run 17$/);
  },
);

test(
  "GitLab CI: the job's script installs, configures and passes the job's exit code and output on",
  { timeout: 480_000 },
  async (t) => {
    const { run: r, dir } = await gitlab;
    t.diagnostic(`job: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s`);
    assert.equal(r.code, JOB_EXIT, `the job fails with the job's code:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^${RESULT}$`, "m"), "the job's output is in the job log");
    assert.match(readFileSync(join(dir, "yarn-job.log"), "utf8"), new RegExp(`^${RESULT}$`, "m"));
    await ranOnYarn(/^example\/analytics pipeline 4242$/);
  },
);
