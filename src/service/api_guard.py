# Written by the tsdask-yarn service wrapper; see src/service/api-guard.ts.
import hmac

import dask.config
from distributed.http.scheduler import api as _api
from tsdask_dask_summary import routes as _summary_routes


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


routes = [(path, _guarded(handler), kwargs) for path, handler, kwargs in [*_api.routes, *_summary_routes]]
