// What both aggregated-log readers (TFile and indexed) hand out: one container's log file at a
// time, its bytes as a stream, in the order the NodeManager wrote them.

export interface AggregatedLogFile {
  readonly containerId: string;
  /** e.g. stdout, stderr, launch_container.sh */
  readonly file: string;
  /** Bytes, as the NodeManager recorded when it aggregated the file. */
  readonly length: number;
  /** The file's bytes. Consume them before asking for the next file: the rest is skipped. */
  readonly data: AsyncIterable<Uint8Array>;
}

/** Which files to hand out; the others are skipped (without being read where the format allows). */
export interface AggregatedLogFilter {
  readonly container?: (containerId: string) => boolean;
  readonly file?: (name: string) => boolean;
}

export const wanted = (f: AggregatedLogFilter | undefined, containerId: string, file?: string): boolean =>
  (f?.container?.(containerId) ?? true) && (file === undefined || (f?.file?.(file) ?? true));
