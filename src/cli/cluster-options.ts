// The effective configuration of a CLI command (loadSpec with the global flags) and the launcher's
// cluster options built from it, without the full spec loader: loadConfigLean loads the YAML
// parser only when a config file is there to parse (spec/load-layers.ts), which is what keeps
// `status` at about the start time of Node itself. session.ts builds on these for every command.
import { clusterOptionsOf, type ClusterOptions } from "../launcher/cluster.js";
import { loadSpecLean } from "../spec/load-layers.js";
import type { LoadedSpec, LoadSpecOptions } from "../spec/types.js";
import type { CommandContext } from "./io.js";

/** The global flags that set configuration keys: loadSpec's flag layer, so `config show` names them. */
const GLOBAL_FLAGS = [
  { option: "confDir", key: "hadoop.conf-dir", flag: "--conf-dir" },
  { option: "principal", key: "principal", flag: "--principal" },
  { option: "keytab", key: "keytab", flag: "--keytab" },
  { option: "caFile", key: "ca-file", flag: "--ca-file" },
] as const;

/**
 * loadSpec's options with the CLI's env/home/cwd and the global flags (--conf-dir, --principal,
 * --keytab, --ca-file) as flags of its top layer; the environment may be missing (only submit needs it).
 */
export function configOptions(
  ctx: CommandContext,
  extra: Omit<LoadSpecOptions, "env" | "homeDir" | "cwd"> = {},
): LoadSpecOptions {
  const { io } = ctx;
  const flags: Record<string, unknown> = { ...extra.flags };
  const flagNames: Record<string, string> = { ...extra.flagNames };
  for (const g of GLOBAL_FLAGS) {
    const value = ctx.global[g.option];
    if (!value) continue;
    flags[g.key] = value;
    flagNames[g.key] = g.flag;
  }
  return { allowMissingEnvironment: true, ...extra, flags, flagNames, env: io.env, homeDir: io.homeDir, cwd: io.cwd };
}

/** The effective configuration, loading the YAML parser only when a file is to be parsed. */
export function loadConfigLean(ctx: CommandContext): Promise<LoadedSpec> {
  return loadSpecLean(configOptions(ctx));
}

/** What the launcher's calls need: where the cluster is, who we are, where staging lives. */
export function clusterOptionsFrom(ctx: CommandContext, loaded: LoadedSpec): ClusterOptions {
  return clusterOptionsOf(loaded.spec, { env: ctx.io.env, onNotice: (message) => ctx.io.err(`${message}\n`) });
}
