// Output for people and for machines: aligned tables when stdout is a terminal, tab-separated
// plain lines when it is not (pipes, `$(...)`, CI logs), and JSON with --json.
import type { Io } from "./io.js";

/** Renders rows under a header. Cells are single-line: tabs and newlines become spaces. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], tty: boolean): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, " ");
  const all = [header, ...rows].map((r) => r.map(clean));
  if (!tty) return all.map((r) => r.join("\t")).join("\n") + "\n";
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return (
    all
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

export function printTable(io: Io, header: readonly string[], rows: readonly (readonly string[])[]): void {
  io.out(renderTable(header, rows, io.stdoutTTY));
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + "\n");
}

/** 75 s → "1m15s", 3 h → "3h00m": compact, like `yarn top` and Skein's status. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d${pad(Math.floor((s % 86400) / 3600))}h`;
}

/** Local time "2024-05-01 12:00:03"; "-" for the RM's 0 (not started / not finished). */
export function formatTime(epochMs: number): string {
  if (!epochMs || epochMs <= 0) return "-";
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Config values as people write them: strings bare, lists and maps as compact JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
