// The per-application staging directory `<base>/apps/<appId>/` (mode 0700): spec.json, the
// control secret (0600), script services' scripts and every service's local files. The staged
// spec is the user's spec with local sources replaced by their hdfs:// URLs, so the AM (which
// runs on some cluster node, far from the user's disk) can localize them.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { APP_FILES, CONTAINER_FILES } from "../control/runtime.js";
import { isRemoteUri, specToJSON, type ApplicationSpec, type FileSpec, type ServiceSpec } from "../spec/index.js";
import type { WebHdfsClient } from "../webhdfs/index.js";
import { appStagingDir, hdfsUrl, type ClusterSession } from "./cluster.js";
import { LauncherError } from "./errors.js";
import { abortError } from "./registration.js";
import type { SubmitListener } from "./events.js";
import { stageTls, type StagedTls } from "./app-tls.js";
import { stageKeytabInAm, type KeytabInAmFiles, type StagedKeytab } from "./keytab-in-am.js";
import { packDirectory } from "./staging/index.js";
import { pathOnCluster, UNPACKABLE, type StagedFile } from "./uploads.js";

export interface StagedApplication {
  readonly stagingDir: string;
  /** The spec as staged (hdfs:// file sources, the staged environment). */
  readonly spec: ApplicationSpec;
  readonly specFile: StagedFile;
  readonly secretFile: StagedFile;
  /** The CA bundle for the AM (HTTPS_ONLY clusters, --ca-file). */
  readonly caFile?: StagedFile;
  /** The bearer secret of the control API. Never logged. */
  readonly secret: string;
  /** Absent when the spec turned TLS off. */
  readonly tls?: StagedTls;
  /** keytab-in-am: the keytab and the Kerberos binding, for the AM container only. */
  readonly keytabInAm?: StagedKeytab;
}

/** 32 random bytes, base64url: fits a header and a file, and nobody guesses it. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

async function put(
  hdfs: WebHdfsClient,
  path: string,
  bytes: Uint8Array | string,
  signal?: AbortSignal,
): Promise<StagedFile> {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  await hdfs.create(path, data, { overwrite: true, permission: "600", ...(signal ? { signal } : {}) });
  const st = await hdfs.stat(path);
  return { path, size: st.length, timestamp: st.modificationTime };
}

/**
 * A script service's script as staged. With an environment, its unpacked `bin/` comes first on
 * PATH (the NodeManager unpacks it as ./environment in the container's directory), so `python`,
 * `pip` and the environment's other commands are the environment's, as in an activated venv.
 */
export function serviceScriptText(script: string, withEnvironment: boolean): string {
  const body = script.endsWith("\n") ? script : `${script}\n`;
  if (!withEnvironment) return body;
  const link = CONTAINER_FILES.environment;
  return `if [ -d "$PWD/${link}/bin" ]; then export PATH="$PWD/${link}/bin:$PATH"; fi\n${body}`;
}

/**
 * The HDFS name of a staged file: the target itself, except that an archive keeps an extension
 * the NodeManager unpacks (it decides by the resource's name, not by the link name).
 */
export function stagedName(target: string, type: FileSpec["type"], source: string): string {
  if (type !== "archive" || UNPACKABLE.test(target)) return target;
  const ext = UNPACKABLE.exec(source)?.[0] ?? ".tar.gz";
  return `${target}${ext}`;
}

