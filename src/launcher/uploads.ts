// The cached uploads of one submit: the Python environment and the AM runtime archive go into the
// content-addressed cache (<base>/cache/<sha256>/<name>), so a second submit with the same bytes
// transfers nothing and NodeManagers keep their localized copies (PRIVATE visibility).
import { statSync } from "node:fs";
import { basename } from "node:path";
import { isRemoteUri } from "../spec/index.js";
import { LauncherError } from "./errors.js";
import type { ClusterSession } from "./cluster.js";
import type { SubmitListener, UploadKind } from "./events.js";
import { RUNTIME_ARCHIVE_NAME, runtimeArchive, type RuntimeArchiveOptions } from "./runtime-archive.js";
import { uploadToCache } from "./staging/index.js";
import type { StagedFile } from "../control/runtime.js";

export type { StagedFile };

/** Archive names the NodeManager unpacks (FSDownload decides by the resource's extension). */
export const UNPACKABLE = /\.(tar\.gz|tgz|tar|zip|jar)$/i;

/** The path of an hdfs:// URI on this cluster (fs.defaultFS authority, or none: hdfs:///p). */
export function pathOnCluster(uri: string, defaultFS: string, what: string): string {
  const url = new URL(uri);
  const fs = new URL(defaultFS);
  const sameFs = url.protocol === fs.protocol && (url.host === "" || url.host === fs.host);
  if (!sameFs || !url.pathname.startsWith("/")) {
    throw new LauncherError(
      what === "environment" ? "ENVIRONMENT_INVALID" : "SERVICE_FILE_INVALID",
      `${what} ${uri} is not on this cluster's file system (${defaultFS})`,
      `Copy it to ${defaultFS} and give that path, or give a local path to upload.`,
    );
  }
  return decodeURIComponent(url.pathname);
}

/** How the caller follows the cached uploads: progress and what a failure leaves, and Ctrl-C. */
export interface UploadContext {
  readonly emit: SubmitListener;
  readonly signal?: AbortSignal;
}

async function cached(
  session: ClusterSession,
  local: string,
  what: UploadKind,
  name: string | undefined,
  { emit, signal }: UploadContext,
): Promise<StagedFile> {
  const started = Date.now();
  const shown = name ?? basename(local);
  const up = await uploadToCache(session.hdfs, local, {
    cacheRoot: session.cacheDir,
    ...(name ? { name } : {}),
    ...(signal ? { signal } : {}),
    onProgress: (sent, total) => emit({ kind: "upload-progress", what, name: shown, sent, total }),
    onSweep: (r) => {
      const bytes = r.removed.reduce((n, f) => n + f.bytes, 0);
      if (r.removed.length) emit({ kind: "partials-removed", paths: r.removed.map((f) => f.path), bytes });
    },
    onLeftover: (l) =>
      emit({
        kind: "left-behind",
        leftover: {
          what: `partial upload of ${shown}${l.bytes === undefined ? "" : ` (${l.bytes} bytes)`}`,
          where: l.path,
          reason: l.reason,
          remedy: "tsdask-yarn cache clean --older-than 0",
        },
      }),
  });
  emit({
    kind: "uploaded",
    what,
    name: shown,
    path: up.path,
    transferred: up.uploaded,
    bytes: up.status.length,
    ms: Date.now() - started,
  });
  return { path: up.path, size: up.status.length, timestamp: up.status.modificationTime };
}

/**
 * The environment in HDFS: an archive is uploaded to the cache, a directory is packed first
 * (and cached by hash), an hdfs:// URI is used where it is. Undefined when the spec has none.
 */
export async function stageEnvironment(
  session: ClusterSession,
  environment: string | undefined,
  upload: UploadContext,
): Promise<StagedFile | undefined> {
  if (environment === undefined) return undefined;
  if (isRemoteUri(environment)) {
    const path = pathOnCluster(environment, session.addresses.defaultFS, "environment");
    const st = await session.hdfs.statIfExists(path);
    if (st?.type !== "FILE") {
      throw new LauncherError(
        "ENVIRONMENT_INVALID",
        `environment ${environment} ${st ? "is not a file" : "does not exist"}`,
        "Give the HDFS path of a packed environment archive (conda-pack / venv-pack .tar.gz).",
      );
    }
    if (!UNPACKABLE.test(path)) throw notAnArchive(environment);
    return { path, size: st.length, timestamp: st.modificationTime };
  }
  let st;
  try {
    st = statSync(environment);
  } catch {
    throw new LauncherError(
      "ENVIRONMENT_INVALID",
      `environment ${environment} does not exist`,
      "Pack the environment with conda-pack or venv-pack and give the archive (or its directory).",
    );
  }
  if (st.isDirectory()) return cached(session, environment, "environment", "environment.tar.gz", upload);
  if (!UNPACKABLE.test(environment)) throw notAnArchive(environment);
  return cached(session, environment, "environment", undefined, upload);
}

function notAnArchive(environment: string): LauncherError {
  return new LauncherError(
    "ENVIRONMENT_INVALID",
    `environment ${environment} is not an archive YARN can unpack (.tar.gz, .tgz, .tar, .zip)`,
    "Pack it with conda-pack or venv-pack (they write .tar.gz), or give the environment's directory.",
  );
}

/** Packs (or reuses the local copy of) the runtime archive and puts it in the HDFS cache. */
export async function stageRuntime(
  session: ClusterSession,
  upload: UploadContext,
  options: RuntimeArchiveOptions = {},
): Promise<StagedFile> {
  const archive = await runtimeArchive(options);
  upload.emit({ kind: "runtime-archive", path: archive.path, packed: archive.packed, packMs: archive.packMs });
  return cached(session, archive.path, "runtime", RUNTIME_ARCHIVE_NAME, upload);
}
