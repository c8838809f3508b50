// The ContainerLaunchContext of one service instance: local resources (runtime and environment
// archives, the secret, service files, a script service's script), environment and command.
// Pure: every HDFS size/timestamp is passed in (the AM stats each file once), so the exact context
// is unit-tested. Names and variables come from control/runtime.ts, the contract with the wrapper.
import { basename } from "node:path";
import type { ContainerLaunchContext, LocalResource, ResourceUrl } from "../hadoop-rpc/index.js";
import { APP_FILES, CONTAINER_FILES, RUNTIME, SERVICE_ENV } from "../control/runtime.js";
import { isRemoteUri } from "../spec/paths.js";
import type { ServiceSpec } from "../spec/types.js";
import type { HdfsResource } from "./config.js";

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

/** Where a service file is in HDFS: the launcher staged local ones under files/<service>/<target>. */
export function serviceFileLocation(stagingDir: string, service: string, target: string, source: string): string {
  return isRemoteUri(source) ? source : `${stagingDir}/${APP_FILES.filesDir}/${service}/${target}`;
}

/** HDFS path of a script service's script, staged by the launcher. */
export function serviceScriptLocation(stagingDir: string, service: string): string {
  return `${stagingDir}/${APP_FILES.servicesDir}/${service}.sh`;
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

/** The command: the wrapper for dask roles (the client gets its script and args), else the script. */
export function serviceCommand(spec: ServiceSpec): string {
  if (spec.role) {
    const args = spec.clientScript ? [basename(spec.clientScript.path), ...spec.clientScript.args] : [];
    const words = [`${CONTAINER_FILES.runtime}/${RUNTIME.node}`, `${CONTAINER_FILES.runtime}/${RUNTIME.service}`];
    return [...words, spec.role, ...args.map(nmQuote)].join(" ") + ` ${LOGS}`;
  }
  return `bash ${CONTAINER_FILES.serviceScript} ${LOGS}`;
}

export interface LaunchInputs {
  readonly appId: string;
  readonly defaultFs: string;
  readonly controlUrl: string;
  readonly runtime: HdfsResource;
  readonly environment?: HdfsResource;
  readonly secret: HdfsResource;
  /** The application's CA certificate and the dask leaf (cert, key); absent without TLS. */
  readonly tls?: { readonly ca: HdfsResource; readonly cert: HdfsResource; readonly key: HdfsResource };
  /** Per target name: where the file is (path or URI), its stat and whether to extract it. */
  readonly files: Readonly<Record<string, HdfsResource & { readonly archive: boolean }>>;
  /** A script service's staged script. */
  readonly script?: HdfsResource;
}

function local(
  defaultFs: string,
  r: HdfsResource,
  type: LocalResource["type"],
  visibility: LocalResource["visibility"],
): LocalResource {
  return { resource: hdfsUrl(defaultFs, r.path), size: r.size, timestamp: r.timestamp, type, visibility };
}

export function launchContext(
  service: string,
  spec: ServiceSpec,
  instance: string,
  inputs: LaunchInputs,
): ContainerLaunchContext {
  const fs = inputs.defaultFs;
  // The cached archives are PRIVATE: a NodeManager keeps its copy for every later application of
  // the same user. Per-application files (secret, script, service files) are APPLICATION.
  const localResources: Record<string, LocalResource> = {
    [CONTAINER_FILES.runtime]: local(fs, inputs.runtime, "ARCHIVE", "PRIVATE"),
    [CONTAINER_FILES.secret]: local(fs, inputs.secret, "FILE", "APPLICATION"),
  };
  if (inputs.tls) {
    localResources[CONTAINER_FILES.tlsCa] = local(fs, inputs.tls.ca, "FILE", "APPLICATION");
    localResources[CONTAINER_FILES.tlsCert] = local(fs, inputs.tls.cert, "FILE", "APPLICATION");
    localResources[CONTAINER_FILES.tlsKey] = local(fs, inputs.tls.key, "FILE", "APPLICATION");
  }
  if (inputs.environment)
    localResources[CONTAINER_FILES.environment] = local(fs, inputs.environment, "ARCHIVE", "PRIVATE");
  for (const [target, f] of Object.entries(inputs.files)) {
    localResources[target] = local(fs, f, f.archive ? "ARCHIVE" : "FILE", "APPLICATION");
  }
  if (inputs.script) localResources[CONTAINER_FILES.serviceScript] = local(fs, inputs.script, "FILE", "APPLICATION");
  return {
    localResources,
    environment: {
      ...spec.env,
      [SERVICE_ENV.controlUrl]: inputs.controlUrl,
      [SERVICE_ENV.appId]: inputs.appId,
      [SERVICE_ENV.service]: service,
      [SERVICE_ENV.instance]: instance,
      [SERVICE_ENV.vcores]: String(spec.vcores),
      [SERVICE_ENV.memoryMiB]: String(spec.memoryMiB),
    },
    commands: [serviceCommand(spec)],
  };
}
