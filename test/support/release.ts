// The release artifacts as `npm run release` builds them for a user: in a clean clone of this
// repository's HEAD (a throw-away `git clone`; only node_modules is linked in from this checkout:
// the npm packages, not the sources), so nothing untracked or uncommitted can slip into them.
// Built once per commit and kept in build/release-test/ of this checkout (not shared with other
// checkouts on the machine): the suites that install them (test/e2e/install/) share one build.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { TERMINAL_STATES, type ResourceManagerClient } from "../../src/yarn-rest/index.js";
import { ROOT } from "./cluster.js";

export interface Release {
  readonly version: string;
  readonly tarball: string;
  readonly wheel: string;
  readonly sdist: string;
  /** How long the clone and `npm run release` took; undefined when an earlier suite built them. */
  readonly buildMs?: number;
}

function git(args: string[], cwd = ROOT): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Builds (or finds) the artifacts of HEAD. Uncommitted changes are not in a clean clone: a note says so. */
export function releaseArtifacts(): Release {
  const head = git(["rev-parse", "HEAD"]);
  if (git(["status", "--porcelain", "--untracked-files=no"]) !== "") {
    console.log(`note: the release is built from HEAD ${head.slice(0, 12)}; uncommitted changes are not in it`);
  }
  const cache = join(ROOT, "build", "release-test");
  const dir = join(cache, head);
  let buildMs: number | undefined;
  if (!existsSync(join(dir, ".complete"))) {
    const started = Date.now();
    // Other commits' builds are of no further use.
    rmSync(cache, { recursive: true, force: true });
    const clone = join(cache, `clone-${process.pid}`);
    mkdirSync(cache, { recursive: true });
    git(["clone", "--quiet", "--no-checkout", ROOT, clone]);
    git(["checkout", "--quiet", "--detach", head], clone);
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
    const r = spawnSync("npm", ["run", "--silent", "release"], { cwd: clone, encoding: "utf8", timeout: 600_000 });
    if (r.status !== 0) throw new Error(`npm run release failed in a clean clone (exit ${r.status}):\n${r.stderr}`);
    renameSync(join(clone, "release"), dir);
    rmSync(clone, { recursive: true, force: true });
    mkdirSync(join(dir, ".complete"));
    buildMs = Date.now() - started;
  }
  const { version } = JSON.parse(git(["show", `${head}:package.json`])) as { version: string };
  const file = (name: string): string => {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new Error(`npm run release did not write ${name} (it wrote ${readdirSync(dir).join(", ")})`);
    return path;
  };
  return {
    version,
    tarball: file(`tsdask-yarn-${version}.tgz`),
    wheel: file(`tsdask_yarn-${version}-py3-none-any.whl`),
    sdist: file(`tsdask_yarn-${version}.tar.gz`),
    ...(buildMs !== undefined ? { buildMs } : {}),
  };
}

/** Size in MB of a file, or of a directory tree (du -sk). */
export function sizeMb(path: string): number {
  if (statSync(path).isFile()) return statSync(path).size / 1e6;
  const r = spawnSync("du", ["-sk", path], { encoding: "utf8" });
  return (Number(r.stdout.split("\t")[0]) * 1024) / 1e6;
}

/**
 * A directory of symlinks to the given commands (found on this PATH): a PATH holding it and the
 * installed package's bin/ alone proves that nothing else from the machine is used.
 */
export function toolsDir(dir: string, tools: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const t of tools) {
    const r = spawnSync("sh", ["-c", `command -v ${t}`], { encoding: "utf8" });
    const path = r.stdout.trim();
    if (r.status !== 0 || !path.startsWith("/")) throw new Error(`'${t}' is not on PATH: the install test needs it`);
    symlinkSync(path, join(dir, t));
  }
  return dir;
}

/** Coreutils and the shell: what a user's minimal PATH has besides the package. */
export const COREUTILS = ["sh", "bash", "env", "cat", "ls", "mkdir", "rm", "cp", "mv", "ln", "id", "uname", "date"];

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command to its end (SIGKILL after `timeoutMs`), with exactly the environment given. */
export function runCommand(
  cmd: string,
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; timeoutMs: number },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env: options.env, cwd: options.cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** After an install suite: its runs ended, any application tagged `tag` still running killed, `work` removed. */
export async function endSuite(
  rm: ResourceManagerClient,
  tag: string,
  work: string,
  runs: Promise<unknown>[],
): Promise<void> {
  await Promise.allSettled(runs);
  const apps = await rm.listApplications({ tags: [tag] }).catch(() => []);
  for (const a of apps) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "e2e cleanup").catch(() => undefined);
  }
  rmSync(work, { recursive: true, force: true });
}
