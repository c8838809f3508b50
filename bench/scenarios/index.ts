// Every scenario `npm run bench` runs, in order (cheap and cluster-free first).
import type { Scenario } from "../lib/scenario.js";
import { batch } from "./batch.js";
import { cliStart } from "./cli-start.js";
import { containers } from "./containers.js";
import { dask } from "./dask.js";
import { status } from "./status.js";
import { upload } from "./upload.js";

// containers runs last: it restarts the cluster with two big NodeManagers.
export const SCENARIOS: readonly Scenario[] = [cliStart, status, upload, dask, batch, containers];

/** Parts of issue 14 the harness does not measure; RESULTS.md lists them so no gap is silent. */
export const NOT_YET: readonly string[] = [
  "The N = 32 point of the start curves: 32 workers and a scheduler of 512 MiB fit the 20 GiB NodeManager, but the reference run (`--workers 2,8`) left it out to keep the run at 33 min; `npm run bench -- --only dask --workers 2,8,32` measures it (about 25 min more on 2 cores).",
  "Same environment contents, within what dask-yarn allows: both archives carry dask, distributed, numpy and bokeh (bench/peer-env/requirements.txt, cluster/dask-env/requirements.txt), but not the same versions — dask-yarn 0.9 needs distributed 2022.1 (and so bokeh 2.x), and our scheduler's HTTP API (distributed.http.scheduler.api, used for retire and adaptive) is missing from that distributed, so ours cannot run on the peer's archive. Sizes are under Machine and versions.",
];
