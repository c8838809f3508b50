// Rolled container logs: how the service wrapper names the size-bounded parts of a container's
// stdout/stderr, shared by the wrapper (which writes them), the AM (which tells the wrapper the
// bounds), the launcher (which asks YARN to aggregate closed parts while the application runs, and
// reads them back in order). Pure: names and numbers only.
//
// A stream is written to `<stream>.part-NNNNNN.open` while it grows; when it reaches the part size
// the wrapper renames it to `<stream>.part-NNNNNN` (same number, content unchanged from then on)
// and opens the next number. Only closed parts match ROLLED_LOGS_PATTERN: YARN's rolling
// aggregation uploads a matching file once and then deletes it from the node, so the file being
// written must never match. The numbers are consecutive from 1; the name of the file being written
// already carries its number, so a reader can tell "the same part, grown" from "the next part".
// The plain `stdout`/`stderr` files (the NodeManager's redirect of the wrapper's own fds) hold only
// what bypassed the wrapper, e.g. a fatal error of the runtime itself: readers show it after the parts.

/** The streams the wrapper rolls. */
export const ROLLED_STREAMS = ["stdout", "stderr"] as const;
export type RolledStream = (typeof ROLLED_STREAMS)[number];

/** The rolled include pattern of the submission's log-aggregation-context (a Java regex). */
export const ROLLED_LOGS_PATTERN = "^(stdout|stderr)\\.part-[0-9]+$";

/** Files per stream (the one being written included) when logs.part-size turns rolling on. */
export const DEFAULT_LOG_PARTS = 8;

const OPEN_SUFFIX = ".open";
const PART = /^(stdout|stderr)\.part-(\d{6,})(\.open)?$/;

/** `stdout.part-000003` (closed) or `stdout.part-000003.open` (being written). */
export function partFileName(stream: RolledStream, part: number, open: boolean): string {
  return `${stream}.part-${String(part).padStart(6, "0")}${open ? OPEN_SUFFIX : ""}`;
}

export interface PartName {
  readonly stream: RolledStream;
  readonly part: number;
  readonly open: boolean;
}

/** The part a log file name is, or undefined for any other file. */
export function parsePartName(name: string): PartName | undefined {
  const m = PART.exec(name);
  if (!m) return undefined;
  return { stream: m[1] as RolledStream, part: Number(m[2]), open: m[3] !== undefined };
}

/** The name a file is shown and chosen (--file) under: a part's stream, else the name itself. */
export function logicalLogName(name: string): string {
  return parsePartName(name)?.stream ?? name;
}

/** One file of a container's stream, wherever it is (NodeManager or aggregated). */
export interface StreamPiece {
  readonly name: string;
  /** Part number; the plain redirect file (no number) sorts after every part. */
  readonly part: number;
}

/**
 * The files of one stream in reading order, one per part (a part seen both open and closed is the
 * same part: the closed name wins), and the part numbers missing between the first and last part
 * seen (rolled out of the node before YARN aggregated them).
 */
export function orderStream(names: Iterable<string>, stream: string): { pieces: StreamPiece[]; missing: number[] } {
  const byPart = new Map<number, string>();
  let plain: string | undefined;
  for (const name of names) {
    if (name === stream) plain = name;
    const p = parsePartName(name);
    if (!p || p.stream !== stream) continue;
    const had = byPart.get(p.part);
    if (had === undefined || had.endsWith(OPEN_SUFFIX)) byPart.set(p.part, name);
  }
  const parts = [...byPart.keys()].sort((a, b) => a - b);
  const missing: number[] = [];
  let next = 1; // parts are numbered from 1: every number below a part that is not one is missing
  for (const part of parts) {
    for (let n = next; n < part; n++) missing.push(n);
    next = part + 1;
  }
  const pieces = parts.map((part) => ({ name: byPart.get(part)!, part }));
  if (plain !== undefined) pieces.push({ name: plain, part: Number.POSITIVE_INFINITY });
  return { pieces, missing };
}

/** The line a reader prints where parts are missing, so a gap is never silent. */
export function missingPartsNote(stream: string, missing: readonly number[]): string {
  const list = missing.length > 3 ? `${missing[0]}–${missing[missing.length - 1]}` : missing.join(", ");
  return (
    `[tsdask-yarn: ${stream} part${missing.length > 1 ? "s" : ""} ${list} left the node before YARN aggregated ` +
    `${missing.length > 1 ? "them" : "it"} (logs.parts × logs.part-size is the bound kept on the node)]\n`
  );
}
