// Log groups for CI runners: GitHub Actions folds lines between `::group::` and `::endgroup::`,
// GitLab between section_start/section_end markers. Used by submit --wait so the setup (uploads,
// waiting for containers) folds away and the script's output stands out. Off outside CI.
import type { Io } from "./io.js";

export interface CiMarkers {
  start(title: string): void;
  end(): void;
}

const NONE: CiMarkers = { start: () => undefined, end: () => undefined };

/** Markers for the CI system named by the environment, or no-ops. Written to `write` (stderr). */
export function ciMarkers(env: Readonly<Record<string, string | undefined>>, write: (s: string) => void): CiMarkers {
  if (env.GITHUB_ACTIONS === "true") {
    let open = false;
    return {
      start: (title) => {
        if (open) write("::endgroup::\n");
        write(`::group::${title}\n`);
        open = true;
      },
      end: () => {
        if (open) write("::endgroup::\n");
        open = false;
      },
    };
  }
  if (env.GITLAB_CI === "true") {
    let open: string | undefined;
    let n = 0;
    const now = () => Math.floor(Date.now() / 1000);
    const close = () => {
      if (open) write(`\x1b[0Ksection_end:${now()}:${open}\r\x1b[0K\n`);
      open = undefined;
    };
    return {
      start: (title) => {
        close();
        open = `tsdask_yarn_${++n}`;
        write(`\x1b[0Ksection_start:${now()}:${open}[collapsed=true]\r\x1b[0K${title}\n`);
      },
      end: close,
    };
  }
  return NONE;
}

/** Markers for a command's io (stderr, where submit's progress goes). */
export const ciMarkersOf = (io: Io): CiMarkers => ciMarkers(io.env, (s) => io.err(s));
