import type { Command } from "commander";
import type { Registrar } from "../program.js";
import { addSpecFlags } from "../spec-flags.js";

export function registerConfigShow(config: Command, r: Registrar): void {
  const cmd = config
    .command("show")
    .description("print the effective configuration and the source of each value")
    .addHelpText(
      "after",
      `
Accepts every configuration flag of 'submit', to preview what a submit would use.
SOURCE is "default (skeleton.yaml:L:C)", a config or spec file with line:column,
"env TSDASK_YARN_…", or "flag --…".

Examples:
  $ tsdask-yarn config show
  $ TSDASK_YARN_WORKER_MEMORY="4 GiB" tsdask-yarn config show --spec spec.yaml --worker-count 3
  $ tsdask-yarn --json config show | jq '.entries[] | select(.key == "queue")'`,
    );
  addSpecFlags(cmd).action(
    r.action(async (ctx, opts: Record<string, unknown>) => (await import("../config-show.js")).configShow(ctx, opts)),
  );
}
