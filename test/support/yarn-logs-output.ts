// Parses what Hadoop's own `yarn logs -applicationId` prints into container → file → bytes, the
// reference our reader is compared with. Every file is framed by Hadoop as
//   Container: <id> on <node>\nLogAggregationType: AGGREGATED\n====…\nLogType:<file>\n
//   LogLastModifiedTime:…\nLogLength:<n>\nLogContents:\n<n bytes>\nEnd of LogType:<file>
// The contents are cut by LogLength (a byte count), so they come out byte for byte; log4j lines
// of the client between frames are skipped.
const FRAME =
  /Container: (\S+) on (\S+)\nLogAggregationType: AGGREGATED\n=+\nLogType:([^\n]*)\nLogLastModifiedTime:[^\n]*\nLogLength:(\d+)\nLogContents:\n/g;

export interface YarnLogsFile {
  readonly containerId: string;
  readonly node: string;
  readonly file: string;
  readonly bytes: Buffer;
}

export function parseYarnLogsOutput(out: Buffer): YarnLogsFile[] {
  const text = out.toString("latin1"); // one char per byte: regex indices are byte offsets
  const files: YarnLogsFile[] = [];
  FRAME.lastIndex = 0;
  for (let m = FRAME.exec(text); m; m = FRAME.exec(text)) {
    const start = m.index + m[0].length;
    const length = Number(m[4]);
    const end = `\nEnd of LogType:${m[3]}`;
    if (text.slice(start + length, start + length + end.length) !== end)
      throw new Error(`yarn logs output: ${m[1]} ${m[3]} is not followed by its end marker`);
    files.push({
      containerId: m[1]!,
      node: m[2]!,
      file: Buffer.from(m[3]!, "latin1").toString("utf8"),
      bytes: out.subarray(start, start + length),
    });
    FRAME.lastIndex = start + length;
  }
  return files;
}

export const fileKey = (containerId: string, file: string) => `${containerId} ${file}`;

/** `-log_files_pattern` for one stream of Hadoop's `yarn logs`: the plain file and its rolled parts. */
export const streamPattern = (stream: "stdout" | "stderr") => `^${stream}(\\.part-[0-9]+(\\.open)?)?$`;

// A rolled part as the service wrapper names it (written here from docs/logs.md, not imported from
// the reader under test): `stdout.part-000003`, or `.open` when the container ended before it closed.
const ROLLED_PART = /^(stdout|stderr)\.part-(\d+)(\.open)?$/;

/**
 * yarn logs' files with each container's rolled parts joined into the stream they are, in part
 * number order, followed by the plain file of the same name (what bypassed the wrapper): what
 * `tsdask-yarn logs` shows as one `stdout`/`stderr`.
 */
export function joinRolledParts(files: readonly YarnLogsFile[]): YarnLogsFile[] {
  const joined = new Map<string, { file: YarnLogsFile; parts: [number, Buffer][]; plain?: Buffer }>();
  const others: YarnLogsFile[] = [];
  for (const f of files) {
    const m = ROLLED_PART.exec(f.file);
    const stream = m ? m[1]! : f.file === "stdout" || f.file === "stderr" ? f.file : undefined;
    if (!stream) {
      others.push(f);
      continue;
    }
    const key = fileKey(f.containerId, stream);
    const j = joined.get(key) ?? { file: { ...f, file: stream }, parts: [] };
    joined.set(key, j);
    if (m) j.parts.push([Number(m[2]), f.bytes]);
    else j.plain = f.bytes;
  }
  const streams = [...joined.values()].map(({ file, parts, plain }) => ({
    ...file,
    bytes: Buffer.concat([...parts.sort((a, b) => a[0] - b[0]).map(([, b]) => b), plain ?? Buffer.alloc(0)]),
  }));
  return [...others, ...streams];
}

/** One container's stream (parts joined) from the output of `yarn logs`, or undefined if absent. */
export function containerStream(out: Buffer, containerId: string, stream: "stdout" | "stderr"): Buffer | undefined {
  return joinRolledParts(parseYarnLogsOutput(out)).find((f) => f.containerId === containerId && f.file === stream)
    ?.bytes;
}
