// Running a dask server class with keyword arguments, for what dask's command lines cannot say:
// dask-yarn's worker_class/worker_options and scheduler_options are Python objects' arguments
// (nested maps like resources={"GPU": 1}), not flags. The wrapper writes this module next to the
// API guard and runs `python -m tsdask_dask_runner '<json>'` instead of the dask CLI when a spec
// sets them; without them the CLI path stays as it was.

/** Python module name, in API_GUARD_DIR (already on the scheduler's PYTHONPATH). */
export const DASK_RUNNER_MODULE = "tsdask_dask_runner";

/** What the runner reads from its one argument (JSON). */
export interface RunnerSpec {
  /** Dotted path of the class, e.g. "distributed.Nanny". */
  readonly class: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
}

export const DASK_RUNNER_SOURCE = `# Written by the tsdask-yarn service wrapper; see src/service/dask-runner-py.ts.
import asyncio
import importlib
import json
import signal
import sys


def _load(path):
    module, _, name = path.rpartition(".")
    if not module:
        raise SystemExit("tsdask-yarn: worker class %r is not a dotted path like distributed.Nanny" % path)
    return getattr(importlib.import_module(module), name)


async def _serve(cls, args, kwargs):
    server = cls(*args, **kwargs)
    await server
    loop = asyncio.get_running_loop()
    # YARN stops a container with SIGTERM: close as dask's own CLI does, then exit 0.
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(server.close()))
    await server.finished()


def main():
    spec = json.loads(sys.argv[1])
    asyncio.run(_serve(_load(spec["class"]), spec.get("args", []), spec.get("kwargs", {})))


if __name__ == "__main__":
    main()
`;

/** The python arguments that run `spec` through the runner module. */
export function runnerArgs(spec: RunnerSpec): string[] {
  return ["-m", DASK_RUNNER_MODULE, JSON.stringify(spec)];
}
