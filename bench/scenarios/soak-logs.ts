// Soak (issue 22): a service logging 1 MiB/s with rolled logs for an hour (--soak-minutes), our AM
// sampled every 30 s — its VmRSS and RssAnon from /proc, its V8 heap and event-loop delay from its
// own status — together with the service container's log dir on the NodeManager (the files it
// still holds, which must stay under parts × part-size per stream) and the memory of the service
// wrapper, the Node process that writes the parts. The AM has little to do here (an allocate
// heartbeat, status calls); the question is whether anything it keeps per call or per heartbeat
// grows over an hour.
import { listLogFiles, onNode, type LogFile } from "../../src/launcher/logs/container-logs.js";
import { sleep } from "../lib/cluster.js";
import { findContainerProcess, mib, procMemory } from "../lib/proc.js";
import { figure, measured, type Scenario, type ScenarioResult } from "../lib/scenario.js";
import { startSoakApp } from "../lib/soak-app.js";
import { sampleOf, seriesNotes, type SoakSample } from "../lib/soak.js";

const MIB = 2 ** 20;
/** The rolled-log settings of the logging service: a stream holds at most PARTS × PART_MIB on the node. */
export const PART_MIB = 16;
export const PARTS = 4;
const EVERY_MS = 30_000;
const SERVICE = "chatty";
const partNo = (f: LogFile) => Number(/^stdout\.part-(\d+)/.exec(f.name)?.[1] ?? 0);

// 1 MiB a second of 128-byte lines, paced by the clock (not by sleep 1 after each write), in bash.
const SCRIPT = [
  "line=$(printf '%0127d' 0); start=${EPOCHREALTIME/./}; i=0",
  "while :; do",
  '  yes "$line" | head -c 1048576',
  "  i=$((i+1)); wait=$((start + i*1000000 - ${EPOCHREALTIME/./}))",
  "  if [ $wait -gt 0 ]; then sleep $(printf '%d.%06d' $((wait/1000000)) $((wait%1000000))); fi",
  "done",
];

/** The NodeManager's list of the container's log files; it answers 503 for a moment after a start. */
async function logFiles(...args: Parameters<typeof listLogFiles>): Promise<LogFile[]> {
  for (let i = 1; ; i++) {
    try {
      return await listLogFiles(...args);
    } catch (err) {
      if (i >= 10) throw err;
      await sleep(1000);
    }
  }
}

