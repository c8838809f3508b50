"""YarnCluster's constructor arguments (dask-yarn's names, plus ours) → the CLI's submit flags.

Arguments left as None are not passed: the CLI then takes them from the user's config file
(~/.config/tsdask-yarn/config.yaml), TSDASK_YARN_* variables and its defaults, and it validates
every value (a bad memory size is reported naming the flag, with exit code 2).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from ._contract import MAX_INSTANCES
from ._errors import TsdaskYarnError

#: argument name → submit flag, for arguments whose value is passed as text.
SCALAR_FLAGS = {
    "environment": "--environment",
    "n_workers": "--worker-count",
    "worker_vcores": "--worker-vcores",
    "worker_memory": "--worker-memory",
    "worker_gpus": "--worker-gpus",
    "worker_restarts": "--worker-restarts",
    "worker_class": "--worker-class",
    "scheduler_vcores": "--scheduler-vcores",
    "scheduler_memory": "--scheduler-memory",
    "scheduler_gpus": "--scheduler-gpus",
    "deploy_mode": "--deploy-mode",
    "name": "--name",
    "queue": "--queue",
    "user": "--user",
    "node_label": "--node-label",
    "scheduler_node_label": "--scheduler-node-label",
    "worker_node_label": "--worker-node-label",
    "worker_port": "--worker-port",
    "nanny_port": "--nanny-port",
    "idle_timeout": "--idle-timeout",
    "max_attempts": "--max-attempts",
    "spec": "--spec",
}


#: Arguments for the remote scheduler only: in deploy_mode="local" they go to the in-process one.
REMOTE_SCHEDULER_FLAGS = {
    "host": "--scheduler-host",
    "port": "--scheduler-port",
    "dashboard_address": "--dashboard-address",
}
#: Host or rack lists, passed comma-separated.
LIST_FLAGS = {
    "scheduler_nodes": "--scheduler-nodes",
    "scheduler_racks": "--scheduler-racks",
    "worker_nodes": "--worker-nodes",
    "worker_racks": "--worker-racks",
}
#: Keyword-argument maps, passed as JSON.
OPTION_FLAGS = {"worker_options": "--worker-options", "scheduler_options": "--scheduler-options"}
MIB = 2**20


def _memory(value: Any) -> str:
    """dask-yarn's meaning: a number is BYTES (rounded up to MiB; below 1 MiB is an error, as in
    dask-yarn's parse_memory); a string keeps its units for the CLI to parse."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < MIB:
            raise TsdaskYarnError(
                "USAGE",
                f"memory {value!r} is less than 1 MiB: a number means bytes, as in dask-yarn",
                'Write a size with a unit, e.g. "2 GiB" or "512 MiB".',
            )
        return f"{math.ceil(value / MIB)} MiB"
    return str(value)


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
    return f"{int(lo)}:{MAX_INSTANCES if hi is None or hi == math.inf else int(hi)}"


def submit_flags(args: Mapping[str, Any]) -> list[str]:
    """The submit flags for the arguments that are set (not None)."""
    flags: list[str] = []
    local = args.get("deploy_mode") == "local"
    scalars = dict(SCALAR_FLAGS, **({} if local else REMOTE_SCHEDULER_FLAGS))
    for name, flag in scalars.items():
        value = args.get(name)
        if value is None:
            continue
        flags += [flag, _memory(value) if name.endswith("_memory") else str(value)]
    for name, flag in OPTION_FLAGS.items():
        if args.get(name) and not (local and name == "scheduler_options"):
            flags += [flag, json.dumps(dict(args[name]))]
    env = args.get("worker_env")
    for key, value in (env or {}).items():
        flags += ["--worker-env", f"{key}={value}"]
    for name, flag in dict(LIST_FLAGS, tags="--tags").items():
        value = args.get(name)
        if value:
            flags += [flag, value if isinstance(value, str) else ",".join(value)]
    if args.get("adaptive") is not None:
        flags += ["--adaptive", adaptive_flag(args["adaptive"])]
    return flags


def global_flags(conf_dir: str | None) -> list[str]:
    return ["--conf-dir", conf_dir] if conf_dir else []


def spec_file(spec: Any) -> tuple[str, dict[str, Any]]:
    """from_specification's argument (a YAML file path or a dict) → a file path and its content."""
    import os
    import tempfile

    import yaml

    if isinstance(spec, Mapping):
        fd, path = tempfile.mkstemp(prefix="tsdask-yarn-spec-", suffix=".yaml")
        with os.fdopen(fd, "w") as f:
            yaml.safe_dump(dict(spec), f)
        return path, dict(spec)
    path = os.fspath(spec)
    try:
        with open(path) as f:
            doc = yaml.safe_load(f) or {}
    except OSError as e:
        raise TsdaskYarnError("SPEC_FILE", f"cannot read the specification {path}: {e.strerror}") from e
    if not isinstance(doc, Mapping):
        raise TsdaskYarnError("SPEC_TYPE", f"the specification {path} is not a map of keys", "See skeleton.yaml.")
    return path, dict(doc)
