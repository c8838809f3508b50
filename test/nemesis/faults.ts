// The nemesis's faults on the throw-away fault cluster: kill -9 and SIGSTOP/SIGCONT of an AM, a
// NodeManager, the ResourceManager (recovery on), the NameNode and the DataNode, and kill -9 of
// a service container. Daemons are killed and restarted with `cluster/hadoop kill|restart`
// (asynchronously: the workload goes on meanwhile) and frozen by the pid in <cluster dir>/run/.
// One fault at a time per target; heal() brings everything back before the checks.
import { execFile } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { containerPids } from "../support/containers.js";
import type { History } from "./history.js";
import type { Rng } from "./rng.js";

export const DAEMONS = ["resourcemanager", "namenode", "datanode", "nodemanager0", "nodemanager1"] as const;
export type Daemon = (typeof DAEMONS)[number];

export const FAULT_KINDS = {
  "am-kill": 3,
  "am-stop": 2,
  "container-kill": 3,
  "nm-kill": 1,
  "nm-stop": 2,
  "rm-kill": 1,
  "rm-stop": 2,
  "nn-kill": 1,
  "nn-stop": 2,
  "dn-kill": 1,
  "dn-stop": 1,
} as const;
export type FaultKind = keyof typeof FAULT_KINDS;

/** What the faults need to know of the workload: which AMs and containers there are. */
export interface Targets {
  /** Live applications with their AM container id (from the RM's report). */
  amContainers(): Promise<{ appId: string; containerId: string }[]>;
  /** Service containers (not AMs) of live applications. */
  serviceContainers(): Promise<{ appId: string; containerId: string }[]>;
  /** A fault aimed at the AM of `appId` (its kill, or the kill of the NodeManager it ran on). */
  amHit(appId: string, why: string): void;
}

export class Nemesis {
  private readonly busy = new Set<string>();
  private readonly frozen = new Map<number, string>();

  constructor(private readonly o: { root: string; clusterDir: string; rng: Rng; history: History; targets: Targets }) {}

  private hadoop(action: "kill" | "restart", daemon: Daemon): Promise<void> {
    return new Promise((resolve, reject) =>
      execFile(
        join(this.o.root, "cluster", "hadoop"),
        [action, daemon],
        { timeout: 240_000, env: process.env },
        (err, _out, stderr) => (err ? reject(new Error(`${action} ${daemon}: ${stderr.slice(-500)}`)) : resolve()),
      ),
    );
  }

  private pid(daemon: Daemon): number | undefined {
    try {
      return Number(readFileSync(join(this.o.clusterDir, "run", `${daemon}.pid`), "utf8").trim());
    } catch {
      return undefined;
    }
  }

  /** SIGSTOP for `ms`, then SIGCONT (always, even if the round ends meanwhile: heal() does it too). */
  private async freeze(pids: number[], ms: number, what: string): Promise<void> {
    for (const p of pids) {
      try {
        process.kill(p, "SIGSTOP");
        this.frozen.set(p, what);
      } catch {
        /* gone already */
      }
    }
    await sleep(ms);
    this.thaw(pids);
  }

  private thaw(pids: number[]): void {
    for (const p of pids) {
      try {
        process.kill(p, "SIGCONT");
      } catch {
        /* gone */
      }
      this.frozen.delete(p);
    }
  }

  private async killAndRestart(daemon: Daemon, downMs: number): Promise<void> {
    await this.hadoop("kill", daemon);
    await sleep(downMs);
    await this.hadoop("restart", daemon);
  }

  /** The NodeManager (0 or 1) whose local dirs hold the container's working directory. */
  private nodeOf(pid: number): string | undefined {
    try {
      return /\/nm(\d)\//.exec(readlinkSync(`/proc/${pid}/cwd`))?.[1];
    } catch {
      return undefined;
    }
  }

  /** Injects one fault of a random kind (seeded); resolves when it is over (the target healed). */
  async inject(): Promise<void> {
    const { rng, history } = this.o;
    const kind = rng.weighted(FAULT_KINDS);
    const ms = rng.int(2_000, 10_000);
    const nm = rng.int(0, 1);
    const daemon: Daemon = kind.startsWith("rm")
      ? "resourcemanager"
      : kind.startsWith("nn")
        ? "namenode"
        : kind.startsWith("dn")
          ? "datanode"
          : (`nodemanager${nm}` as Daemon);
    if (kind === "am-kill" || kind === "am-stop" || kind === "container-kill") {
      const list =
        kind === "container-kill" ? await this.o.targets.serviceContainers() : await this.o.targets.amContainers();
      const t = rng.pick(list);
      if (!t || this.busy.has(t.containerId)) return;
      const pids = containerPids(t.containerId);
      if (pids.length === 0) return;
      this.busy.add(t.containerId);
      try {
        history.fault(kind, `${t.containerId} of ${t.appId}${kind === "am-stop" ? ` for ${ms} ms` : ""}`);
        if (kind === "am-stop") return await this.freeze(pids, ms, t.containerId);
        if (kind === "am-kill") this.o.targets.amHit(t.appId, `kill -9 of ${t.containerId}`);
        for (const p of pids) process.kill(p, "SIGKILL");
      } catch {
        /* the container ended meanwhile */
      } finally {
        this.busy.delete(t.containerId);
      }
      return;
    }
    if (this.busy.has(daemon)) return;
    this.busy.add(daemon);
    try {
      if (kind.endsWith("-stop")) {
        const pid = this.pid(daemon);
        if (pid === undefined) return;
        history.fault(kind, `${daemon} (pid ${pid}) for ${ms} ms`);
        await this.freeze([pid], ms, daemon);
      } else {
        if (daemon.startsWith("nodemanager")) {
          // Its containers die with it: an AM among them is a fault aimed at that AM.
          for (const a of await this.o.targets.amContainers())
            if (containerPids(a.containerId).some((p) => this.nodeOf(p) === String(nm)))
              this.o.targets.amHit(a.appId, `kill -9 of ${daemon}, its node`);
        }
        history.fault(kind, `${daemon}, restarted after ${ms} ms`);
        await this.killAndRestart(daemon, ms);
        history.log(`healed ${daemon}`);
      }
    } catch (e) {
      history.log(`fault ${kind} on ${daemon} did not complete: ${(e as Error).message}`);
    } finally {
      this.busy.delete(daemon);
    }
  }

  /** Thaws whatever is frozen and restarts any daemon that is not running. */
  async heal(): Promise<void> {
    this.thaw([...this.frozen.keys()]);
    for (const d of DAEMONS) {
      const pid = this.pid(d);
      let alive = false;
      try {
        if (pid !== undefined) process.kill(pid, 0);
        alive = pid !== undefined;
      } catch {
        alive = false;
      }
      if (!alive) {
        this.o.history.log(`heal: restarting ${d}`);
        await this.hadoop("restart", d);
      }
    }
  }
}
