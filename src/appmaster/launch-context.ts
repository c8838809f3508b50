// What runs in one service instance's slot, backend-neutral: the files it localizes (runtime and
// environment archives, the secret, TLS files, service files, a script service's script), its
// environment and its argv. Pure: every size/timestamp is passed in (the AM stats each file once),
// so the exact description is unit-tested. Names and variables come from control/runtime.ts, the
// contract with the wrapper. yarn/yarn-launch.ts turns it into a ContainerLaunchContext.
import { basename } from "node:path";
import { APP_FILES, CONTAINER_FILES, RUNTIME, SCRIPT_SERVICE_ROLE, SERVICE_ENV } from "../control/runtime.js";
import { isRemoteUri } from "../spec/paths.js";
import type { ServiceSpec } from "../spec/types.js";
import type { LaunchDescription, LaunchFile } from "./backend.js";
import type { StagedFile } from "./deps.js";

/** Where a service file is in the staging fs: the launcher staged local ones under files/<service>/<target>. */
export function serviceFileLocation(stagingDir: string, service: string, target: string, source: string): string {
  return isRemoteUri(source) ? source : `${stagingDir}/${APP_FILES.filesDir}/${service}/${target}`;
}

/** Staging path of a script service's script, staged by the launcher. */
export function serviceScriptLocation(stagingDir: string, service: string): string {
  return `${stagingDir}/${APP_FILES.servicesDir}/${service}.sh`;
}

/**
 * The argv: the wrapper, with the dask role (the client gets its script and args) or, for a script
 * service, the role that runs the script (so its output is rolled like a dask role's).
 */
export function serviceArgv(spec: ServiceSpec): string[] {
  const wrapper = [`${CONTAINER_FILES.runtime}/${RUNTIME.node}`, `${CONTAINER_FILES.runtime}/${RUNTIME.service}`];
  if (spec.role) {
    const args = spec.clientScript ? [basename(spec.clientScript.path), ...spec.clientScript.args] : [];
    return [...wrapper, spec.role, ...args];
  }
  return [...wrapper, SCRIPT_SERVICE_ROLE];
}

export interface LaunchInputs {
  readonly appId: string;
  readonly controlUrl: string;
  readonly runtime: StagedFile;
  readonly environment?: StagedFile;
  readonly secret: StagedFile;
  /** The application's CA certificate and the dask leaf (cert, key); absent without TLS. */
  readonly tls?: { readonly ca: StagedFile; readonly cert: StagedFile; readonly key: StagedFile };
  /** Per target name: where the file is (path or URI), its stat and whether to extract it. */
  readonly files: Readonly<Record<string, StagedFile & { readonly archive: boolean }>>;
  /** A script service's staged script. */
  readonly script?: StagedFile;
  /** Rolled logs (control/log-parts.ts): bytes per part and files kept per stream. */
  readonly logs?: { readonly partBytes: number; readonly parts: number };
}

function file(r: StagedFile, type: LaunchFile["type"], visibility: LaunchFile["visibility"]): LaunchFile {
  return { source: r.path, size: r.size, timestamp: r.timestamp, type, visibility };
}

export function launchDescription(
  service: string,
  spec: ServiceSpec,
  instance: string,
  inputs: LaunchInputs,
): LaunchDescription {
  // The cached archives are private: a node keeps its copy for every later application of the
  // same user. Per-application files (secret, script, service files) are application-only.
  const files: Record<string, LaunchFile> = {
    [CONTAINER_FILES.runtime]: file(inputs.runtime, "archive", "private"),
    [CONTAINER_FILES.secret]: file(inputs.secret, "file", "application"),
  };
  if (inputs.tls) {
    files[CONTAINER_FILES.tlsCa] = file(inputs.tls.ca, "file", "application");
    files[CONTAINER_FILES.tlsCert] = file(inputs.tls.cert, "file", "application");
    files[CONTAINER_FILES.tlsKey] = file(inputs.tls.key, "file", "application");
  }
  if (inputs.environment) files[CONTAINER_FILES.environment] = file(inputs.environment, "archive", "private");
  for (const [target, f] of Object.entries(inputs.files)) {
    files[target] = file(f, f.archive ? "archive" : "file", "application");
  }
  if (inputs.script) files[CONTAINER_FILES.serviceScript] = file(inputs.script, "file", "application");
  return {
    files,
    env: {
      ...spec.env,
      [SERVICE_ENV.controlUrl]: inputs.controlUrl,
      [SERVICE_ENV.appId]: inputs.appId,
      [SERVICE_ENV.service]: service,
      [SERVICE_ENV.instance]: instance,
      [SERVICE_ENV.vcores]: String(spec.vcores),
      [SERVICE_ENV.memoryMiB]: String(spec.memoryMiB),
      ...(inputs.logs
        ? {
            [SERVICE_ENV.logPartBytes]: String(inputs.logs.partBytes),
            [SERVICE_ENV.logParts]: String(inputs.logs.parts),
          }
        : {}),
    },
    command: serviceArgv(spec),
  };
}
