// Every scenario `npm run bench` runs, in order (cheap and cluster-free first).
import type { Scenario } from "../lib/scenario.js";
import { batch } from "./batch.js";
import { cliStart } from "./cli-start.js";
import { dask } from "./dask.js";
import { status } from "./status.js";
import { upload } from "./upload.js";

export const SCENARIOS: readonly Scenario[] = [cliStart, status, upload, dask, batch];
