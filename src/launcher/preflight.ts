// Checks of a spec's local inputs that need no cluster: the environment and every local service
// file exist, and an environment archive is what its name says. submit() finds the same problems
// later (after new-application, some after uploads); running this first turns a typo into an
// instant error and keeps a corrupt archive from being uploaded and failing in a container minutes
// later. The CLI calls it before submit; library users may too.
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { isRemoteUri, type ApplicationSpec } from "../spec/index.js";
import { LauncherError } from "./errors.js";
import { UNPACKABLE } from "./uploads.js";

const PACK_HINT = "Pack the environment with conda-pack or venv-pack and give the archive (or its directory).";

/** The first `n` bytes of a file (fewer when it is shorter). */
function head(path: string, n: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** A tar stream starts with a header block whose magic "ustar" sits at byte 257. */
const isTarHeader = (b: Buffer) => b.length >= 262 && b.subarray(257, 262).toString("latin1") === "ustar";

/**
 * Why the archive's first bytes do not match its extension, or undefined when they do. Only the
 * start is read: a truncated archive still passes (NodeManager localization reports it then).
 */
export function archiveProblem(path: string): string | undefined {
  const b = head(path, 64 * 1024);
  if (b.length === 0) return "it is empty";
  const lower = path.toLowerCase();
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
    if (b[0] !== 0x1f || b[1] !== 0x8b) return "it is not gzip-compressed";
    let inner: Buffer;
    try {
      // finishFlush: the 64 KiB prefix is a cut stream; decompress what is there without failing.
      inner = gunzipSync(b, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    } catch {
      return "its gzip data is corrupt";
    }
    return inner.length >= 512 && !isTarHeader(inner) ? "it holds no tar archive" : undefined;
  }
  if (lower.endsWith(".zip") || lower.endsWith(".jar")) {
    return b.subarray(0, 4).toString("latin1") === "PK\x03\x04" ? undefined : "it is not a zip archive";
  }
  if (lower.endsWith(".tar")) return isTarHeader(b) ? undefined : "it is not a tar archive";
  return undefined;
}

function checkEnvironment(environment: string): void {
  if (isRemoteUri(environment)) return; // checked on HDFS by submit, after new-application
  let st;
  try {
    st = statSync(environment);
  } catch {
    throw new LauncherError("ENVIRONMENT_INVALID", `environment ${environment} does not exist`, PACK_HINT);
  }
  if (st.isDirectory()) {
    if (readdirSync(environment).length === 0) {
      throw new LauncherError("ENVIRONMENT_INVALID", `environment ${environment} is an empty directory`, PACK_HINT);
    }
    return;
  }
  if (!UNPACKABLE.test(environment)) {
    throw new LauncherError(
      "ENVIRONMENT_INVALID",
      `environment ${environment} is not an archive YARN can unpack (.tar.gz, .tgz, .tar, .zip)`,
      "Pack it with conda-pack or venv-pack (they write .tar.gz), or give the environment's directory.",
    );
  }
  const problem = archiveProblem(environment);
  if (problem) {
    throw new LauncherError(
      "ENVIRONMENT_INVALID",
      `environment ${environment} is not a valid archive: ${problem}`,
      `${PACK_HINT} Was the file truncated or renamed?`,
    );
  }
}

function checkServiceFiles(spec: ApplicationSpec): void {
  for (const [service, s] of Object.entries(spec.services)) {
    for (const [target, file] of Object.entries(s.files)) {
      if (isRemoteUri(file.source)) continue;
      try {
        statSync(file.source);
      } catch {
        throw new LauncherError(
          "SERVICE_FILE_INVALID",
          `file '${target}' of service '${service}': ${file.source} does not exist`,
          "Correct the path (relative paths are resolved against the spec file, SCRIPT against the current directory).",
        );
      }
    }
  }
}

/** Throws ENVIRONMENT_INVALID / SERVICE_FILE_INVALID for local inputs that cannot work. No I/O but local files. */
export function checkLocalInputs(spec: ApplicationSpec): void {
  if (spec.environment !== undefined) checkEnvironment(spec.environment);
  checkServiceFiles(spec);
}
