"""deploy_mode="local" (dask-yarn's): the scheduler runs in this Python process, only the workers
are YARN containers. It speaks TLS with the application's own certificate (the files
``tsdask-yarn credentials`` writes), so the worker containers — which trust only the
application's CA and present its certificate — connect to it as they would to a remote one; its
address goes into the AM's key-value store (``dask.scheduler``), where they wait for it.
"""

from __future__ import annotations

import errno
import re
import socket
from typing import Any

from distributed.scheduler import Scheduler
from distributed.security import Security

from ._errors import TsdaskYarnError


def local_security(credentials: dict[str, Any] | None) -> Security:
    if credentials is None:  # the application runs without TLS (tls: false)
        return Security()
    files = dict(tls_ca_file=credentials["caFile"], require_encryption=True)
    for role in ("scheduler", "client", "worker"):
        files[f"tls_{role}_cert"] = credentials["certFile"]
        files[f"tls_{role}_key"] = credentials["keyFile"]
    return Security(**files)


def port_candidates(port: int | str | None) -> list[int]:
    """8786, "8786-8790" or "8786:8790" (as the spec's scheduler.port) → the ports to try in order."""
    text = str(port or 0).strip()
    m = re.fullmatch(r"(\d+)\s*[-:]\s*(\d+)", text)
    return list(range(int(m[1]), int(m[2]) + 1)) if m else [int(text)]


def dashboard_candidates(address: str | None) -> list[str]:
    """":8787-8790" → [":8787", ..., ":8790"]; any other address alone."""
    m = re.fullmatch(r"(.*):(\d+\s*-\s*\d+)", (address or ":0").strip())
    return [f"{m[1]}:{p}" for p in port_candidates(m[2])] if m else [address or ":0"]


def _in_use(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _bindable(address: str) -> bool:
    """Whether the dashboard could bind: dask moves a taken dashboard port to a random one."""
    host, _, port = address.rpartition(":")
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host or "0.0.0.0", int(port)))
            return True
        except OSError:
            return False


async def start_local_scheduler(
    security: Security, host: str | None, port: int | str | None, dashboard_address: str | None, options: dict[str, Any]
) -> Scheduler:
    """dask-yarn's local defaults: host 0.0.0.0, port 0, dashboard ':0'. A port range (in ``port``
    or ``dashboard_address``) gives the first free port of it, as for the scheduler container."""
    kwargs: dict[str, Any] = dict(
        host=host or "0.0.0.0",
        dashboard=True,
        protocol="tls" if security.require_encryption else "tcp",
        security=security,
    )
    kwargs.update(options)
    dashboards = dashboard_candidates(dashboard_address)
    ports = port_candidates(port)
    for dashboard in dashboards:
        if len(dashboards) > 1 and not _bindable(dashboard):
            continue
        for p in ports:
            scheduler = Scheduler(**dict(kwargs, port=p, dashboard_address=dashboard))
            try:
                await scheduler
            except Exception as e:
                await scheduler.close()
                if len(ports) > 1 and _in_use(e):
                    continue
                raise
            return scheduler
    raise TsdaskYarnError(
        "PORT_RANGE_TOO_SMALL",
        f"no free port for the local scheduler in port={port!r}, dashboard_address={dashboard_address!r}",
        "Widen the range, or leave the port unset for any free port.",
    )


def dashboard_link(scheduler: Scheduler) -> str | None:
    server = scheduler.services.get("dashboard")
    if server is None:
        return None
    host = scheduler.address.split("://", 1)[-1].rsplit(":", 1)[0]
    return f"http://{host}:{server.port}/status"
