// `npm run nemesis -- --seed S --minutes M [--rounds N]`: nemesis rounds on the throw-away fault
// cluster (TSDASK_FAULT_CLUSTER_DIR / TSDASK_FAULT_OFFSET, started if needed and left running
// with TSDASK_FAULT_KEEP=1). Prints each round's tally; on a violation, the seed and the history
// to replay it, and exits 1. docs/reliability.md lists the invariants.
import { parseArgs } from "node:util";
import { stopFaultCluster } from "../e2e/faults/fault-cluster.js";
import { runRound } from "./round.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    minutes: { type: "string", default: "5" },
    rounds: { type: "string", default: "1" },
  },
});
const minutes = Number(values.minutes);
const rounds = Number(values.rounds);
const seed0 = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
if (!(minutes > 0) || !Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed0)) {
  console.error("usage: npm run nemesis -- [--seed INTEGER] [--minutes M (> 0)] [--rounds N]");
  process.exit(2);
}

let failed = false;
try {
  for (let i = 0; i < rounds; i++) {
    const h = await runRound({ seed: seed0 + i, durationMs: minutes * 60_000 });
    console.log(h.tally());
    if (h.violations.length) {
      failed = true;
      console.log(h.replay());
    }
  }
} finally {
  stopFaultCluster();
}
process.exit(failed ? 1 : 0);
