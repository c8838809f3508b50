// The pure-Python tsdask_yarn package the runtime archive carries (tsdask/python), for scripts that
// call YarnCluster.from_current() in an environment the user never installed tsdask-yarn into.
// PYTHONPATH comes before site-packages in sys.path, so the archive's copy is added only when the
// environment has none: a copy installed there (perhaps newer) always wins.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { CONTAINER_FILES, RUNTIME } from "../control/runtime.js";

/** Whether the localized environment has its own tsdask_yarn (venv/conda layout: lib/python3.X/site-packages). */
export function environmentHasPackage(cwd: string, pkg = "tsdask_yarn"): boolean {
  const lib = path.join(cwd, CONTAINER_FILES.environment, "lib");
  let dirs: string[];
  try {
    dirs = readdirSync(lib).filter((d) => d.startsWith("python"));
  } catch {
    return false;
  }
  return dirs.some((d) => existsSync(path.join(lib, d, "site-packages", pkg, "__init__.py")));
}

/** The container environment with the archive's package appended to PYTHONPATH when needed. */
export function withRuntimePython(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const dir = path.join(cwd, CONTAINER_FILES.runtime, RUNTIME.python);
  if (!existsSync(path.join(dir, "tsdask_yarn", "__init__.py")) || environmentHasPackage(cwd)) return env;
  return { ...env, PYTHONPATH: env.PYTHONPATH ? `${env.PYTHONPATH}${path.delimiter}${dir}` : dir };
}
