// The nemesis's workload: a few applications (generic services, and one dask cluster per round)
// and random operations on them — submit, scale up and down, adapt, KV writes, dask computations,
// shutdown and kill — each recorded with what was acknowledged, for the invariants to check.
// Every operation has a bound; a failed one (a fault got in the way) is counted, never retried.
import {
  applicationReport,
  connect,
  kill,
  submit,
  type ClusterOptions,
  type SubmitEvent,
} from "../../src/launcher/index.js";
import { specFromYaml } from "../../src/spec/index.js";
import { credentialsDir, runPython, SUM_PY } from "../support/dask-python.js";
import type { WebHdfsClient } from "../../src/webhdfs/index.js";
import type { History } from "./history.js";
import type { Rng } from "./rng.js";

/** What the round knows of one application it submitted. */
export interface AppRecord {
  readonly appId: string;
  readonly stagingDir: string;
  readonly dask: boolean;
  /** Last acknowledged desired count per service (absent: adaptive or never scaled). */
  readonly acked: Map<string, number>;
  /** Last acknowledged value per KV key. */
  readonly kv: Map<string, string>;
  /**
   * Values of puts the AM answered with an error after that acknowledgement (e.g. its journal
   * write failed): their outcome is unknown — the AM holds the value in memory, not journaled, and
   * a later journal write may persist it — so a read may show one of them instead.
   */
  readonly kvMaybe: Map<string, Set<string>>;
  /** How we ended it, once acknowledged: the final status it must have. */
  ending?: { readonly how: "shutdown" | "kill"; readonly expect: "SUCCEEDED" | "KILLED" };
  /** Faults aimed at its AM (each may cost one attempt). */
  amHits: number;
  /** Scheduler address and TLS files (dask apps). */
  scheduler?: { readonly address: string; readonly creds: string };
}

export const OPS = {
  submit: 2,
  scale: 5,
  adapt: 1,
  "kv-put": 6,
  compute: 2,
  shutdown: 1,
  kill: 1,
} as const;
export type OpKind = keyof typeof OPS;

const MAX_LIVE = 3;
/** The AM's max-attempts in the nemesis's specs (the RM caps it with its own maximum). */
const MAX_ATTEMPTS = 6;
const SERVICE = "w";

export interface WorkloadOptions {
  readonly cluster: ClusterOptions;
  readonly rng: Rng;
  readonly history: History;
  readonly runtimeDir: string;
  readonly daskEnvironment: string;
  readonly confDir: string;
  readonly hdfs: WebHdfsClient;
}

export class Workload {
  readonly apps: AppRecord[] = [];
  /** Applications whose submit failed: nothing of them may stay (checked with the others). */
  readonly failedSubmits: { appId: string; leftBehind: string[] }[] = [];
  private kvSeq = 0;

  constructor(private readonly o: WorkloadOptions) {}

  live(): AppRecord[] {
    return this.apps.filter((a) => !a.ending);
  }

  private spec(dask: boolean): string {
    const name = `tsdask-nemesis-${this.o.rng.seed}-${this.apps.length}`;
    const common = [
      `name: ${name}`,
      `hadoop: {conf-dir: ${this.o.confDir}}`,
      "tags: [tsdask-nemesis]",
      `max-attempts: ${MAX_ATTEMPTS}`,
      "master: {memory: 256 MiB}",
    ];
    return dask
      ? [
          ...common,
          `environment: ${this.o.daskEnvironment}`,
          "scheduler: {memory: 512 MiB}",
          "worker: {count: 1, memory: 512 MiB}",
        ].join("\n")
      : [
          ...common,
          "dask: false",
          "services:",
          `  ${SERVICE}: {memory: 128 MiB, restarts: -1, script: sleep 3600}`,
        ].join("\n");
  }

