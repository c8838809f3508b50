"""dask-ctl's cluster discovery: the ``dask_cluster_discovery`` entry point of this package.

``dask cluster list`` (dask-ctl) calls ``discover()``, which names the user's RUNNING tsdask-yarn
applications as the ResourceManager lists them (application type TSDASK, the CLI's ``list``);
dask-ctl then builds each with ``YarnCluster.from_name(application_id)``. ``dask cluster scale
NAME N`` calls ``scale(N)`` on it, and ``dask cluster delete NAME`` calls ``close()``, which on a
cluster from from_name ends the application (its staging directory removed, as by shutdown()).
"""

from __future__ import annotations

import asyncio
import getpass
import os
import re
from collections.abc import AsyncIterator
from typing import Any

from ._cli import run_cli

#: The YARN application type of tsdask-yarn's applications (src/launcher/am-context.ts).
APPLICATION_TYPE = "TSDASK"
APP_ID = re.compile(r"application_\d+_\d+")


def current_user() -> str:
    """Whose applications are listed: the user the CLI submits as (HADOOP_USER_NAME, else the OS user)."""
    return os.environ.get("HADOOP_USER_NAME") or getpass.getuser()


def running_applications() -> list[dict[str, Any]]:
    return run_cli(["list", "--type", APPLICATION_TYPE, "--state", "RUNNING", "--user", current_user()])


async def discover() -> AsyncIterator[tuple[str, Any]]:
    """(application id, YarnCluster) for each running tsdask-yarn application of this user."""
    from .core import YarnCluster

    for app in await asyncio.to_thread(running_applications):
        yield app["id"], YarnCluster


def application_id_of(name: str) -> str:
    """The application id in a dask-ctl name (the id itself, or any text holding one)."""
    m = APP_ID.search(name)
    if not m:
        raise ValueError(f"{name!r} names no YARN application (application_<cluster>_<number>)")
    return m.group(0)
