// What the soak scenarios sample from a running AM of ours, and how a series is judged. A sample
// joins what /proc says of the AM's node process (VmRSS, RssAnon) with what the AM says of itself
// over its control API (V8 heap, event-loop delay of its last 30 s window: src/appmaster/process-stats.ts)
// and the machine's load average, which on a shared 2-core box explains most of a delay.
import { readFileSync } from "node:fs";
import type { StatusReport } from "../../src/control/index.js";
import { getJson } from "./rm-watch.js";
import { findContainerProcess, mib, procMemory } from "./proc.js";

export interface SoakSample {
  /** Seconds since the soak started. */
  readonly t: number;
  /** Operations done so far (the scale soak), or MiB logged so far (the log soak). */
  readonly done: number;
  readonly rssMib: number;
  readonly anonMib: number;
  readonly heapMib?: number;
  /** The heap the AM's last full (mark-compact) GC left: live objects, what a leak grows. */
  readonly liveHeapMib?: number;
  /** Event-loop delay of the AM's last complete window: p99 and max, ms. */
  readonly delayP99Ms?: number;
  readonly delayMaxMs?: number;
  /** The 1-minute load average of the machine. */
  readonly load: number;
  /** Scenario-specific extras (the log dir's size, the wrapper's memory). */
  readonly extra?: Record<string, number>;
}

/** The AM's node process, found in /proc through the RM's record of its container. */
export async function amPid(rmWeb: string, appId: string): Promise<number> {
  const j = await getJson(`${rmWeb}/ws/v1/cluster/apps/${appId}/appattempts`);
  const containerId = j.appAttempts?.appAttempt?.at(-1)?.containerId as string | undefined;
  const pid = containerId ? findContainerProcess(containerId, "node") : undefined;
  if (pid === undefined) throw new Error(`the AM process of ${appId} (container ${containerId}) is not in /proc`);
  return pid;
}

export const loadAverage = () => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);

export function sampleOf(
  t0: number,
  done: number,
  pid: number,
  status: StatusReport,
  extra?: Record<string, number>,
): SoakSample {
  const p = procMemory(pid);
  const own = status.application.process;
  const delay = own?.eventLoopDelay.window;
  return {
    t: Math.round((Date.now() - t0) / 1000),
    done,
    rssMib: mib(p.rssBytes),
    anonMib: mib(p.anonBytes),
    ...(own ? { heapMib: mib(own.heapUsedBytes) } : {}),
    ...(own?.heapAfterMajorGcBytes !== undefined ? { liveHeapMib: mib(own.heapAfterMajorGcBytes) } : {}),
    ...(delay ? { delayP99Ms: delay.p99Ms, delayMaxMs: delay.maxMs } : {}),
    load: loadAverage(),
    ...(extra ? { extra } : {}),
  };
}

/** The samples nearest to 0, 10, 25, 50, 75 and 100 % of the run (by `done`). */
export function milestones(samples: readonly SoakSample[]): { pct: number; s: SoakSample }[] {
  const last = samples.at(-1)?.done ?? 0;
  return [0, 10, 25, 50, 75, 100].flatMap((pct) => {
    const want = (pct / 100) * last;
    const s = samples.reduce<SoakSample | undefined>(
      (best, x) => (!best || Math.abs(x.done - want) < Math.abs(best.done - want) ? x : best),
      undefined,
    );
    return s ? [{ pct, s }] : [];
  });
}

/** The figures every soak sample has (beside its extras). */
export type SoakFigure = "rssMib" | "anonMib" | "heapMib" | "liveHeapMib" | "delayP99Ms";
type Key = SoakFigure;
export type TrendKind = "memory" | "delay";

export interface Trend {
  /** Mean over 10–35 % of the run (after warm-up) and over its last quarter. */
  readonly early: number;
  readonly late: number;
  readonly levelsOff: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Whether a figure sampled at even steps (every 100 operations, every 30 s) levels off: its mean
 * over the last quarter of the run is within 10 % (memory) of its mean over 10–35 % — the first
 * 10 % is start-up (code compiled, caches filled). The delay, which the machine's load moves more
 * than the AM does, may be 1.5 × or 20 ms above (whichever is larger).
 */
export function trend(values: readonly number[], kind: TrendKind): Trend | undefined {
  const last = values.length - 1;
  const between = (a: number, b: number) => values.filter((_, i) => i >= a * last && i <= b * last);
  const early = between(0.1, 0.35);
  const late = between(0.75, 1);
  if (values.length < 4 || !early.length || !late.length) return undefined;
  const [e, l] = [mean(early), mean(late)];
  const levelsOff = kind === "delay" ? l <= Math.max(1.5 * e, e + 20) : l <= 1.1 * e;
  return { early: Math.round(e * 10) / 10, late: Math.round(l * 10) / 10, levelsOff };
}

const LABELS: Record<Key, string> = {
  rssMib: "VmRSS (MiB)",
  anonMib: "RssAnon (MiB)",
  heapMib: "V8 heap used (MiB)",
  liveHeapMib: "V8 heap after the last full GC (MiB)",
  delayP99Ms: "event-loop delay p99 (ms, 30 s window)",
};

/** Markdown: the milestone series and the verdict per figure, for a scenario's notes. */
export function seriesNotes(samples: readonly SoakSample[], doneLabel: string, extras: string[] = []): string[] {
  const rows = milestones(samples).map(
    ({ pct, s }) =>
      `| ${pct} % | ${s.done} | ${s.t} | ${s.rssMib} | ${s.anonMib} | ${s.heapMib ?? "—"} | ${s.liveHeapMib ?? "—"} | ${s.delayP99Ms ?? "—"} / ${s.delayMaxMs ?? "—"} | ${extras.map((k) => `${s.extra?.[k] ?? "—"} | `).join("")}${s.load} |`,
  );
  const table = [
    `| run | ${doneLabel} | s | VmRSS MiB | RssAnon MiB | heap MiB | heap after full GC MiB | loop delay p99 / max ms | ${extras.map((k) => `${k} | `).join("")}load (1 min) |`,
    `|${"---|".repeat(9 + extras.length)}`,
    ...rows,
  ].join("\n");
  const verdicts = (["rssMib", "anonMib", "heapMib", "liveHeapMib", "delayP99Ms"] as const).flatMap((k) => {
    const tr = trend(
      samples.flatMap((s) => s[k] ?? []),
      k === "delayP99Ms" ? "delay" : "memory",
    );
    return tr
      ? [
          `${LABELS[k]}: ${tr.early} over 10–35 % of the run, ${tr.late} over the last quarter — ${tr.levelsOff ? "levels off" : "**grows**"}`,
        ]
      : [];
  });
  return [table, `Level-off check (${samples.length} samples): ${verdicts.join("; ")}.`];
}
