// `status` latency: `tsdask-yarn status <id>` against `dask-yarn status <id>` on the same running
// application, each a fresh process as users run them; Hadoop's own `yarn application -status`
// (a JVM client) as a second reference. The application is a `sleep` AM of type "skein" (skein
// refuses to report on any other type), submitted through the RM REST API and killed at the end.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ResourceManagerClient } from "../../src/yarn-rest/index.js";
import { ROOT } from "../lib/cluster.js";
import { measured, sampled, type BenchContext, type Scenario } from "../lib/scenario.js";

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
      const ours = await measured("ours", "tsdask-yarn status", "ms", () =>
        sampled(ctx.runs, () => timed(ctx, [process.execPath, join(ROOT, "dist", "cli.js"), "status", appId], appId)),
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
      return {
        figures: [ours, peer, yarn],
        comparisons: [{ title: "status latency ÷ dask-yarn", ours: "ours", peer: "dask-yarn", atMost: 0.05 }],
        notes: ["Each run is a fresh process, wall time from spawn to exit; the yarn CLI runs at most 3 times."],
      };
    } finally {
      await rm.killApplication(appId, "bench done").catch(() => undefined);
    }
  },
};
