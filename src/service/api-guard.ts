// The scheduler's HTTP API behind a key. distributed's own `distributed.http.scheduler.api` module
// answers anyone who reaches the dashboard port (retire_workers included): the api-key setting of
// dask/distributed PR #6431 was never merged. The wrapper writes this small route module next to
// the scheduler and lists it in distributed.scheduler.http.routes instead: the same routes, the
// same handlers, each behind `Authorization: Bearer <distributed.scheduler.http.api-key>` — the
// exact scheme that PR proposed, so the AM's calls stay right if dask ever adopts it. One route of
// our own joins them behind the same key: the summary the AM's tracking page shows (dask_summary.py).

/** Python module name (what goes into distributed.scheduler.http.routes). */
export const API_GUARD_MODULE = "tsdask_scheduler_api";

/** The summary route's module, imported by the guard module (same directory). */
export const SUMMARY_MODULE = "tsdask_dask_summary";

/** Directory (in the container's working directory) holding the module; prepended to PYTHONPATH. */
export const API_GUARD_DIR = ".tsdask-python";
import { embeddedText } from "../embedded-text.js";

/** Replaced by scripts/build.mjs with api_guard.py's text; not defined when run from source. */
declare const TSDASK_EMBEDDED_API_GUARD_PY: string | undefined;
declare const TSDASK_EMBEDDED_DASK_SUMMARY_PY: string | undefined;

/** The module's source: src/service/api_guard.py, embedded in the bundles by the build. */
export const API_GUARD_SOURCE: string = embeddedText(
  typeof TSDASK_EMBEDDED_API_GUARD_PY === "string" ? TSDASK_EMBEDDED_API_GUARD_PY : undefined,
  new URL("./api_guard.py", import.meta.url),
);

/** src/service/dask_summary.py, embedded the same way. */
export const SUMMARY_SOURCE: string = embeddedText(
  typeof TSDASK_EMBEDDED_DASK_SUMMARY_PY === "string" ? TSDASK_EMBEDDED_DASK_SUMMARY_PY : undefined,
  new URL("./dask_summary.py", import.meta.url),
);
