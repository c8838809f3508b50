# Written by the tsdask-yarn service wrapper; see src/service/api-guard.ts.
# One JSON answer with what the AM's tracking page shows of the dask cluster (the RM web proxy
# carries no websockets, so the bokeh dashboard cannot be shown through it): workers with their
# memory and CPU, tasks by state and by prefix, the progress of recent computations and the task
# stream's recent history. Every list is capped, so the answer stays small on a big cluster.
import math
from collections import Counter
from itertools import islice
from time import time

import dask.config

from dask.utils import key_split
from distributed.diagnostics.task_stream import TaskStreamPlugin
from distributed.http.utils import RequestHandler

MAX_WORKERS = 200
MAX_PREFIXES = 30
MAX_COMPUTATIONS = 5
MAX_STREAM = 300
UNFINISHED = ("waiting", "queued", "no-worker", "processing")


def _num(x):
    """A number JSON can carry (a metric may be NaN or missing), else None."""
    if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x):
        return x
    return None


def _worker(ws):
    metrics = ws.metrics or {}
    return {
        "name": str(ws.name),
        "address": ws.address,
        "host": ws.host,
        "nthreads": ws.nthreads,
        "memoryLimit": _num(ws.memory_limit),
        "memory": _num(metrics.get("memory")),
        "cpu": _num(metrics.get("cpu")),
        "processing": len(ws.processing),
        "inMemory": len(ws.has_what),
        "status": ws.status.name,
    }


def _states(states):
    return {str(k): int(v) for k, v in states.items() if v}


def _prefixes(scheduler):
    rows = []
    for name, tp in scheduler.task_prefixes.items():
        states = _states(tp.states)
        active = sum(v for k, v in states.items() if k != "forgotten")
        if active:
            rows.append((active, {"name": str(name), "states": states}))
    rows.sort(key=lambda r: -r[0])
    return [r[1] for r in rows[:MAX_PREFIXES]]


def _computations(scheduler):
    out = []
    for c in list(getattr(scheduler, "computations", ()))[-MAX_COMPUTATIONS:]:
        states = _states(c.states)
        names = sorted({str(tg.prefix.name) for tg in c.groups})
        out.append(
            {
                "start": _num(c.start),
                "running": any(states.get(s) for s in UNFINISHED),
                "prefixes": names[:8],
                "states": states,
            }
        )
    return out


def _stream(scheduler):
    # The plugin records each task that finished from the moment it is added: the AM asks for this
    # answer as soon as the dashboard is published, so the history starts with the cluster.
    # Its length is the dashboard status page's (1000 by default), not the 100000 of the bokeh /tasks
    # page that a plugin made without one would keep: this one runs in every application.
    plugin = scheduler.plugins.get(TaskStreamPlugin.name)
    if plugin is None:
        length = dask.config.get("distributed.scheduler.dashboard.status.task-stream-length", 1000)
        plugin = TaskStreamPlugin(scheduler, maxlen=max(MAX_STREAM, int(length)))
        scheduler.add_plugin(plugin)
    buffer = plugin.buffer
    rows = []
    for msg in islice(buffer, max(0, len(buffer) - MAX_STREAM), None):
        prefix = key_split(msg.get("key"))
        for ss in msg.get("startstops", ()):
            if ss.get("action") in ("compute", "transfer"):
                rows.append(
                    {
                        "prefix": prefix,
                        "worker": msg.get("worker"),
                        "action": ss["action"],
                        "start": _num(ss.get("start")),
                        "stop": _num(ss.get("stop")),
                    }
                )
    return rows[-MAX_STREAM:]


def summary(scheduler):
    workers = sorted(scheduler.workers.values(), key=lambda ws: str(ws.name))
    # Summed over the prefixes' counters, not over every task: a request costs the scheduler's event
    # loop as many steps as there are task prefixes, however many tasks it holds.
    by_state = Counter()
    for tp in scheduler.task_prefixes.values():
        by_state.update(tp.states)
    by_state.pop("forgotten", None)
    return {
        "time": time(),
        "workersTotal": len(workers),
        "workers": [_worker(ws) for ws in workers[:MAX_WORKERS]],
        "tasks": {"total": len(scheduler.tasks), "byState": _states(by_state)},
        "prefixes": _prefixes(scheduler),
        "computations": _computations(scheduler),
        "taskStream": _stream(scheduler),
    }


class SummaryHandler(RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.write(summary(self.server))


routes = [("/api/v1/tsdask/summary", SummaryHandler, {})]
