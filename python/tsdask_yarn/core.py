"""YarnCluster: a dask ``Cluster`` on Hadoop YARN, with dask-yarn's API, driving tsdask-yarn."""

from __future__ import annotations

import asyncio
import logging
import math
import os
import warnings
import weakref
from typing import Any

from distributed.core import Status, rpc
from distributed.deploy.cluster import Cluster

from ._application import WORKER_SERVICE, CliApplication, ControlApplication
from ._control import APP_ID_ENV, ControlClient
from ._errors import TsdaskYarnError
from ._options import global_flags, submit_flags
from ._repr import logs_by_instance, scaling_status_html
from ._security import security_for

logger = logging.getLogger("tsdask_yarn")
LIVE_STATES = ("WAITING", "REQUESTED", "RUNNING")


def _shutdown_quietly(app: Any) -> None:
    """weakref.finalize target: a started cluster that is garbage-collected is shut down."""
    try:
        app.shutdown("SUCCEEDED", "YarnCluster was garbage-collected")
    except Exception:  # noqa: BLE001 - interpreter exit: nothing left to report to
        pass


class YarnCluster(Cluster):
    """A dask cluster on YARN: a scheduler container, worker containers and tsdask-yarn's AM.

    Arguments keep dask-yarn's names; those left as None come from the tsdask-yarn configuration
    (~/.config/tsdask-yarn/config.yaml, TSDASK_YARN_* variables). Besides dask-yarn's:
    ``adaptive=(min, max)`` (the AM scales from the scheduler's load, no client needed),
    ``idle_timeout="30m"``, ``node_label``, ``worker_gpus``, ``max_attempts``, ``spec`` (a YAML
    file), ``conf_dir`` (HADOOP_CONF_DIR) and ``timeout`` (seconds to wait for the workers).
    """

    def __init__(
        self,
        environment: str | None = None,
        n_workers: int | None = None,
        worker_vcores: int | None = None,
        worker_memory: str | int | None = None,
        worker_restarts: int | None = None,
        worker_env: dict[str, str] | None = None,
        scheduler_vcores: int | None = None,
        scheduler_memory: str | int | None = None,
        name: str | None = None,
        queue: str | None = None,
        tags: list[str] | None = None,
        user: str | None = None,
        *,
        worker_gpus: int | None = None,
        adaptive: Any = None,
        idle_timeout: str | int | None = None,
        node_label: str | None = None,
        max_attempts: int | None = None,
        spec: str | None = None,
        conf_dir: str | None = None,
        timeout: float = 600,
        asynchronous: bool = False,
        loop: Any = None,
        quiet: bool = False,
        _application: Any = None,
        _shutdown_on_close: bool = True,
    ):
        args = dict(locals())
        self._flags = submit_flags(args)
        self._global = global_flags(conf_dir)
        self._timeout = timeout
        self._app = _application
        self._shutdown_on_close = _shutdown_on_close
        self._adaptive_limits: tuple[int, int | None] | None = None
        self._last_workers: list[dict[str, Any]] = []
        self._finalizer: Any = None
        self._asynchronous = asynchronous
        super().__init__(asynchronous=asynchronous, loop=loop, quiet=quiet, name=name)
        if not self.called_from_running_loop:
            self._loop_runner.start()
            self.sync(self._start)

    # ---- alternate constructors -------------------------------------------------------------

    @classmethod
    def from_application_id(
        cls, app_id: str, *, conf_dir: str | None = None, timeout: float = 120, asynchronous: bool = False, loop: Any = None
    ) -> YarnCluster:
        """Attaches to a running cluster (started by the CLI, another process, ...).

        close() and leaving a ``with`` block leave the application running, as in dask-yarn;
        shutdown() ends it.
        """
        app = CliApplication.attach(app_id, global_flags(conf_dir), timeout)
        return cls(_application=app, _shutdown_on_close=False, asynchronous=asynchronous, loop=loop)

    @classmethod
    def from_current(cls, *, asynchronous: bool = False, loop: Any = None) -> YarnCluster:
        """The cluster this code runs in: for scripts run by ``tsdask-yarn submit SCRIPT``.

        Talks to the ApplicationMaster directly (TSDASK_CONTROL_URL and the container's secret).
        close() leaves the application running: the script's exit code ends it.
        """
        client = ControlClient.from_environment()
        app = ControlApplication(client, os.environ.get(APP_ID_ENV, ""))
        return cls(_application=app, _shutdown_on_close=False, asynchronous=asynchronous, loop=loop)

    # ---- lifecycle --------------------------------------------------------------------------

    def __await__(self):
        async def start():
            if self.status == Status.created:
                await self._start()
            return self

        return start().__await__()

    async def _start(self) -> None:
        if self.status != Status.created:
            return
        if self._app is None:
            self._app = await asyncio.to_thread(
                CliApplication.submit, self._flags, self._global, self._timeout, not self.quiet
            )
            self._finalizer = weakref.finalize(self, _shutdown_quietly, self._app)
        info = self._app.info
        credentials = await asyncio.to_thread(self._app.credentials)
        self.security = security_for(info.scheduler_address, credentials)
        self.scheduler_comm = rpc(info.scheduler_address, connection_args=self.security.get_connection_args("client"))
        try:
            await super()._start()
        except BaseException:
            if self._shutdown_on_close:
                await asyncio.to_thread(self._app.shutdown, "FAILED", "YarnCluster could not connect to its scheduler")
            raise

    async def _close(self) -> None:
        if self.status == Status.closed:
            return
        await super()._close()
        if self._shutdown_on_close and self._app is not None:
            await self._end("SUCCEEDED", None)

    async def _end(self, status: str, diagnostics: str | None) -> dict[str, Any]:
        if self._finalizer is not None:
            self._finalizer.detach()
        return await asyncio.to_thread(self._app.shutdown, status, diagnostics)

    async def _shutdown(self, status: str, diagnostics: str | None) -> dict[str, Any]:
        report = await self._end(status, diagnostics)
        self._shutdown_on_close = False
        await self._close()
        return report

    def shutdown(self, status: str = "SUCCEEDED", diagnostics: str | None = None) -> Any:
        """Ends the application with ``status`` (also an attached one) and closes this object."""
        return self.sync(self._shutdown, status, diagnostics)

    # ---- dask-yarn's API --------------------------------------------------------------------

    @property
    def application_id(self) -> str:
        return self._app.info.app_id

    app_id = application_id

    @property
    def dashboard_link(self) -> str:
        return self._app.info.dashboard_link or super().dashboard_link

    @property
    def tracking_url(self) -> str | None:
        return self._app.info.tracking_url

    async def _scale(self, n: int) -> dict[str, Any]:
        self._adaptive_limits = None
        return await asyncio.to_thread(self._app.scale, int(n))

    def scale(self, n: int) -> Any:
        """Sets the number of workers; scale-down retires workers through the scheduler first."""
        return self.sync(self._scale, n)

    async def _adapt(self, minimum: int, maximum: int | None) -> dict[str, Any]:
        answer = await asyncio.to_thread(self._app.adapt, minimum, maximum)
        self._adaptive_limits = (minimum, maximum)
        return answer

    def adapt(self, minimum: int = 0, maximum: float = math.inf, **kwargs: Any) -> Any:
        """The ApplicationMaster scales the workers between the limits from the scheduler's load.

        Unlike dask-yarn it keeps doing so when this process ends; scale() turns it off. dask's
        tuning arguments (interval, wait_count, target_duration) are the AM's own and are ignored.
        """
        if kwargs:
            warnings.warn(f"adapt(): {sorted(kwargs)} are decided by the ApplicationMaster and ignored", stacklevel=2)
        top = None if maximum is None or maximum == math.inf else int(maximum)
        return self.sync(self._adapt, int(minimum), top)

    async def _workers(self) -> list[dict[str, Any]]:
        status = await asyncio.to_thread(self._app.status)
        service = next((s for s in status["services"] if s["name"] == WORKER_SERVICE), {"containers": []})
        self._last_workers = [c for c in service["containers"] if c["state"] in LIVE_STATES]
        return self._last_workers

    def workers(self) -> Any:
        """The worker containers that are waiting, requested or running (dicts from the AM)."""
        return self.sync(self._workers)

    async def _logs(self, scheduler: bool, workers: bool) -> Any:
        services = [s for s, on in (("dask.scheduler", scheduler), (WORKER_SERVICE, workers)) if on]
        files = []
        for service in services:
            found = await asyncio.to_thread(self._app.logs, service)
            if found is None:  # inside a container: dask's own in-memory logs instead
                return await self._get_logs(cluster=False, scheduler=scheduler, workers=workers)
            files += found
        return logs_by_instance(files)

    def logs(self, scheduler: bool = True, workers: bool = True) -> Any:
        """The YARN log files of the running scheduler and worker containers, by instance."""
        return self.sync(self._logs, scheduler, workers)

    # ---- what dask's Cluster base expects of ``workers`` and the widget ----------------------

    @property
    def requested(self) -> set[str]:
        return {c["instanceId"] for c in self._last_workers}

    plan = requested

    def _scaling_status(self) -> str:
        return scaling_status_html(self._adaptive_limits, len(self.scheduler_info["workers"]), self.application_id)
