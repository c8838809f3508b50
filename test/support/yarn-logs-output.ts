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
