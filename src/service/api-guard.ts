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
import { embeddedText } from "../embedded-text.js";

/** Replaced by scripts/build.mjs with api_guard.py's text; not defined when run from source. */
declare const TSDASK_EMBEDDED_API_GUARD_PY: string | undefined;

/** The module's source: src/service/api_guard.py, embedded in the bundles by the build. */
export const API_GUARD_SOURCE: string = embeddedText(
  typeof TSDASK_EMBEDDED_API_GUARD_PY === "string" ? TSDASK_EMBEDDED_API_GUARD_PY : undefined,
  new URL("./api_guard.py", import.meta.url),
);
