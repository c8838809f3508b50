// `status` latency: `tsdask-yarn status <id>` against `dask-yarn status <id>` on the same running
// application, each a fresh process as users run them; Hadoop's own `yarn application -status`
// (a JVM client) as a second reference. The application is a `sleep` AM of type "skein" (skein
// refuses to report on any other type), submitted through the RM REST API and killed at the end.
// `node -e 0` runs interleaved with ours (the second target: status ≤ 2 × a bare Node start).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ResourceManagerClient } from "../../src/yarn-rest/index.js";
import { ROOT } from "../lib/cluster.js";
import { figure, measured, sampled, type BenchContext, type Scenario } from "../lib/scenario.js";

async function sleepApp(rm: ResourceManagerClient): Promise<string> {
  const app = await rm.newApplication();
  await rm.submitApplication({
    applicationId: app.applicationId,
    name: "tsdask-bench-status",
    applicationType: "skein",
    queue: "default",
    resource: { memoryMb: 128, vcores: 1 },
    maxAppAttempts: 1,
    amContainer: { command: "sleep 600" },
  });
  await rm.waitForApplication(app.applicationId, (r) => r.state === "ACCEPTED" || r.state === "RUNNING", {
    timeoutMs: 60_000,
  });
  return app.applicationId;
}

/** Wall ms of one run; it must exit 0 and name the application (a failing tool is not fast). */
function timed(ctx: BenchContext, argv: string[], appId: string): Promise<number> {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { env: ctx.env, encoding: "utf8", timeout: 120_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0 || !r.stdout.includes(appId)) {
    throw new Error(`${argv.map((a) => a.replace(ROOT, "")).join(" ")} exited ${r.status}: ${r.stderr.slice(-400)}`);
  }
  return Promise.resolve(ms);
}

export const status: Scenario = {
  name: "status",
  needsCluster: true,
  async run(ctx) {
    const rm = new ResourceManagerClient({ urls: [ctx.cluster.rmWeb], user: ctx.cluster.user });
    const appId = await sleepApp(rm);
    try {
      // Interleaved, so a burst of load from elsewhere hits both alike.
      const node: number[] = [];
      const ours = await measured("ours", "tsdask-yarn status", "ms", () =>
        sampled(ctx.runs, async () => {
          node.push(
            Math.round(await timed(ctx, [process.execPath, "-e", `console.log(${JSON.stringify(appId)})`], appId)),
          );
          return timed(ctx, [process.execPath, join(ROOT, "dist", "cli.js"), "status", appId], appId);
        }),
      );
      const peer = await measured("dask-yarn", "dask-yarn status", "ms", () => {
        if ("missing" in ctx.peer) throw new Error(ctx.peer.missing);
        const bin = join(ctx.peer.dir, "venv", "bin", "dask-yarn");
        return sampled(ctx.runs, () => timed(ctx, [bin, "status", appId], appId));
      });
      const yarn = await measured("yarn", "yarn application -status (Hadoop's JVM client)", "ms", () =>
        sampled(Math.min(ctx.runs, 3), () =>
          timed(ctx, [join(ROOT, "cluster", "hadoop"), "yarn", "application", "-status", appId], appId),
        ),
      );
      const bare = figure("node", "node -e (prints the id; a bare Node start, same runs interleaved)", "ms", node);
      const targets = { "dask-yarn": 0.05, node: 2 } as const;
      return {
        figures: [ours, bare, peer, yarn],
        comparisons: Object.entries(targets).map(([peerId, atMost]) => ({
          title: `status latency ÷ ${peerId === "node" ? "node -e 0" : peerId}`,
          ours: "ours",
          peer: peerId,
          atMost,
        })),
        notes: [
          "Each run is a fresh process, wall time from spawn to exit; the yarn CLI runs at most 3 times.",
          "The application is a `sleep` AM of type skein (dask-yarn reports on no other type), so ours shows the RM's report alone; the control-API part of our own applications is exercised by test/e2e.",
        ],
      };
    } finally {
      await rm.killApplication(appId, "bench done").catch(() => undefined);
    }
  },
};
