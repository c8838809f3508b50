// A completed container's YARN exit status, turned into what happened to the instance and a sentence
// a user can act on. Values are Hadoop's ContainerExitStatus constants (docs/design.md §3); anything else is
// the exit code of the process the container ran.
import type { ContainerState } from "../control/types.js";

export const EXIT = {
  SUCCESS: 0,
  INVALID: -1000,
  ABORTED: -100,
  DISKS_FAILED: -101,
  PREEMPTED: -102,
  KILLED_EXCEEDED_VMEM: -103,
  KILLED_EXCEEDED_PMEM: -104,
  KILLED_BY_APPMASTER: -105,
  KILLED_BY_RESOURCEMANAGER: -106,
  KILLED_AFTER_APP_COMPLETION: -107,
  KILLED_BY_CONTAINER_SCHEDULER: -108,
  KILLED_FOR_EXCESS_LOGS: -109,
} as const;

/** Why the cluster took a container away: counted for the application's final diagnostics. */
export type LossCause = "memory" | "preempted" | "node";

export interface Completion {
  /** SUCCEEDED, FAILED (counts against restarts) or KILLED (not the service's fault). */
  readonly state: Extract<ContainerState, "SUCCEEDED" | "FAILED" | "KILLED">;
  /** One line, e.g. "killed: physical memory limit (2 GiB) exceeded". */
  readonly reason: string;
  readonly cause?: LossCause;
}

export function mib(n: number): string {
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} GiB` : `${n} MiB`;
}

/** The first line of the NodeManager's diagnostics, which often repeats the whole process tree. */
function firstLine(diagnostics: string): string {
  const line = diagnostics.split("\n").find((l) => l.trim() !== "" && l.trim() !== "N/A") ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line.trim();
}

/**
 * Classifies one completion the AM did not ask for. (Containers the AM stopped itself are KILLED
 * by the caller, whatever their status: their exit code is the signal the NM sent.)
 */
export function describeExit(exitStatus: number, diagnostics: string, memoryMiB: number): Completion {
  const nm = firstLine(diagnostics);
  const withNm = (s: string) => (nm ? `${s} (${nm})` : s);
  switch (exitStatus) {
    case EXIT.SUCCESS:
      return { state: "SUCCEEDED", reason: "exited with code 0" };
    case EXIT.KILLED_EXCEEDED_PMEM:
      return {
        state: "FAILED",
        reason: `killed: physical memory limit (${mib(memoryMiB)}) exceeded; give the service more memory`,
        cause: "memory",
      };
    case EXIT.KILLED_EXCEEDED_VMEM:
      return {
        state: "FAILED",
        reason:
          `killed: virtual memory limit exceeded (container of ${mib(memoryMiB)}); ` +
          "raise yarn.nodemanager.vmem-pmem-ratio or disable the vmem check",
        cause: "memory",
      };
    // The cluster took these away, not the service's code: replaced without using a restart, as
    // Spark (its NOT_APP_AND_SYSTEM_FAULT exit statuses) and YARN's own services do.
    case EXIT.PREEMPTED:
      return { state: "KILLED", reason: withNm("preempted by the YARN scheduler"), cause: "preempted" };
    case EXIT.ABORTED:
      return {
        state: "KILLED",
        reason: withNm("aborted: its node was lost or decommissioned, or the container was released"),
        cause: "node",
      };
    case EXIT.DISKS_FAILED:
      return { state: "KILLED", reason: withNm("its node's local disks failed"), cause: "node" };
    case EXIT.KILLED_BY_RESOURCEMANAGER:
      return { state: "KILLED", reason: withNm("killed by the ResourceManager") };
    case EXIT.KILLED_BY_CONTAINER_SCHEDULER:
      return { state: "KILLED", reason: withNm("killed by the NodeManager's container scheduler") };
    case EXIT.KILLED_AFTER_APP_COMPLETION:
      return { state: "KILLED", reason: "killed after the application completed" };
    case EXIT.KILLED_BY_APPMASTER:
      return { state: "KILLED", reason: "stopped by the ApplicationMaster" };
    case EXIT.KILLED_FOR_EXCESS_LOGS:
      return { state: "FAILED", reason: "killed: it wrote more logs than the NodeManager allows" };
    case EXIT.INVALID:
      return { state: "FAILED", reason: withNm("failed without an exit status") };
    default:
      break;
  }
  if (exitStatus > 128 && exitStatus < 160) {
    // bash reports a process killed by signal N as 128+N: name the common ones.
    const sig = exitStatus - 128;
    const name = ({ 9: "SIGKILL", 15: "SIGTERM", 6: "SIGABRT", 11: "SIGSEGV", 2: "SIGINT" } as Record<number, string>)[
      sig
    ];
    return { state: "FAILED", reason: `exited with code ${exitStatus} (killed by ${name ?? `signal ${sig}`})` };
  }
  return { state: "FAILED", reason: `exited with code ${exitStatus}; see the container's logs` };
}

/** Preemption, node loss and RM/scheduler kills are not the service's fault: restart without using a restart. */
export function isFreeRestart(c: Completion): boolean {
  return c.state === "KILLED";
}
