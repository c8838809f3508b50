"""deploy_mode="local" (dask-yarn's): the scheduler runs in this Python process, only the workers
are YARN containers. It speaks TLS with the application's own certificate (the files
``tsdask-yarn credentials`` writes), so the worker containers — which trust only the
application's CA and present its certificate — connect to it as they would to a remote one; its
address goes into the AM's key-value store (``dask.scheduler``), where they wait for it.
"""

from __future__ import annotations

from typing import Any

from distributed.scheduler import Scheduler
from distributed.security import Security


def local_security(credentials: dict[str, Any] | None) -> Security:
    if credentials is None:  # the application runs without TLS (tls: false)
        return Security()
    files = dict(tls_ca_file=credentials["caFile"], require_encryption=True)
    for role in ("scheduler", "client", "worker"):
        files[f"tls_{role}_cert"] = credentials["certFile"]
        files[f"tls_{role}_key"] = credentials["keyFile"]
    return Security(**files)


async def start_local_scheduler(
    security: Security, host: str | None, port: int | None, dashboard_address: str | None, options: dict[str, Any]
) -> Scheduler:
    """dask-yarn's local defaults: host 0.0.0.0, port 0, dashboard ':0'."""
    kwargs: dict[str, Any] = dict(
        host=host or "0.0.0.0",
        port=port or 0,
        dashboard_address=dashboard_address or ":0",
        dashboard=True,
        protocol="tls" if security.require_encryption else "tcp",
        security=security,
    )
    kwargs.update(options)
    scheduler = Scheduler(**kwargs)
    await scheduler
    return scheduler


def dashboard_link(scheduler: Scheduler) -> str | None:
    server = scheduler.services.get("dashboard")
    if server is None:
        return None
    host = scheduler.address.split("://", 1)[-1].rsplit(":", 1)[0]
    return f"http://{host}:{server.port}/status"
