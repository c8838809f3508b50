// The scheduler's maximum container (from new-application) against what the spec asks for.
// Checked before anything is uploaded: the RM would accept the AM and then leave a service's
// asks pending forever (or reject the AM with a vague message), after minutes of uploading.
import type { ApplicationSpec } from "../spec/index.js";
import type { Resource } from "../yarn-rest/index.js";
import { LauncherError } from "./errors.js";

export interface ResourceProblem {
  /** "master" or the service name. */
  readonly who: string;
  readonly what: "memory" | "vcores";
  readonly asked: number;
  readonly maximum: number;
}

/** Every container shape of the spec above `maximum`, master first, then services in spec order. */
export function resourceProblems(spec: ApplicationSpec, maximum: Resource): ResourceProblem[] {
  const shapes: { who: string; memoryMiB: number; vcores: number }[] = [
    { who: "master", memoryMiB: spec.master.memoryMiB, vcores: spec.master.vcores },
    ...Object.entries(spec.services).map(([who, s]) => ({ who, memoryMiB: s.memoryMiB, vcores: s.vcores })),
  ];
  const out: ResourceProblem[] = [];
  for (const s of shapes) {
    if (s.memoryMiB > maximum.memoryMb)
      out.push({ who: s.who, what: "memory", asked: s.memoryMiB, maximum: maximum.memoryMb });
    if (s.vcores > maximum.vcores) out.push({ who: s.who, what: "vcores", asked: s.vcores, maximum: maximum.vcores });
  }
  return out;
}

function describe(p: ResourceProblem): string {
  const who = p.who === "master" ? "the master (AM)" : `service '${p.who}'`;
  return p.what === "memory"
    ? `${who} asks for ${p.asked} MiB of memory, above the cluster maximum of ${p.maximum} MiB`
    : `${who} asks for ${p.asked} vcores, above the cluster maximum of ${p.maximum}`;
}

/** Throws RESOURCE_ABOVE_MAXIMUM naming every offending service when anything is too big. */
export function checkResourceLimits(spec: ApplicationSpec, maximum: Resource): void {
  const problems = resourceProblems(spec, maximum);
  if (problems.length === 0) return;
  throw new LauncherError(
    "RESOURCE_ABOVE_MAXIMUM",
    problems.map(describe).join("; "),
    `Ask for at most ${maximum.memoryMb} MiB and ${maximum.vcores} vcores per container ` +
      "(yarn.scheduler.maximum-allocation-mb / -vcores of the cluster).",
  );
}
