// Everything after SCRIPT goes to the script (dask-yarn's convention, kept): `submit job.py
// --environment E --wait` hands --environment and --wait to job.py, and submit runs without them.
// That is rarely what was meant, so each such argument that is one of submit's own options gets a
// one-line warning naming it and where it belongs. The arguments are still passed on unchanged.
import type { Command } from "commander";

/** The long and short flags of a command and of its parents (the global options). */
export function ownFlags(cmd: Command): Set<string> {
  const flags = new Set<string>();
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) {
      if (o.long) flags.add(o.long);
      if (o.short) flags.add(o.short);
    }
  }
  return flags;
}

/** The arguments (in order, once each) that are submit's own flags, `--flag=value` included. */
export function misplacedFlags(args: readonly string[], own: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const a of args) {
    if (a === "--") break; // what follows an explicit "--" is meant for the script
    const eq = a.indexOf("=");
    const flag = a.startsWith("--") && eq >= 0 ? a.slice(0, eq) : a;
    if (own.has(flag) && !found.includes(flag)) found.push(flag);
  }
  return found;
}

export function misplacedWarning(flag: string, script: string): string {
  return (
    `warning: '${flag}' comes after SCRIPT (${script}), so it is passed to the script, not to submit; ` +
    `put it before ${script} if it is meant for submit`
  );
}
