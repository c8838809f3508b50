// The tsdask-yarn executable (bundled to dist/cli.js). All logic lives in program.ts; this file
// only binds it to the real process.
//
// The signal handler comes first, and the program is loaded only after it (a dynamic import:
// esbuild keeps the imported modules' initialisation lazy), so a Ctrl-C during a cold start never
// meets Node's default handler.
import { installInterrupts } from "./interrupts.js";

installInterrupts();
// Diagnostics for the cold-start test and for measuring: when, since the process started, the
// handler was in and the program loaded.
const trace = process.env.TSDASK_YARN_TRACE_STARTUP
  ? (what: string) => process.stderr.write(`startup: ${what} at ${Math.round(performance.now())} ms\n`)
  : () => undefined;
trace("signal handler installed");

// `tsdask-yarn list | head -1` closes our stdout early: the rest of the output has no reader, so
// leave quietly (like cat and ls) instead of dying with an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const [{ processIo }, { run }] = await Promise.all([import("./io.js"), import("./program.js")]);
trace("program loaded");
const code = await run(process.argv.slice(2), processIo());
// exitCode (not exit()) lets stdout drain when it is a pipe.
process.exitCode = code;
