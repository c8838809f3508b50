"""YarnCluster's constructor arguments (dask-yarn's names, plus ours) → the CLI's submit flags.

Arguments left as None are not passed: the CLI then takes them from the user's config file
(~/.config/tsdask-yarn/config.yaml), TSDASK_YARN_* variables and its defaults, and it validates
every value (a bad memory size is reported naming the flag, with exit code 2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ._errors import TsdaskYarnError

#: argument name → submit flag, for arguments whose value is passed as text.
SCALAR_FLAGS = {
    "environment": "--environment",
    "n_workers": "--worker-count",
    "worker_vcores": "--worker-vcores",
    "worker_memory": "--worker-memory",
    "worker_gpus": "--worker-gpus",
    "worker_restarts": "--worker-restarts",
    "scheduler_vcores": "--scheduler-vcores",
    "scheduler_memory": "--scheduler-memory",
    "name": "--name",
    "queue": "--queue",
    "user": "--user",
    "node_label": "--node-label",
    "idle_timeout": "--idle-timeout",
    "max_attempts": "--max-attempts",
    "spec": "--spec",
}


def _memory(value: Any) -> str:
    # dask-yarn (Skein) takes a number as MiB, as our spec does; strings keep their units.
    return str(int(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def adaptive_flag(adaptive: Any) -> str:
    """(min, max), {"minimum":, "maximum":} or "min:max" → "MIN:MAX" (max may be inf)."""
    if isinstance(adaptive, str):
        return adaptive
    if isinstance(adaptive, Mapping):
        lo, hi = adaptive.get("minimum", 0), adaptive.get("maximum", math.inf)
    elif isinstance(adaptive, Sequence) and len(adaptive) == 2:
        lo, hi = adaptive
    else:
        raise TsdaskYarnError(
            "USAGE", f"adaptive={adaptive!r} is not (minimum, maximum)", 'Examples: adaptive=(0, 20), "0:20".'
        )
    return f"{int(lo)}:{100_000 if hi is None or hi == math.inf else int(hi)}"


def submit_flags(args: Mapping[str, Any]) -> list[str]:
    """The submit flags for the arguments that are set (not None)."""
    flags: list[str] = []
    for name, flag in SCALAR_FLAGS.items():
        value = args.get(name)
        if value is None:
            continue
        flags += [flag, _memory(value) if name.endswith("_memory") else str(value)]
    env = args.get("worker_env")
    for key, value in (env or {}).items():
        flags += ["--worker-env", f"{key}={value}"]
    tags = args.get("tags")
    if tags:
        flags += ["--tags", ",".join(tags) if not isinstance(tags, str) else tags]
    if args.get("adaptive") is not None:
        flags += ["--adaptive", adaptive_flag(args["adaptive"])]
    return flags


def global_flags(conf_dir: str | None) -> list[str]:
    return ["--conf-dir", conf_dir] if conf_dir else []
