// A backend-neutral LaunchDescription as YARN's ContainerLaunchContext: staged paths become local
// resource URLs against fs.defaultFS, argv becomes the one command line the NodeManager's launch
// script runs (with stdout/stderr into the container's log dir). Pure.
import { SERVICE_ENV } from "../../control/runtime.js";
import type { ContainerLaunchContext, LocalResource, ResourceUrl } from "../../hadoop-rpc/index.js";
import { isRemoteUri } from "../../spec/paths.js";
import type { LaunchDescription, LaunchFile } from "../backend.js";

/** A local resource URL (Java URL.fromURI) for an HDFS path or URI, against fs.defaultFS. */
export function hdfsUrl(defaultFs: string, pathOrUri: string): ResourceUrl {
  const u = new URL(isRemoteUri(pathOrUri) ? pathOrUri : `${defaultFs.replace(/\/+$/, "")}${pathOrUri}`);
  return {
    scheme: u.protocol.replace(/:$/, ""),
    ...(u.hostname ? { host: u.hostname } : {}),
    port: u.port ? Number(u.port) : -1,
    file: decodeURIComponent(u.pathname),
  };
}

/**
 * One word for the NM's launch script, which runs the joined command as `bash -c "<command>"`:
 * single-quoted for the inner bash, then `\ " $ \`` escaped for the outer double quotes.
 */
export function nmQuote(arg: string): string {
  const single = /^[A-Za-z0-9_./=:,+@%-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
  return single.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

const LOGS = "1><LOG_DIR>/stdout 2><LOG_DIR>/stderr";

/** argv as the NodeManager's command line, its output going to the container's stdout/stderr logs. */
export function nmCommand(argv: readonly string[]): string {
  return `${argv.map(nmQuote).join(" ")} ${LOGS}`;
}

function localResource(defaultFs: string, f: LaunchFile): LocalResource {
  return {
    resource: hdfsUrl(defaultFs, f.source),
    size: f.size,
    timestamp: f.timestamp,
    type: f.type === "archive" ? "ARCHIVE" : "FILE",
    visibility: f.visibility === "private" ? "PRIVATE" : "APPLICATION",
  };
}

export function containerLaunchContext(launch: LaunchDescription, defaultFs: string): ContainerLaunchContext {
  const localResources: Record<string, LocalResource> = {};
  for (const [target, f] of Object.entries(launch.files)) localResources[target] = localResource(defaultFs, f);
  return {
    localResources,
    // A container that rolls its logs (the AM set a policy) is told its log dir: the NodeManager
    // expands <LOG_DIR> in the environment as in the command.
    environment: {
      ...launch.env,
      ...(launch.env[SERVICE_ENV.logPartBytes] ? { [SERVICE_ENV.logDir]: "<LOG_DIR>" } : {}),
    },
    commands: [nmCommand(launch.command)],
    ...(launch.tokens ? { tokens: launch.tokens } : {}),
  };
}
