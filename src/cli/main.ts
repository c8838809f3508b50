// The tsdask-yarn executable (bundled to dist/cli.js). All logic lives in program.ts; this file
// only binds it to the real process.
import { processIo } from "./io.js";
import { run } from "./program.js";

const code = await run(process.argv.slice(2), processIo());
// exitCode (not exit()) lets stdout drain when it is a pipe.
process.exitCode = code;
