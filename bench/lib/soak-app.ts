// The one application a soak scenario holds: submitted through the library (so the harness has the
// AM's control client), its AM's process found in /proc, stopped through the control API.
import { join } from "node:path";
import type { StatusReport } from "../../src/control/index.js";
import { kill, submit, waitForFinish, type RunningApplication } from "../../src/launcher/index.js";
import { specFromYaml } from "../../src/spec/index.js";
import { poll, ROOT } from "./cluster.js";
import type { BenchContext } from "./scenario.js";
import { amPid } from "./soak.js";

export interface SoakApp {
  readonly app: RunningApplication;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Submits `yaml` (its name, conf dir and max-attempts are set here) and waits for its AM to run. */
export async function startSoakApp(ctx: BenchContext, name: string, body: string[]): Promise<SoakApp> {
  const hadoop = { confDir: ctx.cluster.confDir };
  const yaml = [
    `name: ${name}`,
    `hadoop: {conf-dir: ${ctx.cluster.confDir}}`,
    "max-attempts: 1",
    "dask: false",
    ...body,
  ];
  let id: string | undefined;
  try {
    const app = await submit(specFromYaml(yaml.join("\n"), { cwd: ROOT, allowMissingEnvironment: true }), {
      runtime: { distDir: join(ROOT, "dist") },
      onEvent: (e) => (e.kind === "new-application" ? (id = e.appId) : undefined),
    });
    const pid = await poll(
      "the AM's process in /proc",
      () => amPid(ctx.cluster.rmWeb, app.appId).catch(() => undefined),
      60_000,
    );
    return {
      app,
      pid,
      async stop() {
        await app.client.shutdown("SUCCEEDED", "soak done").catch(() => undefined);
        await waitForFinish(app.appId, { timeoutMs: 120_000, env: { HADOOP_CONF_DIR: ctx.cluster.confDir } }).catch(
          () => kill(app.appId, { hadoop }).catch(() => undefined),
        );
      },
    };
  } catch (err) {
    if (id) await kill(id, { hadoop }).catch(() => undefined);
    throw err;
  }
}

/** Instances of `service` in each state, from a status report. */
export function counts(s: StatusReport, service: string): Record<string, number> {
  return { ...s.services.find((x) => x.name === service)?.counts };
}
