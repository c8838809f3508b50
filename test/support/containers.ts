// The local processes of a YARN container, found by the CONTAINER_ID the NodeManager puts in
// their environment: how the fault tests kill -9 an AM or a worker for real.
import { readdirSync, readFileSync } from "node:fs";

/** Pids of the processes of one container (its CONTAINER_ID in their environment). */
export function containerPids(containerId: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/environ`, "latin1").split("\0").includes(`CONTAINER_ID=${containerId}`))
        pids.push(Number(p));
    } catch {
      /* gone, or not ours */
    }
  }
  return pids;
}
