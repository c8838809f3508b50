// The AM's submission context (docs/design.md §2, step 6), built as plain data so it is tested without a
// cluster: local resources with sizes/timestamps exactly as GETFILESTATUS reported them, the
// AM_ENV variables of control/runtime.ts, the command line, resources and the YARN options.
import { ROLLED_LOGS_PATTERN } from "../control/log-parts.js";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import { AM_ENV, CONTAINER_FILES, RUNTIME, encodeEnvJson } from "../control/runtime.js";
import type { ApplicationSpec } from "../spec/index.js";
import type { ApplicationSubmission, LocalResource } from "../yarn-rest/index.js";
import { hdfsUrl } from "./cluster.js";
import type { StagedFile } from "./uploads.js";

export const APPLICATION_TYPE = "TSDASK";

/** TSDASK_RESOURCES: what the AM localizes into every service container, exactly as staged. */
export interface StagedResources {
  readonly runtime: StagedFile;
  readonly environment?: StagedFile;
}

export interface AmContextInput {
  readonly appId: string;
  /** The staged spec (its name, queue, master, ...). */
  readonly spec: ApplicationSpec;
  readonly addresses: ClusterAddresses;
  readonly user: string;
  readonly stagingDir: string;
  readonly resources: StagedResources;
  readonly specFile: StagedFile;
  readonly secretFile: StagedFile;
  /** The CA bundle the AM trusts (HTTPS_ONLY clusters with a private CA). */
  readonly caFile?: StagedFile;
  /** Delegation tokens for the AM container (alias → URL string); secure clusters only. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** The CA certificate and key, for the AM to issue its control API certificate (TLS on). */
  readonly tls?: { readonly caFile: StagedFile; readonly caKeyFile: StagedFile };
  /** keytab-in-am: the keytab and the Kerberos binding archive. */
  readonly keytabInAm?: { readonly keytab: StagedFile; readonly binding: StagedFile };
}

/**
 * The AM's command: stdout/stderr into the container log dir, which the NM serves and aggregates.
 * V8 sizes its heap for the machine, not the container: a heap limit of 3/4 of the AM container
 * makes V8 collect before the NodeManager's memory check would kill the AM, and a 1 MiB young
 * generation (16 MiB by default) keeps the resident set small, as an AM that mostly waits needs.
 * --expose-gc lets the AM run a full GC itself when V8 has not for minutes (process-stats.ts).
 */
export function amCommand(memoryMiB: number): string {
  const heap = Math.max(64, Math.floor((memoryMiB * 3) / 4));
  return (
    `${CONTAINER_FILES.runtime}/${RUNTIME.node} --max-old-space-size=${heap} --max-semi-space-size=1 --expose-gc ` +
    `${CONTAINER_FILES.runtime}/${RUNTIME.appmaster} 1><LOG_DIR>/appmaster.stdout 2><LOG_DIR>/appmaster.stderr`
  );
}

function resource(
  defaultFS: string,
  f: StagedFile,
  type: LocalResource["type"],
  visibility: LocalResource["visibility"],
): LocalResource {
  return { url: hdfsUrl(defaultFS, f.path), type, visibility, size: f.size, timestamp: f.timestamp };
}

/**
 * A value as it must be given for the NodeManager's launch_container.sh. The NM writes each
 * variable as `export KEY="value"` with no escaping at all (UnixShellScriptBuilder.env), so a
 * JSON value's quotes would end the string. Backslash-escaping the four characters that are
 * special inside double quotes makes the shell hand the AM the value byte for byte.
 */
