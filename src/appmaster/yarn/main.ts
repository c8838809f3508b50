// Entry of the ApplicationMaster bundle (dist/appmaster.js), run by the NodeManager as
// `tsdask/bin/node tsdask/appmaster.js` in the AM container: composes the AM for YARN and runs it.
// Exit code 0 = unregistered cleanly (whatever the final status); non-zero lets YARN start another
// attempt if any are left. SIGTERM on the last attempt and a failed last attempt remove the staging
// dir (yarn-stop.ts).
import { VERSION } from "../../version.js";
import { runAppMaster } from "../run.js";
import { yarnAppMaster, type YarnAm } from "./yarn-main.js";
import { onAttemptFailed, onStopSignal, type StopDeps } from "./yarn-stop.js";

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

let am: YarnAm | undefined;
/** The SIGTERM cleanup under way: exiting waits for it. */
let stopping: Promise<void> | undefined;
/** The failed last attempt's cleanup under way: a SIGTERM after it waits for it rather than cut it. */
let removing: Promise<void> | undefined;

const stopDeps = (a: YarnAm): StopDeps => ({
  attemptGone: (ms) => a.yarn.attemptGone(ms),
  fs: a.deps.fs,
  stagingDir: a.config.stagingDir,
  log,
});

process.once("SIGTERM", () => {
  // The heartbeat often hears of a kill before the NodeManager's SIGTERM comes: its delete is then
  // already under way, and exiting at once would cut it.
  const cleanup =
    removing ?? (am ? onStopSignal(stopDeps(am), am.config.attempt, am.deps.spec.maxAttempts) : undefined);
  stopping = (cleanup ?? Promise.resolve()).finally(() => process.exit(143));
});

async function main(): Promise<number> {
  am = await yarnAppMaster(process.env, log);
  log(`tsdask-yarn appmaster ${VERSION}: ${am.config.containerIdText} (attempt ${am.config.attempt})`);
  return runAppMaster(am.deps, am.control);
}

async function exit(code: number): Promise<never> {
  await stopping;
  if (code !== 0 && am) {
    removing = onAttemptFailed(stopDeps(am), am.config.attempt, am.deps.spec.maxAttempts);
    await removing;
  }
  process.exit(code);
}

main().then(
  (code) => exit(code),
  (err: unknown) => {
    log(`appmaster failed: ${(err as Error).stack ?? String(err)}`);
    return exit(1);
  },
);
