// From the CLI's global options to the cluster: the effective configuration (for its hadoop:
// section, so addresses set in the user config work for every command) and the launcher's
// options and session built from it. The CLI resolves no address and builds no client itself:
// every cluster call goes through the launcher with clusterOptions(), so every command acts as
// the same user (the spec's, else $HADOOP_USER_NAME: launcher/user.ts) with the same addresses and security.
import { loadSpec, type LoadedSpec, type LoadSpecOptions } from "../spec/index.js";
import {
  clusterClients,
  clusterOptionsOf,
  securityOf,
  type ClusterClients,
  type ClusterOptions,
  type SecurityOptions,
} from "../launcher/index.js";
import type { CommandContext } from "./io.js";

/** The global flags that set configuration keys: loadSpec's flag layer, so `config show` names them. */
const GLOBAL_FLAGS = [
  { option: "confDir", key: "hadoop.conf-dir", flag: "--conf-dir" },
  { option: "principal", key: "principal", flag: "--principal" },
  { option: "keytab", key: "keytab", flag: "--keytab" },
  { option: "caFile", key: "ca-file", flag: "--ca-file" },
] as const;

/**
 * loadSpec with the CLI's env/home/cwd and the global flags (--conf-dir, --principal, --keytab,
 * --ca-file) as flags of its top layer; the environment may be missing (only submit needs it).
 */
export function loadConfig(
  ctx: CommandContext,
  extra: Omit<LoadSpecOptions, "env" | "homeDir" | "cwd"> = {},
): LoadedSpec {
  const { io } = ctx;
  const flags: Record<string, unknown> = { ...extra.flags };
  const flagNames: Record<string, string> = { ...extra.flagNames };
  for (const g of GLOBAL_FLAGS) {
    const value = ctx.global[g.option];
    if (!value) continue;
    flags[g.key] = value;
    flagNames[g.key] = g.flag;
  }
  return loadSpec({
    allowMissingEnvironment: true,
    ...extra,
    flags,
    flagNames,
    env: io.env,
    homeDir: io.homeDir,
    cwd: io.cwd,
  });
}

/** Kerberos login, CA file and proxy user of the effective configuration. */
export function securityOfCli(ctx: CommandContext, loaded?: LoadedSpec): SecurityOptions {
  return securityOf((loaded ?? loadConfig(ctx)).spec);
}

/** What the launcher's calls need: where the cluster is, who we are, where staging lives. */
export function clusterOptions(ctx: CommandContext, loaded?: LoadedSpec): ClusterOptions {
  const l = loaded ?? loadConfig(ctx);
  return clusterOptionsOf(l.spec, { env: ctx.io.env, onNotice: (message) => ctx.io.err(`${message}\n`) });
}

/** The launcher's RM and WebHDFS clients for these options (no call yet): for list and the polls. */
export function clusterSession(ctx: CommandContext, loaded?: LoadedSpec): ClusterClients {
  return clusterClients(clusterOptions(ctx, loaded));
}