export function shellQuotedValue(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/**
 * glibc gives each thread that allocates its own malloc arena (up to 8 per core) and rarely
 * returns their pages; Node's libuv and V8 worker threads then grow the AM's native memory
 * slowly over weeks while its JS heap stays flat. Two arenas keep that bounded, as Hadoop
 * does for its own daemons; a user's master.env may still set another value. (YARN's default
 * admin-env appends the variable to itself, so the AM sees "2:2"; glibc reads the leading number.)
 */
export const AM_MALLOC_ARENAS = "2";

/**
 * The AM container's environment: the user's master.env as written (so `$PATH`-style
 * references still expand, as in Skein), then ours, escaped (ours win: the AM needs them right).
 */
export function amEnvironment(input: AmContextInput): Record<string, string> {
  const ours = Object.entries(tsdaskEnvironment(input)).map(([k, v]) => [k, shellQuotedValue(v)]);
  return { MALLOC_ARENA_MAX: AM_MALLOC_ARENAS, ...input.spec.master.env, ...Object.fromEntries(ours) };
}

/** The AM_ENV variables with their plain values (what the AM reads from process.env). */
export function tsdaskEnvironment(input: AmContextInput): Record<string, string> {
  const { addresses, resources } = input;
  return {
    [AM_ENV.stagingDir]: input.stagingDir,
    [AM_ENV.defaultFs]: addresses.defaultFS,
    [AM_ENV.namenodeWeb]: addresses.nameNodes.map((n) => n.webUrl).join(","),
    [AM_ENV.user]: input.user,
    [AM_ENV.rmScheduler]: addresses.resourceManagers.map((rm) => rm.schedulerAddress).join(","),
    [AM_ENV.rmWeb]: addresses.resourceManagers.map((rm) => rm.webUrl).join(","),
    [AM_ENV.rpcProtection]: addresses.rpcProtection.join(","),
    [AM_ENV.resources]: encodeEnvJson(resources),
    ...(input.caFile ? { [AM_ENV.caFile]: CONTAINER_FILES.caFile } : {}),
  };
}

/**
 * A YARN ACL string for the spec's value. YARN writes "nobody" as a single blank (users and
 * groups both empty); the owner and yarn.admin.acl are always allowed on top of it.
 */
export function yarnAcl(value: string): string {
  const v = value.trim();
  return v === "" ? " " : v;
}

export function amSubmission(input: AmContextInput): ApplicationSubmission {
  const { spec, addresses, resources } = input;
  const fs = addresses.defaultFS;
  // The cached archives are PRIVATE: NodeManagers keep one copy per user across applications.
  // The spec and secret belong to this application only.
  const localResources: Record<string, LocalResource> = {
    [CONTAINER_FILES.runtime]: resource(fs, resources.runtime, "ARCHIVE", "PRIVATE"),
    [CONTAINER_FILES.spec]: resource(fs, input.specFile, "FILE", "APPLICATION"),
    [CONTAINER_FILES.secret]: resource(fs, input.secretFile, "FILE", "APPLICATION"),
    ...(input.tls
      ? {
          [CONTAINER_FILES.tlsCa]: resource(fs, input.tls.caFile, "FILE", "APPLICATION"),
          [CONTAINER_FILES.tlsCaKey]: resource(fs, input.tls.caKeyFile, "FILE", "APPLICATION"),
        }
      : {}),
  };
  // runtime: environment: the AM runs on the environment's Node, so it needs the environment too.
  if (spec.runtimeInfo?.form === "environment" && resources.environment) {
    localResources[CONTAINER_FILES.environment] = resource(fs, resources.environment, "ARCHIVE", "PRIVATE");
  }
  if (input.keytabInAm) {
    localResources[CONTAINER_FILES.keytab] = resource(fs, input.keytabInAm.keytab, "FILE", "APPLICATION");
    localResources[CONTAINER_FILES.kerberosBinding] = resource(fs, input.keytabInAm.binding, "ARCHIVE", "APPLICATION");
  }
  if (input.caFile) localResources[CONTAINER_FILES.caFile] = resource(fs, input.caFile, "FILE", "APPLICATION");
  return {
    applicationId: input.appId,
    name: spec.name,
    queue: spec.queue,
    priority: spec.priority,
    applicationType: APPLICATION_TYPE,
    tags: spec.tags,
    maxAppAttempts: spec.maxAttempts,
    // A later AM attempt takes over the running service containers (recovery, docs/design.md §3).
    keepContainersAcrossApplicationAttempts: true,
    // The service wrapper closes its log parts under names only this pattern matches: the
    // NodeManagers then upload closed parts every yarn.nodemanager.log-aggregation.roll-monitoring-
    // interval-seconds while the application runs (and delete them from the node), not only at its end.
    ...(spec.logs.partMiB ? { logAggregation: { rolledLogsIncludePattern: ROLLED_LOGS_PATTERN } } : {}),
    ...(spec.nodeLabel ? { nodeLabel: spec.nodeLabel, amNodeLabel: spec.nodeLabel } : {}),
    resource: { memoryMb: spec.master.memoryMiB, vcores: spec.master.vcores },
    amContainer: {
      localResources,
      environment: amEnvironment(input),
      command: amCommand(spec.master.memoryMiB),
      ...(input.tokens && Object.keys(input.tokens).length > 0 ? { tokens: input.tokens } : {}),
      // Enforced when the cluster sets yarn.acl.enable: then nobody else can read the app's
      // logs or kill it through YARN.
      acls: { VIEW_APP: yarnAcl(spec.acls.view), MODIFY_APP: yarnAcl(spec.acls.modify) },
    },
  };
}
