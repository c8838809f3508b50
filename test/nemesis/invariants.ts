// The promises the nemesis checks after its faults stopped and every daemon is back:
// 1. scale: every acknowledged scale is reached, or the application ended with a diagnostic;
// 2. kv: every acknowledged KV write reads back (the last value per key), whatever AM restarts —
//    or the value of a later put whose answer was an error (outcome unknown, see AppRecord.kvMaybe);
// 3. containers: no container process runs for an application that ended;
// 4. leftovers: no staging dir (after the owner's next command) and no partial upload is left;
// 5. final status: KILLED when we killed it, SUCCEEDED when we shut it down, never SUCCEEDED
//    otherwise, and a diagnostic when it ended on its own;
// 6. attempts: no AM attempt lost except to a fault aimed at that AM.
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, status, type ClusterOptions } from "../../src/launcher/index.js";
import { cacheFiles } from "../../src/launcher/staging/index.js";
import type { WebHdfsClient } from "../../src/webhdfs/index.js";
import type { History } from "./history.js";
import type { AppRecord, Workload } from "./workload.js";

export interface CheckContext {
  readonly cluster: ClusterOptions;
  readonly hdfs: WebHdfsClient;
  readonly rmWeb: string;
  readonly cacheDir: string;
  readonly history: History;
}

const TERMINAL = ["FINISHED", "FAILED", "KILLED"];

interface RmApp {
  state: string;
  finalStatus: string;
  diagnostics: string;
}

/** The RM's record; a never-submitted id (a submit failed before submission) counts as ended. */
async function rmApp(c: CheckContext, appId: string): Promise<RmApp> {
  const r = await fetch(`${c.rmWeb}/ws/v1/cluster/apps/${appId}`);
  if (r.status === 404) return { state: "KILLED", finalStatus: "UNDEFINED", diagnostics: "never submitted" };
  return ((await r.json()) as { app: RmApp }).app;
}

async function attempts(c: CheckContext, appId: string): Promise<number> {
  const r = await fetch(`${c.rmWeb}/ws/v1/cluster/apps/${appId}/appattempts`);
  return ((await r.json()) as { appAttempts: { appAttempt: unknown[] } }).appAttempts.appAttempt.length;
}

/** Pids of processes of any container of `appId` (container ids carry the app's timestamp and number). */
export function appPids(appId: string): number[] {
  const [, ts, seq] = /^application_(\d+)_(\d+)$/.exec(appId)!;
  const mark = new RegExp(`^CONTAINER_ID=container_(e\\d+_)?${ts}_${seq}_`);
  const pids: number[] = [];
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      if (
        readFileSync(`/proc/${p}/environ`, "latin1")
          .split("\0")
          .some((v) => mark.test(v))
      )
        pids.push(Number(p));
    } catch {
      /* gone, or not ours */
    }
  }
  return pids;
}

