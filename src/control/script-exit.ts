// How the dask.client script ended, in words the AM writes into the application's final
// diagnostics and the CLI reads back from the RM's report (`submit --wait` exits with the script's
// own code). The RM keeps the diagnostics after the AM is gone, so this survives the AM's exit;
// the phrases are a contract between the AM and the CLI: change both together.

/** KV key the client wrapper writes (value: its container id) just before it starts the script. */
export const CLIENT_STARTED_KEY = "dask.client.started";

const EXIT_PHRASE = "script exit code";
const NOT_STARTED_PHRASE = "the dask.client script never started";

/** Diagnostics of an application whose script ran and exited by itself with `code`. */
export function scriptEndedText(code: number): string {
  return `the dask.client script ended with ${EXIT_PHRASE} ${code}`;
}

/** Diagnostics of an application whose client container ended before the script was started. */
export function scriptNotStartedText(reason: string): string {
  return `${NOT_STARTED_PHRASE}: its container ${reason}`;
}

/** The script's exit code from final diagnostics, when the script ran and exited by itself. */
export function scriptExitCodeOf(diagnostics: string): number | undefined {
  const m = new RegExp(`\\b${EXIT_PHRASE} (\\d{1,3})\\b`).exec(diagnostics);
  return m ? Number(m[1]) : undefined;
}

/** True when the diagnostics say the client container ended before its script started. */
export function scriptNeverStarted(diagnostics: string): boolean {
  return diagnostics.includes(NOT_STARTED_PHRASE);
}
