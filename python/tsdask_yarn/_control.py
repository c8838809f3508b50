"""A small client of the ApplicationMaster's control API, for code running inside the
application's own containers (``YarnCluster.from_current()``).

There the AM's address is in ``TSDASK_CONTROL_URL`` and the bearer secret is the container's
local resource ``.tsdask-secret``: no HDFS access, no CLI and no Node.js are needed. The routes
and bodies are those of src/control/routes.ts.
"""

from __future__ import annotations

import json
import os
import ssl
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from ._contract import API_PREFIX, APP_ID_ENV, CONTROL_CODE_OF_SERVER, CONTROL_CODE_OF_STATUS, CONTROL_URL_ENV
from ._errors import TsdaskYarnError

SECRET_FILE = ".tsdask-secret"
#: The application's CA certificate, a local resource of every container when TLS is on.
CA_FILE = ".tsdask-ca.pem"
API = API_PREFIX


def _secret_path() -> Path:
    """The secret in the container's working directory, even when the script changed directory.

    The NodeManager exports PWD as the container's working directory in its launch script.
    """
    for base in (os.environ.get("PWD"), os.getcwd()):
        if base and (Path(base) / SECRET_FILE).exists():
            return Path(base) / SECRET_FILE
    return Path(os.environ.get("PWD") or os.getcwd()) / SECRET_FILE


class ControlClient:
    """status / scale / adapt / shutdown / key-value get on one AM; every call is bounded."""

    def __init__(self, url: str, secret: str, timeout: float = 15.0):
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https"):
            raise TsdaskYarnError("CONTROL_BAD_REQUEST", f"control URL must be http(s), got {url!r}")
        self.url = url.rstrip("/")
        self._secret = secret
        self._timeout = timeout

    @classmethod
    def from_environment(cls) -> ControlClient:
        url = os.environ.get(CONTROL_URL_ENV)
        if not url:
            raise TsdaskYarnError(
                "NOT_IN_CONTAINER",
                f"{CONTROL_URL_ENV} is not set: from_current() works only inside a tsdask-yarn container",
                "Use it in a script run by 'tsdask-yarn submit SCRIPT'; elsewhere use "
                "YarnCluster.from_application_id(app_id).",
            )
        path = _secret_path()
        try:
            secret = path.read_text().strip()
        except OSError as e:
            raise TsdaskYarnError(
                "SERVICE_NO_SECRET",
                f"cannot read the application secret {path}: {e.strerror}",
                "The secret is a local resource of every container of the application; run from_current() "
                "in one of them.",
            ) from e
        return cls(url, secret)

    def status(self) -> dict[str, Any]:
        return self._call("GET", "/status")

    def scale(self, service: str, instances: int) -> dict[str, Any]:
        return self._call("POST", "/scale", {"service": service, "instances": instances})

    def adapt(self, service: str, minimum: int, maximum: int) -> dict[str, Any]:
        return self._call("POST", "/adapt", {"service": service, "minimum": minimum, "maximum": maximum})

    def shutdown(self, final_status: str, diagnostics: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"finalStatus": final_status}
        if diagnostics is not None:
            body["diagnostics"] = diagnostics
        return self._call("POST", "/shutdown", body)

    def kv_get(self, key: str) -> str | None:
        try:
            return self._call("GET", "/kv/" + urllib.parse.quote(key, safe=""))["value"]
        except TsdaskYarnError as e:
            if e.server_code == "KV_NOT_FOUND":
                return None
            raise

    def kv_put(self, key: str, value: str) -> None:
        self._call("PUT", "/kv/" + urllib.parse.quote(key, safe=""), {"value": value})

    def kv_wait(self, key: str, timeout: float) -> str:
        """The value as soon as it is written: long-polls of at most 50 s (the server's bound is 60 s)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            wait_ms = int(max(0.0, min(50.0, deadline - time.monotonic())) * 1000)
            route = "/kv/" + urllib.parse.quote(key, safe="") + f"?wait={wait_ms}"
            try:
                return self._call("GET", route, timeout=self._timeout + wait_ms / 1000)["value"]
            except TsdaskYarnError as e:
                waiting = e.code == "CONTROL_KV_WAIT_TIMEOUT" or e.server_code == "KV_NOT_FOUND"
                if not waiting or time.monotonic() >= deadline:
                    raise

    def _tls(self) -> ssl.SSLContext | None:
        """The control API is HTTPS with the application's own CA (beside the secret in the
        container): trust that CA only, and check the AM's host name."""
        if not self.url.startswith("https://"):
            return None
        return ssl.create_default_context(cafile=str(_secret_path().parent / CA_FILE))

    def _call(self, method: str, route: str, body: Any = None, timeout: float | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + API + route, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self._secret}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        what = f"{method} {route}"
        try:
            with urllib.request.urlopen(req, timeout=timeout or self._timeout, context=self._tls()) as res:
                return json.loads(res.read().decode())
        except urllib.error.HTTPError as e:
            raise _server_error(what, e) from None
        except (urllib.error.URLError, OSError) as e:
            raise TsdaskYarnError(
                "CONTROL_UNREACHABLE",
                f"{what}: cannot reach the ApplicationMaster at {self.url}: {getattr(e, 'reason', e)}",
                "The application may have ended; check 'tsdask-yarn status'.",
            ) from e


def _server_error(what: str, e: urllib.error.HTTPError) -> TsdaskYarnError:
    try:
        err = json.loads(e.read().decode())["error"]
        code, message = str(err["code"]), str(err["message"])
    except (ValueError, KeyError, TypeError):
        code, message = None, e.reason
    return TsdaskYarnError(control_code(code, e.code), f"{what}: {message} (HTTP {e.code})", server_code=code)


def control_code(server_code: str | None, status: int) -> str:
    """The CONTROL_* code of an error answer, decided as the TypeScript client decides it (the tables
    are generated from it): the server code's own when it has one, else by the HTTP status."""
    code = CONTROL_CODE_OF_SERVER.get(server_code or "")
    if code:
        return code
    if status == 401:
        return CONTROL_CODE_OF_STATUS["401"]
    return CONTROL_CODE_OF_STATUS["4xx" if 400 <= status < 500 else "other"]
