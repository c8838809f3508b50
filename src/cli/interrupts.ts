// Ctrl-C (SIGINT) and SIGTERM for the whole CLI. main.ts installs this before it loads the rest of
// the program: the bundle is large, and a signal that arrives while it loads must not kill the
// process before a command could clean up. This module imports nothing heavy for that reason.
//
// Without a handler (no command has started anything yet, or the command needs no cleanup) a signal
// ends the process with 130 at once, as a shell expects. A command that starts something (submit)
// registers a handler; it receives the number of signals seen since it registered, so it can clean
// up on the first and hurry on the second.

/** The exit code of a command ended by Ctrl-C (128 + SIGINT), as shells and CI runners expect. */
export const INTERRUPTED_EXIT = 130;

export type InterruptHandler = (count: number) => void;

/** After a second signal, the cleanup the first one started gets this long before we leave. */
export const SECOND_INTERRUPT_GRACE_MS = 20_000;

function leave(why: string): never {
  process.stderr.write(
    `${why}; leaving now. Check what may be left with 'tsdask-yarn list' and 'tsdask-yarn cache ls'.\n`,
  );
  process.exit(INTERRUPTED_EXIT);
}

const handlers: { handler: InterruptHandler; count: number }[] = [];
let installed = false;

/**
 * First signal: the handler cleans up. Second: the handler is told (it may hurry) and the cleanup
 * gets a bounded grace period. Third: leave at once.
 */
function onSignal(): void {
  const top = handlers[handlers.length - 1];
  if (!top) process.exit(INTERRUPTED_EXIT);
  const count = ++top.count;
  if (count >= 3) leave("interrupted a third time");
  top.handler(count);
  if (count === 2) {
    setTimeout(
      () => leave(`the cleanup did not finish within ${SECOND_INTERRUPT_GRACE_MS / 1000} s`),
      SECOND_INTERRUPT_GRACE_MS,
    ).unref();
  }
}

/** Installs the process-wide signal handlers (idempotent). */
export function installInterrupts(): void {
  if (installed) return;
  installed = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Routes signals to `handler` until the returned function is called. */
export function onInterrupt(handler: InterruptHandler): () => void {
  installInterrupts();
  const entry = { handler, count: 0 };
  handlers.push(entry);
  return () => {
    const i = handlers.indexOf(entry);
    if (i >= 0) handlers.splice(i, 1);
  };
}
