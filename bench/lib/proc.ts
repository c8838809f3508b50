// Memory of a container's process read from /proc (the NodeManager runs containers as root here, so
// their processes are ours to read). A container is found by its working directory, which the NM
// names after the container id; the launch script's bash shares it, hence the exe filter.
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

export interface ProcMemory {
  readonly pid: number;
  readonly rssBytes: number;
  /** The anonymous part of the RSS (RssAnon): heap and stacks, without mapped binaries and libraries. */
  readonly anonBytes: number;
  /** Peak RSS (VmHWM) over the process's life. */
  readonly hwmBytes: number;
  readonly cmdline: string[];
}

export function findContainerProcess(containerId: string, exe: "node" | "java"): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (basename(readlinkSync(`/proc/${entry}/cwd`)) !== containerId) continue;
      if (basename(readlinkSync(`/proc/${entry}/exe`)) === exe) return Number(entry);
    } catch {
      /* gone, or not readable */
    }
  }
  return undefined;
}

export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  return { pid, rssBytes: kb("VmRSS"), anonBytes: kb("RssAnon"), hwmBytes: kb("VmHWM"), cmdline };
}

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export interface Distribution {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** Nearest-rank percentiles: with 50 samples p95 is the 48th, no interpolation to argue about. */
export function distribution(values: readonly number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { n: s.length, min: s[0] ?? NaN, median: rank(50), p95: rank(95), max: s.at(-1) ?? NaN };
}

/**
 * When each container's first process started (epoch ms), by container id: the moment the NM,
 * after localizing, actually ran the launch script — later than the AM's startTime, which is only
 * the NM accepting startContainers. From /proc/<pid>/stat field 22 (clock ticks since boot).
 */
export function containerProcessStarts(): Map<string, number> {
  // Boot time from /proc/uptime (10 ms resolution), not btime (whole seconds): both count boottime.
  const bootMs = Date.now() - Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
  const ticksPerSecond = 100; // CLK_TCK on Linux x86-64 and arm64
  const starts = new Map<string, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const dir = basename(readlinkSync(`/proc/${entry}/cwd`));
      if (!dir.startsWith("container_")) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command name (which may hold spaces); starttime is field 22.
      const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
      const ms = bootMs + (ticks * 1000) / ticksPerSecond;
      starts.set(dir, Math.min(ms, starts.get(dir) ?? Infinity));
    } catch {
      /* gone, or not readable */
    }
  }
  return starts;
}
