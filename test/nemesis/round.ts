// One nemesis round on the fault cluster: the workload and the faults run side by side for
// `durationMs` (two seeded streams: operations every 0.5–3 s, a fault every 3–15 s with at most two
// at once, so they overlap), then every daemon is healed and the invariants are checked.
// Import test/e2e/faults/fault-cluster.ts before this module: it points the tests at that cluster.
import { setTimeout as sleep } from "node:timers/promises";
import { FAULT_DIR } from "../e2e/faults/fault-cluster.js";
import { daskEnvironment } from "../integration/appmaster/dask-support.js";
import { bundles, cluster, hdfs } from "../integration/appmaster/support.js";
import { ROOT } from "../support/cluster.js";
import { kill } from "../../src/launcher/index.js";
import { openCluster } from "../../src/launcher/cluster.js";
import { Nemesis } from "./faults.js";
import { History } from "./history.js";
import { checkRound } from "./invariants.js";
import { Rng } from "./rng.js";
import { Workload } from "./workload.js";

export interface RoundOptions {
  readonly seed: number;
  readonly durationMs: number;
  readonly print?: (line: string) => void;
}

export async function runRound(o: RoundOptions): Promise<History> {
  const history = new History(o.seed, o.print ?? ((l) => console.log(l)));
  const clusterOptions = { hadoop: { confDir: cluster.confDir }, rmRecoveryWaitMs: 60_000 };
  const w = new Workload({
    cluster: clusterOptions,
    rng: new Rng(o.seed),
    history,
    runtimeDir: await bundles(),
    daskEnvironment: daskEnvironment(),
    confDir: cluster.confDir,
    hdfs,
  });
  const nemesis = new Nemesis({
    root: ROOT,
    clusterDir: FAULT_DIR,
    rng: new Rng(o.seed ^ 0x9e3779b9),
    history,
    targets: {
      amContainers: () => w.amContainers(),
      serviceContainers: () => w.serviceContainers(),
      amHit: (appId, why) => {
        const a = w.apps.find((x) => x.appId === appId);
        if (a) a.amHits++;
        history.log(`aimed at the AM of ${appId}: ${why}`);
      },
    },
  });
  history.log(`round: seed ${o.seed}, ${Math.round(o.durationMs / 1000)} s of workload and faults`);
  const deadline = Date.now() + o.durationMs;
  const inflight = new Set<Promise<void>>();
  const faults = (async () => {
    const rng = new Rng(o.seed ^ 0x85ebca6b);
    while (Date.now() < deadline) {
      await sleep(rng.int(3_000, 15_000));
      if (Date.now() >= deadline || inflight.size >= 2) continue;
      const p = nemesis.inject().finally(() => inflight.delete(p));
      inflight.add(p);
    }
  })();
  const opsRng = new Rng(o.seed ^ 0xc2b2ae35);
  while (Date.now() < deadline) {
    await w.step();
    await sleep(opsRng.int(500, 3_000));
  }
  await faults;
  await Promise.all(inflight);
  await nemesis.heal();
  history.log("faults over, every daemon running: checking the invariants");
  const { cacheDir } = await openCluster(clusterOptions);
  try {
    await checkRound(w, { cluster: clusterOptions, hdfs, rmWeb: cluster.rmWeb, cacheDir, history });
  } finally {
    for (const a of w.apps) await kill(a.appId, clusterOptions).catch(() => undefined);
  }
  return history;
}
