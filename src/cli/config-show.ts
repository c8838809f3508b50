// `config show`: the effective configuration, one row per key with the value and where it came
// from. It accepts the same flags as submit, so it previews what a submit would get.
import { formatSource } from "../spec/index.js";
import type { CommandContext } from "./io.js";
import { formatValue, printJson, printTable } from "./output.js";
import { loadConfig } from "./session.js";
import { specOptionsOf } from "./spec-flags.js";

/** What the runtime setting gives here, for nodes like this machine (submit asks the cluster's nodes). */
async function runtimePreview(setting: string, environment: string | undefined): Promise<string> {
  const { describeRuntime, resolveRuntime } = await import("../launcher/runtime/resolve.js");
  try {
    const r = await resolveRuntime(setting, { nodes: undefined, ...(environment ? { environment } : {}) });
    return `${describeRuntime(r.info)} (for nodes of this machine's platform; submit checks the cluster's)`;
  } catch (e) {
    return `none usable: ${(e as Error).message}`;
  }
}

export async function configShow(ctx: CommandContext, opts: Record<string, unknown>): Promise<number> {
  const loaded = loadConfig(ctx, specOptionsOf(opts));
  const { io } = ctx;
  for (const w of loaded.warnings) io.err(`warning: ${w}\n`);
  if (ctx.global.json) {
    printJson(io, {
      files: loaded.files,
      warnings: loaded.warnings,
      entries: loaded.entries.map((e) => ({
        key: e.key,
        value: e.value,
        source: e.source,
        from: formatSource(e.source),
      })),
    });
    return 0;
  }
  if (loaded.files.length > 0) io.err(`config files: ${loaded.files.join(", ")}\n`);
  printTable(
    io,
    ["KEY", "VALUE", "SOURCE"],
    loaded.entries.map((e) => [e.key, formatValue(e.value), formatSource(e.source)]),
  );
  io.err(`runtime: ${await runtimePreview(loaded.spec.runtime, loaded.spec.environment)}\n`);
  return 0;
}
