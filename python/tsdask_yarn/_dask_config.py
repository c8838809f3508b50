"""dask-yarn's configuration keys (``yarn.*`` in dask's config: ``~/.config/dask/yarn.yaml``,
``$DASK_CONFIG``, ``DASK_YARN__*`` variables) → YarnCluster's arguments.

Precedence, highest first: an argument given to ``YarnCluster(...)``; a ``yarn.*`` key the user
or site set in dask's config; tsdask-yarn's own configuration (``~/.config/tsdask-yarn/
config.yaml``, ``TSDASK_YARN_*``), which the CLI applies to whatever is still unset; the defaults.
A key still at dask-yarn's shipped default (when dask-yarn itself is installed, its yarn.yaml is
in dask's defaults) counts as unset, so installing dask-yarn beside us changes nothing.
"""

from __future__ import annotations

from typing import Any

import dask.config

#: YarnCluster argument → dask-yarn config key. (yarn.client.* is for dask-yarn's `submit`
#: command only; YarnCluster never used it. yarn.specification is from_specification's.)
KEYS = {
    "environment": "yarn.environment",
    "n_workers": "yarn.worker.count",
    "worker_vcores": "yarn.worker.vcores",
    "worker_memory": "yarn.worker.memory",
    "worker_restarts": "yarn.worker.restarts",
    "worker_env": "yarn.worker.env",
    "worker_class": "yarn.worker.worker_class",
    "worker_options": "yarn.worker.worker_options",
    "worker_gpus": "yarn.worker.gpus",
    "scheduler_vcores": "yarn.scheduler.vcores",
    "scheduler_gpus": "yarn.scheduler.gpus",
    "scheduler_memory": "yarn.scheduler.memory",
    "deploy_mode": "yarn.deploy-mode",
    "name": "yarn.name",
    "queue": "yarn.queue",
    "tags": "yarn.tags",
    "user": "yarn.user",
    "host": "yarn.host",
    "port": "yarn.port",
    "dashboard_address": "yarn.dashboard-address",
    "spec": "yarn.specification",
}

_MISSING = object()


def _shipped_defaults() -> dict[str, Any]:
    """dask-yarn's own yarn.yaml, if dask-yarn registered it with dask (else empty)."""
    merged: dict[str, Any] = {}
    for d in dask.config.defaults:
        if isinstance(d, dict) and "yarn" in d:
            merged = dask.config.merge(merged, d)
    return merged


def user_setting(key: str) -> Any:
    """The value of a dask-yarn key the user or site set, or None."""
    value = dask.config.get(key, default=_MISSING)
    if value is _MISSING or value is None:
        return None
    if value == dask.config.get(key, default=_MISSING, config=_shipped_defaults()):
        return None
    if key == "yarn.user" and value == "":  # dask-yarn: '' = the current user
        return None
    return value


def resolve(args: dict[str, Any]) -> dict[str, Any]:
    """``args`` with each None argument filled from its dask-yarn key when that key is set.

    A specification (the ``spec`` argument or ``yarn.specification``) replaces the other keys, as
    in dask-yarn; its own ``deploy-mode`` is read by the caller.
    """
    out = dict(args)
    if out.get("spec") is None:
        out["spec"] = user_setting(KEYS["spec"])
    if out.get("spec") is not None:
        return out
    for arg, key in KEYS.items():
        if out.get(arg) is None:
            value = user_setting(key)
            if value is not None:
                out[arg] = value
    return out
