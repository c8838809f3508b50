// From the CLI's global options to the cluster: the effective configuration (for its hadoop:
// section, so addresses set in the user config work for every command) and the launcher's
// options and session built from it. The CLI resolves no address and builds no client itself:
// every cluster call goes through the launcher with clusterOptions(), so every command acts as
// the same user (the spec's, else $HADOOP_USER_NAME) with the same addresses and security.
import { userInfo } from "node:os";
import { loadSpec, type LoadedSpec, type LoadSpecOptions } from "../spec/index.js";
import {
  clusterClients,
  securityOf,
  type ClusterClients,
  type ClusterOptions,
  type SecurityOptions,
} from "../launcher/index.js";
import type { CommandContext } from "./io.js";

/** loadSpec with the CLI's env/home/cwd; the environment may be missing (only submit needs it). */
export function loadConfig(
  ctx: CommandContext,
  extra: Omit<LoadSpecOptions, "env" | "homeDir" | "cwd"> = {},
): LoadedSpec {
  const { io } = ctx;
  return loadSpec({ allowMissingEnvironment: true, ...extra, env: io.env, homeDir: io.homeDir, cwd: io.cwd });
}

/** The spec's hadoop: section with --conf-dir on top: what every launcher call is given. */
export function hadoopOf(ctx: CommandContext, loaded?: LoadedSpec): LoadedSpec["spec"]["hadoop"] {
  const hadoop = (loaded ?? loadConfig(ctx)).spec.hadoop;
  return ctx.global.confDir ? { ...hadoop, confDir: ctx.global.confDir } : hadoop;
}

/** The HDFS/YARN user under simple auth: $HADOOP_USER_NAME, else the OS user (Hadoop's order). */
export function userOf(ctx: CommandContext): string {
  return ctx.io.env.HADOOP_USER_NAME || userInfo().username;
}

/** Kerberos login, CA file and proxy user: flags over the effective configuration. */
export function securityOfCli(ctx: CommandContext, loaded?: LoadedSpec): SecurityOptions {
  const spec = (loaded ?? loadConfig(ctx)).spec;
  const g = ctx.global;
  return securityOf({
    ...spec,
    ...(g.principal ? { principal: g.principal } : {}),
    ...(g.keytab ? { keytab: g.keytab } : {}),
    ...(g.caFile ? { caFile: g.caFile } : {}),
  });
}

/** What the launcher's calls need: where the cluster is, who we are, where staging lives. */
export function clusterOptions(ctx: CommandContext, loaded?: LoadedSpec): ClusterOptions {
  const l = loaded ?? loadConfig(ctx);
  return {
    hadoop: hadoopOf(ctx, l),
    user: l.spec.user ?? userOf(ctx),
    env: ctx.io.env,
    security: securityOfCli(ctx, l),
    ...(l.spec.stagingDir ? { stagingRoot: l.spec.stagingDir } : {}),
    onNotice: (message) => ctx.io.err(`${message}\n`),
  };
}

/** The launcher's RM and WebHDFS clients for these options (no call yet): for list and the polls. */
export function clusterSession(ctx: CommandContext, loaded?: LoadedSpec): ClusterClients {
  return clusterClients(clusterOptions(ctx, loaded));
}