/** Invariants 1 and 2 on a live application: waits (bounded) for the acknowledged counts. */
async function checkLive(c: CheckContext, a: AppRecord): Promise<void> {
  const end = Date.now() + 180_000;
  let last = "";
  while (Date.now() < end) {
    const rm = await rmApp(c, a.appId).catch(() => undefined);
    if (rm && TERMINAL.includes(rm.state)) {
      if (!rm.diagnostics) c.history.violation("scale", `${a.appId} ended ${rm.finalStatus} without a diagnostic`);
      c.history.log(`${a.appId} ended on its own: ${rm.finalStatus}: ${rm.diagnostics.slice(0, 300)}`);
      return;
    }
    try {
      const { client } = await connect(a.appId, { ...c.cluster, controlTimeoutMs: 15_000 });
      const s = await client.status();
      const off = [...a.acked].filter(([svc, n]) => {
        const x = s.services.find((y) => y.name === svc);
        return !x || x.desiredInstances !== n || x.counts.RUNNING !== n;
      });
      last = off
        .map(
          ([svc, n]) => `${svc}: acknowledged ${n}, ${JSON.stringify(s.services.find((y) => y.name === svc)?.counts)}`,
        )
        .join("; ");
      if (off.length === 0) {
        for (const [k, v] of a.kv) {
          const got = await client.kvGet(k);
          const maybe = a.kvMaybe.get(k);
          if (got !== v && !(got !== undefined && maybe?.has(got))) {
            const also = maybe?.size ? ` (or one of the unanswered ${[...maybe].join(", ")})` : "";
            c.history.violation("kv", `${a.appId} ${k}: acknowledged '${v}'${also}, reads '${got}'`);
          }
        }
        return;
      }
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(2000);
  }
  c.history.violation("scale", `${a.appId} never reached its acknowledged counts in 180 s: ${last}`);
}

/** Invariants 3–6 on an application that should have ended (or is ended now). */
async function checkEnded(
  c: CheckContext,
  a: AppRecord | { appId: string; stagingDir?: string },
  rec?: AppRecord,
  reported: readonly string[] = [],
): Promise<void> {
  let rm = await rmApp(c, a.appId);
  for (let i = 0; i < 60 && !TERMINAL.includes(rm.state); i++) {
    await sleep(1000);
    rm = await rmApp(c, a.appId);
  }
  if (!TERMINAL.includes(rm.state)) {
    c.history.violation("final", `${a.appId} still ${rm.state} 60 s after it was ended`);
    return;
  }
  if (rec?.ending && rm.finalStatus !== rec.ending.expect && !(rec.ending.expect === "KILLED" && rm.state === "KILLED"))
    c.history.violation(
      "final",
      `${a.appId}: ${rec.ending.how} acknowledged, yet it ended ${rm.state}/${rm.finalStatus}`,
    );
  if (!rec?.ending && rm.finalStatus === "SUCCEEDED")
    c.history.violation("final", `${a.appId} ended SUCCEEDED though nobody finished its work`);
  // Services restart without limit and workers are never the last service: only every attempt
  // lost to a fault aimed at the AM (the RM caps max-attempts) explains failing on its own.
  const tries = rec ? await attempts(c, a.appId) : 0;
  if (rec && !rec.ending && rm.finalStatus !== "SUCCEEDED" && rec.amHits < tries)
    c.history.violation(
      "final",
      `${a.appId} ended ${rm.finalStatus} on its own after ${rec.amHits} fault(s) aimed at its AM in ${tries} attempt(s): ${rm.diagnostics.slice(0, 300)}`,
    );
  if (rec) {
    const lost = tries - 1;
    if (lost > rec.amHits)
      c.history.violation("attempts", `${a.appId}: ${lost} attempt(s) lost, ${rec.amHits} fault(s) aimed at its AM`);
  }
  let pids = appPids(a.appId);
  for (let i = 0; i < 30 && pids.length; i++) {
    await sleep(1000);
    pids = appPids(a.appId);
  }
  if (pids.length) c.history.violation("containers", `${a.appId} ended, yet pids ${pids.join(",")} run for it`);
  // The owner's next command (status of the ended app) sweeps what the AM could not delete.
  await status(a.appId, c.cluster).catch(() => undefined);
  const dir = a.stagingDir ?? `${c.cacheDir.replace(/\/cache$/, "")}/apps/${a.appId}`;
  if (!(await c.hdfs.statIfExists(dir))) return;
  if (reported.includes(dir)) {
    // A failed submit that said it left the dir (HDFS was down) and named the remedy: not silent.
    c.history.log(`${a.appId}: staging dir ${dir} left by a failed submit that reported it; removing it`);
    await c.hdfs.delete(dir, true);
  } else c.history.violation("leftovers", `${a.appId} ended, its staging dir ${dir} is still there`);
}

export async function checkRound(w: Workload, c: CheckContext): Promise<void> {
  for (const a of w.live()) await checkLive(c, a);
  for (const a of w.live()) {
    try {
      await (await connect(a.appId, c.cluster)).client.shutdown("SUCCEEDED", "nemesis: round over");
      a.ending = { how: "shutdown", expect: "SUCCEEDED" };
    } catch (e) {
      c.history.log(`final shutdown of ${a.appId} failed: ${(e as Error).message}`);
    }
  }
  for (const a of w.apps) await checkEnded(c, a, a);
  for (const f of w.failedSubmits) await checkEnded(c, { appId: f.appId }, undefined, f.leftBehind);
  const partial = (await cacheFiles(c.hdfs, c.cacheDir)).filter((f) => f.partial);
  for (const f of partial) c.history.violation("leftovers", `partial upload ${f.path} left`);
}