export const soakLogs: Scenario = {
  name: "soak-logs",
  needsCluster: true,
  environments: false,
  async run(ctx): Promise<ScenarioResult> {
    const minutes = ctx.soak.minutes;
    const soak = await startSoakApp(ctx, "tsdask-bench-soak-logs", [
      `logs: {part-size: ${PART_MIB} MiB, parts: ${PARTS}}`,
      "services:",
      `  ${SERVICE}:`,
      "    memory: 128 MiB",
      "    script: |",
      ...SCRIPT.map((l) => `      ${l}`),
    ]);
    const samples: SoakSample[] = [];
    let peakStdout = 0;
    let peakDir = 0;
    /** stdout parts the NodeManager has listed as AGGREGATED (uploaded to HDFS) at some sample. */
    const aggregated = new Set<number>();
    let closed = 0;
    try {
      const { app, pid } = soak;
      const target = await (async () => {
        for (const end = Date.now() + 180_000; Date.now() < end; await sleep(500)) {
          const c = (await app.client.status()).services
            .find((s) => s.name === SERVICE)
            ?.containers.find((x) => x.state === "RUNNING" && x.containerId && x.nodeHttpAddress);
          if (c) return { node: c.nodeHttpAddress!, containerId: c.containerId! };
        }
        throw new Error(`${SERVICE} was not RUNNING 180 s after the AM registered`);
      })();
      // The wrapper's process appears once the NodeManager ran the launch script: looked up per sample.
      let wrapper: number | undefined;
      const t0 = Date.now();
      for (let i = 0; ; i++) {
        const files = await logFiles(target, ctx.cluster.user);
        const local = files.filter(onNode);
        const dir = local.reduce((a, f) => a + f.size, 0);
        const stdout = local.filter((f) => f.name.startsWith("stdout")).reduce((a, f) => a + f.size, 0);
        // Bytes written so far: the parts before the newest are full; the newest is as large as it is.
        const newest = files.reduce<LogFile | undefined>(
          (a, f) => (partNo(f) > (a ? partNo(a) : 0) ? f : a),
          undefined,
        );
        const logged = newest ? (partNo(newest) - 1) * PART_MIB * MIB + newest.size : 0;
        for (const f of files) if (!onNode(f) && partNo(f)) aggregated.add(partNo(f));
        closed = newest ? partNo(newest) - 1 : 0;
        peakStdout = Math.max(peakStdout, stdout);
        peakDir = Math.max(peakDir, dir);
        const extra: Record<string, number> = { "log dir MiB": mib(dir), "logged MiB": mib(logged) };
        wrapper ??= findContainerProcess(target.containerId, "node");
        if (wrapper !== undefined) extra["wrapper RSS MiB"] = mib(procMemory(wrapper).rssBytes);
        samples.push(sampleOf(t0, Math.round((Date.now() - t0) / 1000), pid, await app.client.status(), extra));
        if (Date.now() - t0 >= minutes * 60_000) break;
        await sleep(Math.max(0, t0 + (i + 1) * EVERY_MS - Date.now()));
      }
    } finally {
      await soak.stop();
    }
    const last = samples.at(-1)!;
    const seconds = last.t;
    const logged = last.extra?.["logged MiB"] ?? 0;
    const series = (k: keyof SoakSample) => samples.map((s) => Number(s[k] ?? NaN)).filter((x) => !Number.isNaN(x));
    return {
      figures: [
        figure("rss", "AM resident memory (VmRSS), every sample", "MiB", series("rssMib")),
        figure("anon", "AM anonymous memory (RssAnon), every sample", "MiB", series("anonMib")),
        figure("heap", "AM V8 heap used, every sample", "MiB", series("heapMib")),
        figure("live-heap", "AM V8 heap after its last full GC, every sample", "MiB", series("liveHeapMib")),
        figure("delay-p99", "AM event-loop delay p99 per 30 s window", "ms", series("delayP99Ms")),
        figure(
          "log-dir",
          "the container's log dir on the NodeManager (stdout + stderr + launch files)",
          "MiB",
          samples.map((s) => s.extra?.["log dir MiB"] ?? NaN),
        ),
        await measured("wrapper-rss", "service wrapper (Node, writes the parts) resident memory", "MiB", () => {
          const xs = samples.flatMap((s) => s.extra?.["wrapper RSS MiB"] ?? []);
          if (!xs.length) throw new Error("the wrapper's node process was not found in /proc");
          return Promise.resolve(xs);
        }),
      ],
      comparisons: [],
      notes: [
        `A script service writing 1 MiB/s of 128-byte lines for ${minutes} min (${logged} MiB logged in ${seconds} s: ${(logged / Math.max(1, seconds)).toFixed(2)} MiB/s), logs.part-size ${PART_MIB} MiB × logs.parts ${PARTS} (bound ${PARTS * PART_MIB} MiB per stream on the node); the cluster's rolling aggregation every 15 s. Sampled every ${EVERY_MS / 1000} s: the AM's node process in /proc, its status (heap, event-loop delay of its last 30 s window), the NodeManager's list of the container's local log files. A figure's median and spread run over the samples, not over repeated runs.`,
        `Peak stdout on the node: ${mib(peakStdout)} MiB (bound ${PARTS * PART_MIB} MiB: ${peakStdout <= PARTS * PART_MIB * MIB ? "held" : "**exceeded**"}); peak of the whole log dir ${mib(peakDir)} MiB. Aggregation while running: of the ${closed} closed stdout parts, ${aggregated.size} were listed by the NodeManager as aggregated (uploaded to HDFS) at some sample (a part uploaded and dropped from the list between two samples is not counted).`,
        ...seriesNotes(samples, "s logged", ["log dir MiB", "wrapper RSS MiB"]),
      ],
    };
  },
};
