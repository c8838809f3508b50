// Benchmark (not a test): how long the AM's model holds the event loop at large scales (issue 13:
// the old reconcile() took 112 s at 20,000 instances and the RM expired the attempt).
//
//   npx tsx bench/am-scale.ts [--instances 10000,100000]
//
// Per target it runs, on the pure model as the AM loop does, and times each synchronous step:
// scale 1 → N (reconcile), one allocate response carrying all N containers (assign), N starts,
// a status report, N completions (a node lost with everything: -100, replaced for free), the
// reconcile that asks again, and scale N → 1. perf_hooks.monitorEventLoopDelay samples the loop
// meanwhile (each step yields to it), so its max is the longest stall a control request would see.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { performance } from "node:perf_hooks";
import { AppModel } from "../src/appmaster/model.js";
import { statusReport } from "../src/appmaster/status.js";
import type { Slot } from "../src/appmaster/backend.js";
import { appSpec, slot as fixture, service } from "../test/unit/appmaster/support.js";

const arg = process.argv.indexOf("--instances");
const targets = (arg > 0 ? process.argv[arg + 1]! : "10000,100000").split(",").map(Number);

const spec = appSpec({ w: service({ script: "sleep 600" }) });
let seq = 0;
/** Slots spread over 50 NodeManagers, as a big cluster would hand them out. */
const slot = (service: string): Slot => fixture(service, 512, 1, `nm${seq++ % 50}`);

const yieldLoop = () => new Promise((r) => setImmediate(r));

/**
 * Times one synchronous step: wall time, and the process's CPU time over it (on a machine shared
 * with other work the CPU time is the steadier figure: waiting for a core is not the AM's cost).
 */
async function step(name: string, out: Record<string, string>, fn: () => void): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  out[name] = `${wall.toFixed(1)} wall, ${((cpu.user + cpu.system) / 1000).toFixed(1)} cpu`;
  await yieldLoop();
}

async function run(n: number): Promise<Record<string, string>> {
  const m = new AppModel(spec);
  const svc = m.service("w");
  const ms: Record<string, string> = {};
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  m.reconcile();
  let slots: Slot[] = [];
  await step("scale up: reconcile", ms, () => {
    svc.desired = n;
    m.reconcile();
    slots = Array.from({ length: m.outstanding(svc) }, () => slot(svc.name));
  });
  await step("allocate: assign all", ms, () => {
    for (const s of slots) m.assign(s);
  });
  await step("start all", ms, () => {
    for (const s of slots) {
      const rec = m.recordOf(s.id)!;
      m.launching(rec);
      m.started(rec, 1);
    }
  });
  await step("status report", ms, () => {
    statusReport(
      m,
      { id: "a", name: "b", queue: "q", attempt: 1, state: "RUNNING", startTime: 0, amMemoryRssBytes: 0 },
      new Map(),
      "u",
      2,
    );
  });
  await step("node loss: complete all", ms, () => {
    for (const s of slots) m.completed(s.id, -100, "lost", 3);
  });
  await step("ask again: reconcile", ms, () => void m.reconcile());
  await step("scale down: reconcile", ms, () => {
    svc.desired = 1;
    m.reconcile();
  });
  h.disable();
  ms["event loop delay max"] = (h.max / 1e6).toFixed(1);
  return ms;
}

for (const n of targets) {
  const r = await run(n);
  console.log(`${n} instances (ms):`);
  for (const [k, v] of Object.entries(r)) console.log(`  ${k.padEnd(26)} ${v}`);
}