async function stageFile(
  session: ClusterSession,
  dir: string,
  service: string,
  target: string,
  file: FileSpec,
  signal: AbortSignal | undefined,
): Promise<FileSpec> {
  const { hdfs, addresses } = session;
  const opts = { overwrite: true, permission: "600", ...(signal ? { signal } : {}) };
  if (isRemoteUri(file.source)) {
    // Checked now so a typo fails the submit, not a container launch minutes later.
    const path = pathOnCluster(file.source, addresses.defaultFS, `file '${target}' of service '${service}'`);
    if (!(await hdfs.statIfExists(path))) {
      throw new LauncherError(
        "SERVICE_FILE_INVALID",
        `file '${target}' of service '${service}': ${file.source} does not exist`,
        "Correct the source in the spec.",
      );
    }
    return file;
  }
  let st;
  try {
    st = statSync(file.source);
  } catch {
    throw new LauncherError(
      "SERVICE_FILE_INVALID",
      `file '${target}' of service '${service}': ${file.source} does not exist`,
      "Correct the source in the spec (relative paths are resolved against the spec file).",
    );
  }
  const base = `${dir}/${APP_FILES.filesDir}/${service}`;
  if (st.isDirectory()) {
    // A directory travels as an archive the NodeManager extracts under the target name.
    const tmp = mkdtempSync(join(tmpdir(), "tsdask-file-"));
    try {
      const archive = join(tmp, `${basename(file.source)}.tar.gz`);
      await packDirectory(file.source, archive);
      const path = `${base}/${stagedName(target, "archive", archive)}`;
      await hdfs.create(path, archive, opts);
      return { source: hdfsUrl(addresses.defaultFS, path), type: "archive" };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const path = `${base}/${stagedName(target, file.type, file.source)}`;
  await hdfs.create(path, file.source, opts);
  return { source: hdfsUrl(addresses.defaultFS, path), type: file.type };
}

/** Creates and fills the application's staging directory; returns what the AM submission needs. */
export async function stageApplication(
  session: ClusterSession,
  appId: string,
  spec: ApplicationSpec,
  environment: StagedFile | undefined,
  emit: SubmitListener,
  signal?: AbortSignal,
  keytabFiles?: KeytabInAmFiles,
): Promise<StagedApplication> {
  const { hdfs, addresses } = session;
  const dir = appStagingDir(session, appId);
  // A spec with thousands of services stages for minutes: an interrupt is honoured between files
  // (and cuts the file under way), and the caller's cleanup removes what was staged so far.
  const step = (): void => {
    if (signal?.aborted) throw abortError(appId);
  };
  await hdfs.mkdirs(dir, "700");
  // mkdirs applies the permission through the umask; make 0700 certain.
  await hdfs.setPermission(dir, "700");
  const services: Record<string, ServiceSpec> = {};
  for (const [name, svc] of Object.entries(spec.services)) {
    step();
    if (svc.script !== undefined) {
      const script = serviceScriptText(svc.script, environment !== undefined);
      await put(hdfs, `${dir}/${APP_FILES.servicesDir}/${name}.sh`, script, signal);
    }
    const files: Record<string, FileSpec> = {};
    for (const [target, file] of Object.entries(svc.files)) {
      step();
      files[target] = await stageFile(session, dir, name, target, file, signal);
    }
    services[name] = { ...svc, files };
  }
  const staged: ApplicationSpec = {
    ...spec,
    ...(environment ? { environment: hdfsUrl(addresses.defaultFS, environment.path) } : {}),
    services,
  };
  const secret = newSecret();
  const secretFile = await put(hdfs, `${dir}/${APP_FILES.secret}`, secret);
  const specFile = await put(hdfs, `${dir}/${APP_FILES.spec}`, specToJSON(staged));
  const caFile = spec.caFile ? await put(hdfs, `${dir}/${APP_FILES.caFile}`, readFileSync(spec.caFile)) : undefined;
  const keytabInAm = keytabFiles && (await stageKeytabInAm(keytabFiles, (path, bytes) => put(hdfs, path, bytes), dir));
  const tls = spec.tls ? await stageTls((path, text) => put(hdfs, path, text), dir, appId) : undefined;
  emit({ kind: "staged", stagingDir: dir });
  return {
    stagingDir: dir,
    spec: staged,
    specFile,
    secretFile,
    secret,
    ...(caFile ? { caFile } : {}),
    ...(tls ? { tls } : {}),
    ...(keytabInAm ? { keytabInAm } : {}),
  };
}

/** `cache-uses.json`: the cache entries this application localizes (its containers do, for as long as it runs). */
export async function recordCacheUses(
  hdfs: WebHdfsClient,
  stagingDir: string,
  files: readonly (StagedFile | undefined)[],
): Promise<void> {
  const paths = files.filter((f): f is StagedFile => f !== undefined).map((f) => f.path);
  await put(hdfs, `${stagingDir}/${APP_FILES.cacheUses}`, JSON.stringify(paths));
}
