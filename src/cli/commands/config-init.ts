import type { Command } from "commander";
import type { Registrar } from "../program.js";

export function registerConfigInit(config: Command, r: Registrar): void {
  config
    .command("init")
    .description("write the default configuration (every key, commented) to the user config file")
    .option("--force", "replace an existing file")
    .option("--path <FILE>", "write here instead of $TSDASK_YARN_CONFIG or ~/.config/tsdask-yarn/config.yaml")
    .addHelpText(
      "after",
      `
Examples:
  $ tsdask-yarn config init
  $ tsdask-yarn config init --force
  $ TSDASK_YARN_CONFIG=./team.yaml tsdask-yarn config init`,
    )
    .action(
      r.action(async (ctx, opts: { force?: boolean; path?: string }) =>
        (await import("../config-init.js")).configInit(ctx, opts),
      ),
    );
}
