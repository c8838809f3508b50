// The CI nemesis round (issue 21): about four minutes of a mixed workload under overlapping faults
// at seeded random moments on the fault suites' throw-away cluster, then the invariants
// (test/nemesis/invariants.ts). The tally is printed; a violation prints the seed and the history
// to replay it with `npm run nemesis -- --seed S`. TSDASK_NEMESIS_SEED picks another seed.
import { stopFaultCluster } from "./fault-cluster.js";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { runRound } from "../../nemesis/round.js";

after(() => stopFaultCluster());

const SEED = Number(process.env.TSDASK_NEMESIS_SEED ?? 2101);

test(`nemesis round, seed ${SEED}: every invariant holds under overlapping faults`, { timeout: 900_000 }, async () => {
  const h = await runRound({ seed: SEED, durationMs: 240_000 });
  console.log(h.tally());
  assert.equal(h.violations.length, 0, `${h.tally()}\n${h.replay()}`);
});
