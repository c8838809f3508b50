"""YarnCluster: a dask ``Cluster`` on Hadoop YARN, with dask-yarn's API, driving tsdask-yarn."""

from __future__ import annotations

import asyncio
import logging
import math
import os
import warnings
import weakref
from collections.abc import Mapping
from typing import Any

from distributed.core import Status, rpc
from distributed.deploy.cluster import Cluster

from ._appclient import ApplicationClient
from ._application import WORKER_SERVICE, CliApplication, ControlApplication
from ._cli import interrupt_running
from ._contract import KV_SCHEDULER, SCHEDULER_SERVICE
from ._control import APP_ID_ENV, ControlClient
from ._dask_config import resolve as resolve_config
from ._discovery import application_id_of
from ._errors import TsdaskYarnError
from ._local import dashboard_link, local_security, start_local_scheduler
from ._options import global_flags, spec_file, submit_flags
from ._repr import logs_by_instance, scaling_status_html
from ._security import security_for

logger = logging.getLogger("tsdask_yarn")
LIVE_STATES = ("WAITING", "REQUESTED", "RUNNING")
#: How long an interrupted constructor waits for the cleanup of what it started.
SHUTDOWN_AFTER_INTERRUPT_S = 180.0
#: How long from_name (dask-ctl) waits for an application's scheduler: not a dask cluster if longer.
FROM_NAME_TIMEOUT_S = 20.0
SKEIN_IGNORED = (
    "YarnCluster(skein_client=...) is ignored: tsdask-yarn has no Skein driver; it reaches YARN "
    "through its own launcher and ApplicationMaster"
)


def _shutdown_quietly(app: Any) -> None:
    """weakref.finalize target: a started cluster that is garbage-collected is shut down."""
    try:
        app.shutdown("SUCCEEDED", "YarnCluster was garbage-collected")
    except Exception:  # noqa: BLE001 - interpreter exit: nothing left to report to
        pass


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


