"""``cluster.application_client``: the running application, as dask-yarn's Skein handle was.

dask-yarn gave ``skein.ApplicationClient``; we have no Skein, so this is the closest honest
equivalent over the same ApplicationMaster operations the CLI uses: ``kv`` (the AM's key-value
store: bytes values, as in Skein), ``get_containers``, ``status``, ``logs``, ``scale``
and ``shutdown``. Skein's ``add_container``/``kill_container``/``get_specification`` have no
counterpart (scale a service instead; ``tsdask-yarn status`` shows the spec's services).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._contract import WORKER_SERVICE

#: Container states as the AM reports them (src/control/types.ts); Skein's are the same words.
LIVE = ("WAITING", "REQUESTED", "RUNNING")


def _bytes(value: str | None) -> bytes | None:
    return None if value is None else value.encode()


class KeyValueStore:
    """The AM's key-value store (Skein's ``app.kv``): values are bytes; ``wait`` blocks until set."""

    def __init__(self, app: Any):
        self._app = app

    def get(self, key: str, default: bytes | None = None) -> bytes | None:
        value = _bytes(self._app.kv_get(key))
        return default if value is None else value

    def __getitem__(self, key: str) -> bytes:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: bytes | str) -> None:
        self._app.kv_put(key, value.decode() if isinstance(value, bytes) else str(value))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def wait(self, key: str, timeout: float = 600) -> bytes:
        """The value as soon as some container or client writes it (at most ``timeout`` seconds)."""
        return self._app.kv_wait(key, timeout).encode()


class ApplicationClient:
    """One running application: ``id``, ``kv``, containers, status, logs, scale, shutdown."""

    def __init__(self, app: Any):
        self._app = app
        self.kv = KeyValueStore(app)

    @property
    def id(self) -> str:
        return self._app.info.app_id

    def status(self) -> dict[str, Any]:
        """The ApplicationMaster's status report (services, their containers and counts, dask)."""
        return self._app.status()

    def get_containers(self, services: Iterable[str] | None = None, states: Iterable[str] | None = None) -> list[dict]:
        """Containers of the given services (all by default) in the given states (default: live)."""
        wanted_states = set(states) if states is not None else set(LIVE)
        wanted = set(services) if services is not None else None
        out = []
        for service in self.status()["services"]:
            if wanted is not None and service["name"] not in wanted:
                continue
            out += [dict(c, service=service["name"]) for c in service["containers"] if c["state"] in wanted_states]
        return out

    def logs(self, service: str | None = None) -> list[dict[str, Any]] | None:
        """The YARN log files of the running containers (None inside a container: no CLI there)."""
        return self._app.logs(service)

    def scale(self, service: str, count: int) -> dict[str, Any]:
        if service == WORKER_SERVICE:
            return self._app.scale(int(count))
        from ._cli import run_cli

        return run_cli(["scale", self.id, str(int(count)), "--service", service, *getattr(self._app, "_global", [])])

    def shutdown(self, status: str = "SUCCEEDED", diagnostics: str | None = None) -> dict[str, Any]:
        return self._app.shutdown(status, diagnostics)

    def __repr__(self) -> str:
        return f"ApplicationClient<{self.id}>"