  async step(): Promise<void> {
    const { rng } = this.o;
    const kind = rng.weighted(OPS);
    const live = this.live();
    const target = rng.pick(kind === "compute" || kind === "adapt" ? live.filter((a) => a.dask) : live);
    // A generic service at 0 would end the application SUCCEEDED (all services completed).
    const n = rng.int(target?.dask ? 0 : 1, 3);
    const value = `v${++this.kvSeq}`;
    const key = `k${rng.int(0, 4)}`;
    // With nothing running, every other operation would be a no-op: submit instead.
    if (kind === "submit" || live.length === 0) {
      if (live.length >= MAX_LIVE) return;
      return this.submit(!this.apps.some((a) => a.dask) || rng.next() < 0.2);
    }
    if (!target) return;
    const what = `${target.appId}`;
    try {
      const c = () => connect(target.appId, { ...this.o.cluster, controlTimeoutMs: 20_000 });
      switch (kind) {
        case "scale": {
          const service = target.dask ? "dask.worker" : SERVICE;
          await (await c()).client.scale(service, n);
          target.acked.set(service, n);
          return this.o.history.op(kind, true, `${what} ${service} → ${n}`);
        }
        case "adapt":
          await (await c()).client.adapt("dask.worker", 1, 2);
          target.acked.delete("dask.worker");
          return this.o.history.op(kind, true, `${what} dask.worker 1..2`);
        case "kv-put": {
          const { client } = await c(); // failing here, the put never reached the AM
          try {
            await client.kvPut(key, value);
          } catch (e) {
            const maybe = target.kvMaybe.get(key) ?? new Set<string>();
            target.kvMaybe.set(key, maybe.add(value));
            throw e;
          }
          target.kv.set(key, value);
          target.kvMaybe.delete(key);
          return this.o.history.op(kind, true, `${what} ${key}=${value}`);
        }
        case "compute": {
          const s = target.scheduler ?? (await this.scheduler(target));
          const out = await runPython(SUM_PY, s.address, 60_000, s.creds);
          return this.o.history.op(kind, out.trim() === "499500", `${what} sum → ${out.trim()}`);
        }
        case "shutdown":
          await (await c()).client.shutdown("SUCCEEDED", "nemesis: done");
          target.ending = { how: "shutdown", expect: "SUCCEEDED" };
          return this.o.history.op(kind, true, what);
        case "kill": {
          const report = await kill(target.appId, { ...this.o.cluster, timeoutMs: 60_000 });
          // Killing an application that had already ended (an AM fault used its last attempt) only
          // cleans up: its final status stays what it was, judged by the other invariants.
          if (report.state === "KILLED") target.ending = { how: "kill", expect: "KILLED" };
          return this.o.history.op(
            kind,
            true,
            report.state === "KILLED" ? what : `${what} (had ended ${report.state})`,
          );
        }
      }
    } catch (e) {
      this.o.history.op(kind, false, `${what}: ${(e as Error).message.split("\n")[0]}`);
    }
  }

  private async submit(dask: boolean): Promise<void> {
    let appId: string | undefined;
    const leftBehind: string[] = [];
    const onEvent = (e: SubmitEvent) => {
      if (e.kind === "new-application") appId = e.appId;
      if (e.kind === "left-behind") leftBehind.push(e.leftover.where);
    };
    try {
      const spec = specFromYaml(this.spec(dask), { cwd: process.cwd(), allowMissingEnvironment: !dask });
      const app = await submit(spec, {
        runtime: { distDir: this.o.runtimeDir },
        onEvent,
        registrationTimeoutMs: 180_000,
      });
      const rec: AppRecord = {
        appId: app.appId,
        stagingDir: app.stagingDir,
        dask,
        acked: new Map(),
        kv: new Map(),
        kvMaybe: new Map(),
        amHits: 0,
      };
      this.apps.push(rec);
      this.o.history.op("submit", true, `${app.appId}${dask ? " (dask)" : ""}`);
    } catch (e) {
      if (appId) this.failedSubmits.push({ appId, leftBehind });
      this.o.history.op("submit", false, `${appId ?? "(no id)"}: ${(e as Error).message.split("\n")[0]}`);
    }
  }

  /** The dask scheduler's address (once it published it) and the application's TLS files. */
  private async scheduler(a: AppRecord): Promise<{ address: string; creds: string }> {
    const s = await (await connect(a.appId, this.o.cluster)).client.status();
    const address = s.dask?.schedulerAddress;
    if (!address) throw new Error("no scheduler address yet");
    a.scheduler = { address, creds: await credentialsDir(this.o.hdfs, a.stagingDir, a.appId) };
    return a.scheduler;
  }

  /** RUNNING service containers of live applications, from their AMs. */
  async serviceContainers(): Promise<{ appId: string; containerId: string }[]> {
    const out: { appId: string; containerId: string }[] = [];
    for (const a of this.live()) {
      const s = await connect(a.appId, { ...this.o.cluster, controlTimeoutMs: 5_000 })
        .then((x) => x.client.status())
        .catch(() => undefined);
      // Not the dask scheduler: losing it ends a dask application by design (docs/reliability.md).
      for (const svc of (s?.services ?? []).filter((x) => x.name !== "dask.scheduler"))
        for (const c of svc.containers)
          if (c.state === "RUNNING" && c.containerId) out.push({ appId: a.appId, containerId: c.containerId });
    }
    return out;
  }

  /** The AM container of each live application, from the RM's report. */
  async amContainers(): Promise<{ appId: string; containerId: string }[]> {
    const out: { appId: string; containerId: string }[] = [];
    for (const a of this.live()) {
      const r = await applicationReport(a.appId, { ...this.o.cluster, rmRecoveryWaitMs: 0 }).catch(() => undefined);
      const id = /(container_[0-9e_]+)/.exec(r?.amContainerLogs ?? "")?.[1];
      if (id) out.push({ appId: a.appId, containerId: id });
    }
    return out;
  }
}
