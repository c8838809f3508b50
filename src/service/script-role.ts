// A script service run through the wrapper: `bash .tsdask-service.sh`, so that its output is
// rolled like a dask role's (rolling-log.ts) and YARN's stop signals reach the script. It needs
// nothing else from the container (no Python environment, no control API).
import { CONTAINER_FILES, SCRIPT_SERVICE_ROLE } from "../control/runtime.js";
import { type ChildOutput, type RunningChild, startChild } from "./child.js";

export const SCRIPT_ROLE = SCRIPT_SERVICE_ROLE;

export interface ScriptRun {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly adopt: (child: RunningChild) => void;
  readonly output?: ChildOutput;
}

export async function runScript(run: ScriptRun): Promise<number> {
  const child = await startChild("bash", [CONTAINER_FILES.serviceScript], {
    cwd: run.cwd,
    env: run.env,
    what: "service script",
    ...(run.output ? { output: run.output } : {}),
  });
  run.adopt(child);
  return child.exited;
}
