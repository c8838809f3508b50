// Soak (issue 22): 10,000 scale operations (--soak-ops) against one running AM of ours, straight
// over its control API (mutual TLS, as `tsdask-yarn scale` does, without a CLI process per call).
// The targets alternate between 1 and 4 `sleep` containers; after every 100 operations the
// harness waits until the AM runs exactly the last target (so containers really start and stop,
// not only asks that get cancelled) and samples the AM: VmRSS and RssAnon from /proc, V8 heap and
// event-loop delay from its status. The question: does anything the AM keeps per operation, per
// container or per completed instance grow with their number?
import { HISTORY_PER_SERVICE } from "../../src/appmaster/model.js";
import { sleep } from "../lib/cluster.js";
import { distribution } from "../lib/proc.js";
import { figure, type Scenario, type ScenarioResult } from "../lib/scenario.js";
import { counts, startSoakApp } from "../lib/soak-app.js";
import { sampleOf, seriesNotes, type SoakFigure, type SoakSample } from "../lib/soak.js";

const SERVICE = "sleeper";
const BATCH = 100;
const SETTLE_MS = 300_000;
// Scale requests in flight at once. The AM acknowledges a scale once its journal write to HDFS
// landed (group commit: requests that come during a write share the next one), so one client
// sending one at a time is paced by WebHDFS (~0.3 s here), not by the AM; several clients share writes.
const IN_FLIGHT = 16;

/** Targets 1..4 in turn, shifted by one every batch so each batch ends on another target. */
const targetOf = (i: number) => 1 + ((i + Math.floor(i / BATCH)) % 4);

export const soakScale: Scenario = {
  name: "soak-scale",
  needsCluster: true,
  environments: false,
  async run(ctx): Promise<ScenarioResult> {
    const ops = ctx.soak.ops;
    const soak = await startSoakApp(ctx, "tsdask-bench-soak-scale", [
      "services:",
      `  ${SERVICE}: {instances: 1, memory: 128 MiB, vcores: 1, script: exec sleep 86400}`,
    ]);
    const samples: SoakSample[] = [];
    const batchMedianMs: number[] = [];
    const settleMs: number[] = [];
    let opsSeconds = 0;
    let concurrentOps = 0;
    let oneSender = NaN;
    /** The highest container sequence number seen: the containers YARN allocated to the application (its AM's is 1). */
    let allocated = 0;
    try {
      const { app, pid } = soak;
      const t0 = Date.now();
      samples.push(sampleOf(t0, 0, pid, await app.client.status()));
      for (let b = 0; b * BATCH < ops; b++) {
        const n = Math.min(BATCH, ops - b * BATCH);
        const start = performance.now();
        const latencies: number[] = [];
        const scale = async (i: number) => {
          const t = performance.now();
          await app.client.scale(SERVICE, targetOf(i));
          latencies.push(performance.now() - t);
        };
        // All but the batch's last operation from IN_FLIGHT senders, then the last one alone: it
        // decides the target the batch settles on.
        let next = b * BATCH;
        const last = b * BATCH + n - 1;
        const sender = async () => {
          while (next < last) await scale(next++);
        };
        // The first batch from one sender, for the rate a single client sees.
        await Promise.all(Array.from({ length: b === 0 ? 1 : IN_FLIGHT }, sender));
        await scale(last);
        if (b === 0) oneSender = n / ((performance.now() - start) / 1000);
        else [opsSeconds, concurrentOps] = [opsSeconds + (performance.now() - start) / 1000, concurrentOps + n];
        batchMedianMs.push(Math.round(distribution(latencies).median));
        const want = targetOf(b * BATCH + n - 1);
        const settleStart = Date.now();
        for (;;) {
          const s = await app.client.status();
          const c = counts(s, SERVICE);
          if (c.RUNNING === want && !c.REQUESTED && !c.WAITING) {
            for (const x of s.services.find((v) => v.name === SERVICE)?.containers ?? [])
              allocated = Math.max(allocated, Number(/_(\d+)$/.exec(x.containerId ?? "")?.[1] ?? 0) - 1);
            settleMs.push(Date.now() - settleStart);
            const external = Math.round((s.application.process?.externalBytes ?? NaN) / 2 ** 20);
            samples.push(
              sampleOf(t0, b * BATCH + n, pid, s, { "containers allocated": allocated, "external MiB": external }),
            );
            break;
          }
          if (Date.now() - settleStart > SETTLE_MS)
            throw new Error(
              `after ${b * BATCH + n} operations the AM did not settle on ${want} RUNNING in ${SETTLE_MS / 1000} s: ${JSON.stringify(c)}`,
            );
          await sleep(200);
        }
      }
    } finally {
      await soak.stop();
    }
    const series = (k: SoakFigure) => samples.flatMap((s) => s[k] ?? []);
    const settle = distribution(settleMs);
    return {
      figures: [
        figure(
          "op-ms",
          `scale request round trip (${IN_FLIGHT} in flight), median per batch of ${BATCH}`,
          "ms",
          batchMedianMs,
        ),
        figure("rss", `AM resident memory (VmRSS), every ${BATCH} operations`, "MiB", series("rssMib")),
        figure("anon", `AM anonymous memory (RssAnon), every ${BATCH} operations`, "MiB", series("anonMib")),
        figure("heap", `AM V8 heap used, every ${BATCH} operations`, "MiB", series("heapMib")),
        figure(
          "live-heap",
          `AM V8 heap after its last full GC, every ${BATCH} operations`,
          "MiB",
          series("liveHeapMib"),
        ),
        figure("delay-p99", "AM event-loop delay p99 of its last 30 s window, per sample", "ms", series("delayP99Ms")),
      ],
      comparisons: [],
      notes: [
        `${ops} scale operations of a script service (\`sleep\`, 128 MiB / 1 vcore) between 1 and 4 instances, sent over the control API (HTTPS, mutual TLS) the first ${BATCH} by one sender (${oneSender.toFixed(1)} operations/s), the rest by ${IN_FLIGHT} concurrent senders (${(concurrentOps / opsSeconds).toFixed(1)} operations/s while sending, ${opsSeconds.toFixed(0)} s in all). The AM acknowledges a scale once its journal write to HDFS landed, and requests that arrive during a write share the next one (group commit): one sender is paced by that WebHDFS write, several share it. After every ${BATCH}, the harness waited until the AM ran exactly the batch's last target (median ${settle.median} ms, max ${settle.max} ms) and sampled it; YARN had allocated ${allocated} containers to the service by the last sample (those the AM had asked for and no longer wanted were released unstarted, the others started and later stopped). The AM keeps the ${HISTORY_PER_SERVICE} latest ended instances per service for status, so its model does not grow with them. A figure's median and spread run over the samples, not over repeated runs.`,
        ...seriesNotes(samples, "operations", ["containers allocated", "external MiB"]),
      ],
    };
  },
};
