"""One running YARN application, as YarnCluster sees it, reached one of two ways:

* ``CliApplication``: from anywhere (edge node, notebook), through the tsdask-yarn CLI, which
  finds the AM through the ResourceManager and reads the control secret from HDFS staging;
* ``ControlApplication``: from inside the application's own containers, straight to the AM's
  control API with the container's secret (no CLI, no Hadoop configuration needed there).
"""

from __future__ import annotations

import shutil
import tempfile
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cli import run_cli
from ._contract import KV_SCHEDULER, MAX_INSTANCES, SCHEDULER_SERVICE, WORKER_SERVICE
from ._control import ControlClient
from ._errors import TsdaskYarnError

TERMINAL_STATES = ("FINISHED", "FAILED", "KILLED")
#: How long shutdown() waits for the AM to finish before killing the application instead.
SHUTDOWN_WAIT_S = 90.0


@dataclass
class AppInfo:
    app_id: str
    scheduler_address: str
    dashboard_link: str | None = None
    tracking_url: str | None = None
    #: What the CLI answered (submit or status): the TLS wiring reads its security fields.
    raw: dict[str, Any] | None = None


def _poll(what: str, timeout: float, probe: Any, interval: float = 1.0) -> Any:
    """Calls probe() until it returns something, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise TsdaskYarnError("WAIT_TIMEOUT", f"{what} did not happen within {timeout:.0f} s")
        time.sleep(interval)


class CliApplication:
    def __init__(self, info: AppInfo, global_args: list[str]):
        self.info = info
        self._global = global_args
        self._credentials: dict[str, Any] | None = None
        self._credentials_dir: Any = None

    @classmethod
    def submit(cls, flags: list[str], global_args: list[str], timeout: float, echo: bool) -> CliApplication:
        # The CLI's own --timeout kills and cleans up a submit that is not ready in time; ours only
        # guards against a CLI that hangs beyond that.
        answer = run_cli(["submit", *flags, "--timeout", f"{int(timeout)}s", *global_args], timeout=timeout + 120, echo=echo)
        info = AppInfo(
            app_id=answer["appId"],
            # deploy_mode="local": no scheduler container; YarnCluster starts one and fills this in.
            scheduler_address=answer.get("schedulerAddress", ""),
            dashboard_link=answer.get("dashboardUrl"),
            tracking_url=answer.get("trackingUrl"),
            raw=answer,
        )
        return cls(info, global_args)

    @classmethod
    def attach(cls, app_id: str, global_args: list[str], timeout: float) -> CliApplication:
        def published() -> AppInfo | None:
            answer = run_cli(["status", app_id, *global_args])
            report = answer["report"]
            if report["state"] in TERMINAL_STATES:
                raise TsdaskYarnError(
                    "APP_NOT_RUNNING",
                    f"{app_id} has ended ({report['state']} {report['finalStatus']})",
                    "Start a new cluster with YarnCluster(...) or 'tsdask-yarn submit'.",
                )
            am = answer.get("am") or {}
            dask = am.get("dask") or {}
            services = {s.get("name") for s in am.get("services") or []}
            if am and not services & {SCHEDULER_SERVICE, WORKER_SERVICE}:
                raise TsdaskYarnError(
                    "NOT_A_DASK_CLUSTER",
                    f"{app_id} runs no dask services ({', '.join(sorted(services)) or 'none'})",
                    "Attach to a dask application (see 'tsdask-yarn list').",
                )
            if not dask.get("schedulerAddress"):
                return None
            return AppInfo(app_id, dask["schedulerAddress"], dask.get("dashboardUrl"), report.get("trackingUrl"), answer)

        info = _poll(f"the dask scheduler of {app_id} publishing its address", timeout, published)
        return cls(info, global_args)

    def credentials(self) -> dict[str, Any] | None:
        """The TLS files a Client outside the cluster needs, written by the CLI to a private
        temporary directory (None when the application runs without TLS)."""
        tls = (self.info.raw or {}).get("tls") if not self.info.scheduler_address else None
        if not (self.info.scheduler_address.startswith("tls://") or tls):
            return None
        if self._credentials is None:
            private = tempfile.mkdtemp(prefix="tsdask-yarn-")
            # The directory holds a client key: it goes when the application is shut down from
            # here, or when this object is collected or the interpreter exits, whichever is first.
            self._credentials_dir = weakref.finalize(self, shutil.rmtree, private, True)
            target = Path(private) / self.info.app_id
            self._credentials = run_cli(["credentials", self.info.app_id, "--dir", str(target), *self._global])
        return self._credentials

    def drop_credentials(self) -> None:
        """Removes the client's TLS files written by credentials() (the application has ended)."""
        if self._credentials_dir is not None:
            self._credentials_dir()
        self._credentials = None

    def status(self) -> dict[str, Any]:
        answer = run_cli(["status", self.info.app_id, *self._global])
        if "am" not in answer:
            why = answer.get("amError") or f"the application is {answer['report']['state']}"
            raise TsdaskYarnError("APP_NOT_RUNNING", f"no status from the ApplicationMaster of {self.info.app_id}: {why}")
        return answer["am"]

    def report(self) -> dict[str, Any]:
        return run_cli(["status", self.info.app_id, *self._global])["report"]

    def scale(self, n: int) -> dict[str, Any]:
        return run_cli(["scale", self.info.app_id, str(n), *self._global])

    def refresh_credentials(self) -> dict[str, Any]:
        return run_cli(["credentials", "refresh", self.info.app_id, *self._global])

    def adapt(self, minimum: int, maximum: int | None) -> dict[str, Any]:
        limits = ["--minimum", str(minimum), *(["--maximum", str(maximum)] if maximum is not None else [])]
        return run_cli(["adapt", self.info.app_id, *limits, *self._global])

    def logs(self, service: str | None = None) -> list[dict[str, Any]]:
        return run_cli(["logs", self.info.app_id, *(["--service", service] if service else []), *self._global])

    def kv_get(self, key: str) -> str | None:
        try:
            return run_cli(["kv", self.info.app_id, key, *self._global])["value"]
        except TsdaskYarnError as e:
            if e.code == "KV_KEY_MISSING":
                return None
            raise

    def kv_put(self, key: str, value: str) -> None:
        run_cli(["kv", self.info.app_id, key, value, *self._global])

    def kv_wait(self, key: str, timeout: float) -> str:
        wait = ["--wait", f"{max(1, int(timeout))}s"]
        return run_cli(["kv", self.info.app_id, key, *wait, *self._global], timeout=timeout + 120)["value"]

    def shutdown(self, status: str = "SUCCEEDED", diagnostics: str | None = None) -> dict[str, Any]:
        """Ends the application with ``status``; a YARN kill if the AM does not finish in time."""
        try:
            return self._shutdown(status, diagnostics)
        finally:
            self.drop_credentials()

    def _shutdown(self, status: str, diagnostics: str | None) -> dict[str, Any]:
        app = self.info.app_id
        if self.report()["state"] not in TERMINAL_STATES:
            try:
                run_cli(["shutdown", app, "--status", status, *(["--diagnostics", diagnostics] if diagnostics else []), *self._global])
                return _poll(f"{app} finishing", SHUTDOWN_WAIT_S, self._ended)
            except TsdaskYarnError:
                pass
        # Ended already, or the AM did not do it: kill (a no-op for an ended app) removes staging.
        return run_cli(["kill", app, *self._global])

    def _ended(self) -> dict[str, Any] | None:
        report = self.report()
        return report if report["state"] in TERMINAL_STATES else None


