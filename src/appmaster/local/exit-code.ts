// A local container's end in YARN's terms, so the AM's exit-status reading (exit-status.ts)
// applies unchanged: a process killed by a signal reports 128 + the signal number, as the
// NodeManager's bash launch script does; a container the AM stopped is KILLED_BY_APPMASTER.
import { constants } from "node:os";
import { EXIT } from "../exit-status.js";

export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null, stoppedByAm: boolean): number {
  if (stoppedByAm) return EXIT.KILLED_BY_APPMASTER;
  if (code !== null) return code;
  const n = signal ? constants.signals[signal] : undefined;
  return n !== undefined ? 128 + n : EXIT.INVALID;
}

export function exitDiagnostics(code: number | null, signal: NodeJS.Signals | null, stoppedByAm: boolean): string {
  if (stoppedByAm) return "Container killed by the ApplicationMaster.";
  if (signal) return `Container killed by signal ${signal}.`;
  return code === 0 ? "" : `Exception from container-launch. Exit code: ${code}`;
}
