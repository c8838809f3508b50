// The scheduler's HTTP API behind a key. distributed's own `distributed.http.scheduler.api` module
// answers anyone who reaches the dashboard port (retire_workers included): the api-key setting of
// dask/distributed PR #6431 was never merged. The wrapper writes this small route module next to
// the scheduler and lists it in distributed.scheduler.http.routes instead: the same routes, the
// same handlers, each behind `Authorization: Bearer <distributed.scheduler.http.api-key>` — the
// exact scheme that PR proposed, so the AM's calls stay right if dask ever adopts it.

/** Python module name (what goes into distributed.scheduler.http.routes). */
export const API_GUARD_MODULE = "tsdask_scheduler_api";

/** Directory (in the container's working directory) holding the module; prepended to PYTHONPATH. */
export const API_GUARD_DIR = ".tsdask-python";

export const API_GUARD_SOURCE = `# Written by the tsdask-yarn service wrapper; see src/service/api-guard-py.ts.
import hmac

import dask.config
from distributed.http.scheduler import api as _api


def _expected():
    key = dask.config.get("distributed.scheduler.http.api-key", None)
    if key is None or key is False or key == "":
        return None
    return ("Bearer " + str(key)).encode("utf-8")


def _guarded(handler):
    class Guarded(handler):
        def prepare(self):
            expected = _expected()
            given = self.request.headers.get("Authorization", "").encode("utf-8")
            # No key configured means no access at all, never open access.
            if expected is None or not hmac.compare_digest(given, expected):
                self.set_status(403)
                self.set_header("Content-Type", "application/json")
                self.finish('{"Error": "Forbidden"}')
                return None
            return super().prepare()

    Guarded.__name__ = handler.__name__
    Guarded.__qualname__ = handler.__qualname__
    return Guarded


routes = [(path, _guarded(handler), kwargs) for path, handler, kwargs in _api.routes]
`;