class YarnCluster(Cluster):
    """A dask cluster on YARN: a scheduler container, worker containers and tsdask-yarn's AM.

    The positional and keyword arguments are dask-yarn's, in its order and with its meaning (see
    python/README.md for the table); those left as None come from dask-yarn's ``yarn.*`` keys in
    dask's config when set there, then from the tsdask-yarn configuration
    (~/.config/tsdask-yarn/config.yaml, TSDASK_YARN_* variables). Ours, keyword-only:
    ``scheduler_options`` (dask's Scheduler keyword arguments, in every deploy mode),
    ``adaptive=(min, max)`` (the AM scales from the scheduler's load, no client needed),
    ``idle_timeout="30m"``, ``node_label`` (or per role ``scheduler_node_label``,
    ``worker_node_label``), the hosts and racks per role (``scheduler_nodes``,
    ``scheduler_racks``, ``worker_nodes``, ``worker_racks``), fixed worker ports
    (``worker_port``, ``nanny_port``: a port range like ``"9000-9099"``; ``port`` and
    ``dashboard_address=":8787-8790"`` take ranges too), ``max_attempts``, ``spec`` (a YAML file),
    ``conf_dir`` (HADOOP_CONF_DIR), ``timeout`` (seconds to wait for the workers) and ``quiet``.
    """

    def __init__(
        self,
        environment: str | None = None,
        n_workers: int | None = None,
        worker_vcores: int | None = None,
        worker_memory: str | int | None = None,
        worker_restarts: int | None = None,
        worker_env: dict[str, str] | None = None,
        worker_class: str | None = None,
        worker_options: dict[str, Any] | None = None,
        worker_gpus: int | None = None,
        scheduler_vcores: int | None = None,
        scheduler_gpus: int | None = None,
        scheduler_memory: str | int | None = None,
        deploy_mode: str | None = None,
        name: str | None = None,
        queue: str | None = None,
        tags: list[str] | None = None,
        user: str | None = None,
        host: str | None = None,
        port: int | str | None = None,
        dashboard_address: str | None = None,
        skein_client: Any = None,
        asynchronous: bool = False,
        loop: Any = None,
        *,
        scheduler_options: dict[str, Any] | None = None,
        adaptive: Any = None,
        idle_timeout: str | int | None = None,
        node_label: str | None = None,
        scheduler_node_label: str | None = None,
        worker_node_label: str | None = None,
        scheduler_nodes: list[str] | None = None,
        scheduler_racks: list[str] | None = None,
        worker_nodes: list[str] | None = None,
        worker_racks: list[str] | None = None,
        worker_port: int | str | None = None,
        nanny_port: int | str | None = None,
        max_attempts: int | None = None,
        spec: str | None = None,
        conf_dir: str | None = None,
        timeout: float = 600,
        quiet: bool = False,
        _application: Any = None,
        _shutdown_on_close: bool = True,
        _temp_spec: str | None = None,
    ):
        if skein_client is not None:
            warnings.warn(SKEIN_IGNORED, stacklevel=2)
        args = dict(locals())
        if _application is None:
            args = resolve_config(args)
            if args.get("spec") and args.get("deploy_mode") is None:
                args["deploy_mode"] = spec_file(args["spec"])[1].get("deploy-mode")
        mode = args.get("deploy_mode") or "remote"
        if mode not in ("remote", "local"):
            raise ValueError(f"`deploy_mode` must be one of {{'remote', 'local'}}, got {mode!r}")
        self._deploy_mode = mode
        self._local_scheduler: Any = None
        self._local_args = {k: args.get(k) for k in ("host", "port", "dashboard_address")}
        self._scheduler_options = dict(args.get("scheduler_options") or {})
        self._n_workers = int(args.get("n_workers") or 0)
        # In local mode the workers are asked for once the scheduler they connect to runs.
        self._flags = submit_flags(dict(args, deploy_mode=mode, n_workers=0 if mode == "local" else args.get("n_workers")))
        self._global = global_flags(conf_dir)
        self._timeout = timeout
        self._app = _application
        self._shutdown_on_close = _shutdown_on_close
        self._adaptive_limits: tuple[int, int | None] | None = None
        self._last_workers: list[dict[str, Any]] = []
        self._finalizer: Any = None
        # from_specification's dict, written to a temporary file for the CLI: removed once
        # submitted (or when this object goes, if it never is).
        self._temp_spec = weakref.finalize(self, _remove_quietly, _temp_spec) if _temp_spec else None
        self._asynchronous = asynchronous
        # dask's cluster name is the application id (dask-ctl's handle: from_name takes it back);
        # a cluster still to be submitted gets it in _start.
        name = _application.info.app_id if _application is not None else None
        super().__init__(asynchronous=asynchronous, loop=loop, quiet=quiet, name=name)
        if not self.called_from_running_loop:
            self._loop_runner.start()
            self._start_blocking()

    @classmethod
    def from_specification(
        cls, spec: Any, skein_client: Any = None, asynchronous: bool = False, loop: Any = None, **kwargs: Any
    ) -> YarnCluster:
        """A cluster from a tsdask-yarn spec: a YAML file's path or the same as a dict.

        As in dask-yarn, the specification replaces the ``yarn.*`` configuration keys; it is
        layered over the tsdask-yarn configuration like ``tsdask-yarn submit --spec``.
        ``deploy-mode: local`` in it runs the scheduler in this process.
        """
        path, doc = spec_file(spec)
        mode = doc.get("deploy-mode") or doc.get("deploy_mode") or "remote"
        temp = path if isinstance(spec, Mapping) else None
        try:
            return cls(
                spec=path,
                deploy_mode=mode,
                skein_client=skein_client,
                asynchronous=asynchronous,
                loop=loop,
                _temp_spec=temp,
                **kwargs,
            )
        except BaseException:
            if temp:
                _remove_quietly(temp)
            raise

    def _start_blocking(self) -> None:
        """Starts the cluster from synchronous code. A KeyboardInterrupt (Ctrl-C, ``kill -INT``)
        meanwhile is passed on to the CLI under way, which kills what it submitted and removes the
        staging directory; _start then fails and shuts down anything started after the submit;
        only then does the KeyboardInterrupt reach the caller."""
        future = asyncio.run_coroutine_threadsafe(self._start(), self.loop.asyncio_loop)
        try:
            future.result()
        except KeyboardInterrupt:
            interrupt_running()
            try:
                future.result(timeout=SHUTDOWN_AFTER_INTERRUPT_S)
            except BaseException:  # noqa: BLE001 - the interrupt is what the caller gets
                pass
            self._loop_runner.stop()
            raise

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
    def from_name(
        cls, name: str, *, conf_dir: str | None = None, asynchronous: bool = False, loop: Any = None
    ) -> YarnCluster:
        """dask-ctl's constructor: the running cluster whose name (``cluster.name``, the
        application id) is ``name``, as ``dask cluster list`` shows it.

        Unlike from_application_id, close() ENDS the application (and removes its staging
        directory): ``dask cluster delete`` is close() on this object.
        """
        app = CliApplication.attach(application_id_of(name), global_flags(conf_dir), FROM_NAME_TIMEOUT_S)
        return cls(_application=app, _shutdown_on_close=True, asynchronous=asynchronous, loop=loop)

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
            try:
                self._app = await asyncio.to_thread(
                    CliApplication.submit, self._flags, self._global, self._timeout, not self.quiet
                )
            finally:
                if self._temp_spec is not None:
                    self._temp_spec()
            self._finalizer = weakref.finalize(self, _shutdown_quietly, self._app)
            self.name = self._app.info.app_id
        info = self._app.info
        try:
            credentials = await asyncio.to_thread(self._app.credentials)
            if self._deploy_mode == "local" and self._local_scheduler is None and self._shutdown_on_close:
                self.security = await self._start_local(credentials)
            else:
                self.security = security_for(info.scheduler_address, credentials)
            self.scheduler_comm = rpc(info.scheduler_address, connection_args=self.security.get_connection_args("client"))
            await super()._start()
            if self._local_scheduler is not None:
                await self._wait_local_workers(self._n_workers)
        except BaseException:
            if self._shutdown_on_close:
                await asyncio.to_thread(self._app.shutdown, "FAILED", "YarnCluster could not connect to its scheduler")
            if self._local_scheduler is not None:
                await self._local_scheduler.close()
            raise

    async def _start_local(self, credentials: dict[str, Any] | None) -> Any:
        """deploy_mode="local": the scheduler in this process; its address to the AM's KV store,
        where the worker containers wait for it; then the workers are asked for."""
        security = local_security(credentials)
        a = self._local_args
        self._local_scheduler = await start_local_scheduler(
            security, a["host"], a["port"], a["dashboard_address"], self._scheduler_options
        )
        info = self._app.info
        info.scheduler_address = self._local_scheduler.address
        info.dashboard_link = dashboard_link(self._local_scheduler)
        await asyncio.to_thread(self._app.kv_put, KV_SCHEDULER, info.scheduler_address)
        if self._n_workers:
            await asyncio.to_thread(self._app.scale, self._n_workers)
        return security

    async def _wait_local_workers(self, n: int) -> None:
        deadline = asyncio.get_running_loop().time() + self._timeout
        while len(self._local_scheduler.workers) < n:
            if asyncio.get_running_loop().time() > deadline:
                raise TsdaskYarnError(
                    "WAIT_TIMEOUT",
                    f"{len(self._local_scheduler.workers)} of {n} workers connected to the local scheduler "
                    f"within {self._timeout:.0f} s",
                    f"See 'tsdask-yarn status {self.application_id}' and the worker containers' logs.",
                )
            await asyncio.sleep(0.5)

    async def _close(self) -> None:
        if self.status == Status.closed:
            return
        await super()._close()
        if self._shutdown_on_close and self._app is not None:
            await self._end("SUCCEEDED", None)
        if self._local_scheduler is not None:  # after the workers are gone: they would reconnect
            await self._local_scheduler.close()

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
    def application_client(self) -> ApplicationClient:
        """The running application: kv, get_containers(), status(), logs(), scale(), shutdown()."""
        return ApplicationClient(self._app)

    @property
    def deploy_mode(self) -> str:
        return self._deploy_mode

    @property
    def dashboard_link(self) -> str:
        return self._app.info.dashboard_link or super().dashboard_link

    @property
    def proxied_dashboard_link(self) -> str | None:
        """The AM's tracking page through the ResourceManager's web proxy (``http(s)://rm/proxy/<app>/``):
        its dask section (workers, tasks, progress, task stream) works where ``dashboard_link`` cannot,
        since the proxy carries no websockets. None when the CLI did not report one (no scheduler
        container, or from inside the application's containers)."""
        return (self._app.info.raw or {}).get("proxiedDashboardUrl")

    @property
    def tracking_url(self) -> str | None:
        return self._app.info.tracking_url

    async def _scale(self, n: int) -> dict[str, Any]:
        self._adaptive_limits = None
        return await asyncio.to_thread(self._app.scale, int(n))

    def scale(self, n: int) -> Any:
        """Sets the number of workers; scale-down retires workers through the scheduler first."""
        return self.sync(self._scale, n)

    def refresh_credentials(self) -> dict[str, Any]:
        """New HDFS delegation tokens from your Kerberos ticket for the AM and every container
        (``tsdask-yarn credentials refresh``); run it more often than the tokens' renew interval."""
        return self._app.refresh_credentials()

    async def _adapt(self, minimum: int, maximum: int | None) -> dict[str, Any]:
        answer = await asyncio.to_thread(self._app.adapt, minimum, maximum)
        self._adaptive_limits = (minimum, maximum)
        return answer

    def adapt(self, minimum: int = 0, maximum: float = math.inf, **kwargs: Any) -> Any:
        """The ApplicationMaster scales the workers between the limits from the scheduler's load.

        Unlike dask-yarn it keeps doing so when this process ends; scale() turns it off. dask's
        tuning arguments (interval, wait_count, target_duration) are the AM's own and are ignored.
        """
        if self._local_scheduler is not None:
            raise TsdaskYarnError(
                "USAGE",
                "adapt() is the ApplicationMaster's, which reads the load from a scheduler container's HTTP API; "
                "in deploy_mode='local' there is none",
                "Use deploy_mode='remote' for adaptive scaling, or scale() yourself.",
            )
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
        services = [s for s, on in ((SCHEDULER_SERVICE, scheduler), (WORKER_SERVICE, workers)) if on]
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