class ControlApplication:
    """Inside a container of the application: the AM's control API directly."""

    def __init__(self, client: ControlClient, app_id: str):
        self._client = client
        status = client.status()
        dask = status.get("dask") or {}
        address = dask.get("schedulerAddress") or client.kv_get(KV_SCHEDULER)
        if not address:
            raise TsdaskYarnError("NOT_A_DASK_CLUSTER", f"{app_id} has no dask scheduler (yet)")
        self.info = AppInfo(app_id, address, dask.get("dashboardUrl"), status["application"].get("trackingUrl"), status)

    def credentials(self) -> dict[str, Any] | None:
        return None  # inside the application: dask's configuration has the TLS files

    def status(self) -> dict[str, Any]:
        return self._client.status()

    def refresh_credentials(self) -> dict[str, Any]:
        raise TsdaskYarnError(
            "USAGE",
            "new delegation tokens come from the user's Kerberos ticket, which a container does not have",
            "Run refresh_credentials() (or 'tsdask-yarn credentials refresh APP') where you submitted, or submit with --keytab-in-am.",
        )

    def scale(self, n: int) -> dict[str, Any]:
        return self._client.scale(WORKER_SERVICE, n)

    def adapt(self, minimum: int, maximum: int | None) -> dict[str, Any]:
        return self._client.adapt(WORKER_SERVICE, minimum, MAX_INSTANCES if maximum is None else maximum)

    def logs(self, service: str | None = None) -> list[dict[str, Any]] | None:
        return None  # container logs need the NodeManagers' web services: the CLI's job

    def kv_get(self, key: str) -> str | None:
        return self._client.kv_get(key)

    def kv_put(self, key: str, value: str) -> None:
        self._client.kv_put(key, value)

    def kv_wait(self, key: str, timeout: float) -> str:
        return self._client.kv_wait(key, timeout)

    def shutdown(self, status: str = "SUCCEEDED", diagnostics: str | None = None) -> dict[str, Any]:
        # This container is one the AM stops: return once the AM accepted.
        return self._client.shutdown(status, diagnostics)
