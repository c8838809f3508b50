// From the CLI's global options to the cluster: the effective configuration (for its hadoop:
// section, so addresses set in the user config work for every command) and the launcher's
// options and session built from it. The CLI resolves no address and builds no client itself:
// every cluster call goes through the launcher with clusterOptions(), so every command acts as
// the same user (the spec's, else $HADOOP_USER_NAME: launcher/user.ts) with the same addresses and security.
import { loadSpec, type LoadedSpec, type LoadSpecOptions } from "../spec/index.js";
// The launcher's modules directly, not its barrel (which holds submit and its dependencies).
import { securityOf, type SecurityOptions } from "../launcher/access.js";
import { clusterClients, type ClusterClients, type ClusterOptions } from "../launcher/cluster.js";
import { clusterOptionsFrom, configOptions } from "./cluster-options.js";
import type { CommandContext } from "./io.js";

/**
 * loadSpec with the CLI's env/home/cwd and the global flags (--conf-dir, --principal, --keytab,
 * --ca-file) as flags of its top layer; the environment may be missing (only submit needs it).
 */
export function loadConfig(
  ctx: CommandContext,
  extra: Omit<LoadSpecOptions, "env" | "homeDir" | "cwd"> = {},
): LoadedSpec {
  return loadSpec(configOptions(ctx, extra));
}

/** Kerberos login, CA file and proxy user of the effective configuration. */
export function securityOfCli(ctx: CommandContext, loaded?: LoadedSpec): SecurityOptions {
  return securityOf((loaded ?? loadConfig(ctx)).spec);
}

/** What the launcher's calls need: where the cluster is, who we are, where staging lives. */
export function clusterOptions(ctx: CommandContext, loaded?: LoadedSpec): ClusterOptions {
  return clusterOptionsFrom(ctx, loaded ?? loadConfig(ctx));
}

/** The launcher's RM and WebHDFS clients for these options (no call yet): for list and the polls. */
export function clusterSession(ctx: CommandContext, loaded?: LoadedSpec): ClusterClients {
  return clusterClients(clusterOptions(ctx, loaded));
}
