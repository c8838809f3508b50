# Runs a dask server class with keyword arguments (dask-yarn's worker_class/worker_options and
# scheduler_options: Python objects' arguments such as resources={"GPU": 1}, which dask's command
# lines cannot say). The tsdask-yarn service wrapper writes this file as tsdask_dask_runner.py into
# its .tsdask-python directory and runs `python -m tsdask_dask_runner '<json>'`, the JSON being
# {"class": "distributed.Nanny", "args": [...], "kwargs": {...}, "ranges": {...}} (see
# src/service/dask-runner.ts: RunnerSpec).
import asyncio
import errno
import importlib
import json
import signal
import socket
import sys


def _load(path):
    module, _, name = path.rpartition(".")
    if not module:
        raise SystemExit("tsdask-yarn: worker class %r is not a dotted path like distributed.Nanny" % path)
    return getattr(importlib.import_module(module), name)


# client.restart() closes a worker that has no nanny with the first reason, "hoping an external
# deployment system will restart" it (distributed's Scheduler.restart_workers). A worker whose
# heartbeat reaches the scheduler after it was removed, before the close message, shuts itself
# down with the second ("Scheduler was unaware of this worker"): the bench saw 1 restart in 3 end
# so, and the container then exited 0 and counted as finished. Both mean the scheduler dropped a
# worker nobody retired: the wrapper starts a fresh one in the same container.
REMOVED = {"scheduler-remove-worker", "worker-heartbeat-missing"}
RESTART_EXIT = 75  # WORKER_RESTART_EXIT in src/service/dask-runner.ts (a test keeps them equal)


def _tracking(cls):
    """A worker class (no nanny) that remembers why it was first closed."""
    from distributed import Worker

    if not (isinstance(cls, type) and issubclass(cls, Worker)):
        return cls

    class Tracked(cls):
        async def close(self, *args, **kwargs):
            if getattr(self, "_tsdask_close_reason", None) is None:
                self._tsdask_close_reason = kwargs.get("reason", "")
            return await super().close(*args, **kwargs)

    Tracked.__name__ = cls.__name__
    Tracked.__qualname__ = cls.__qualname__
    return Tracked


def _ports(r):
    return list(range(r["first"], r["last"] + 1)) if r else [None]


def _in_use(exc):
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _bindable(host, port):
    # dask binds its dashboard in the Scheduler's constructor and, when the port is taken, moves to
    # a random one with a warning: probe first, and check what it bound after the start.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host or "0.0.0.0", port))
            return True
        except OSError:
            return False


async def _start_in_ranges(cls, args, kwargs, ranges):
    dash = ranges.get("dashboard")
    taken = []
    for d in _ports(dash):
        if d is not None:
            if not _bindable(dash.get("host", ""), d):
                taken.append("dashboard %d" % d)
                continue
            kwargs = dict(kwargs, dashboard_address="%s:%d" % (dash.get("host", ""), d))
        for p in _ports(ranges.get("port")):
            server = cls(*args, **(dict(kwargs, port=p) if p is not None else kwargs))
            try:
                await server
            except Exception as e:
                await server.close()
                if not _in_use(e):
                    raise
                taken.append("scheduler %d" % p)
                continue
            bound = getattr(server.services.get("dashboard"), "port", None)
            if d is not None and bound != d:  # someone took the dashboard port since the probe
                taken.append("dashboard %d" % d)
                await server.close()
                break
            if taken:
                print("tsdask-yarn: taken, skipped: %s" % ", ".join(taken), file=sys.stderr)
            return server
    raise SystemExit("tsdask-yarn: no free port left in the ranges %s; taken: %s" % (json.dumps(ranges), ", ".join(taken)))


async def _serve(cls, args, kwargs, ranges):
    cls = _tracking(cls)
    if ranges:
        server = await _start_in_ranges(cls, args, kwargs, ranges)
    else:
        server = cls(*args, **kwargs)
        await server
    loop = asyncio.get_running_loop()
    stopped = []

    # YARN stops a container with SIGTERM: close as dask's own CLI does, then exit 0.
    def stop():
        stopped.append(True)
        asyncio.ensure_future(server.close())

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    await server.finished()
    removed = getattr(server, "_tsdask_close_reason", None) in REMOVED
    return RESTART_EXIT if removed and not stopped else 0


def main():
    spec = json.loads(sys.argv[1])
    code = asyncio.run(_serve(_load(spec["class"]), spec.get("args", []), spec.get("kwargs", {}), spec.get("ranges")))
    sys.exit(code)


if __name__ == "__main__":
    main()
