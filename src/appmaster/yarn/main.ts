// Entry of the ApplicationMaster bundle (dist/appmaster.js), run by the NodeManager as
// `tsdask/bin/node tsdask/appmaster.js` in the AM container: composes the AM for YARN and runs it.
// Exit code 0 = unregistered cleanly (whatever the final status); non-zero lets YARN start another
// attempt if any are left.
import { VERSION } from "../../version.js";
import { runAppMaster } from "../run.js";
import { yarnAppMaster } from "./yarn-main.js";

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function main(): Promise<number> {
  const { config, deps, control } = await yarnAppMaster(process.env, log);
  log(`tsdask-yarn appmaster ${VERSION}: ${config.containerIdText} (attempt ${config.attempt})`);
  return runAppMaster(deps, control);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`appmaster failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
