import type { Command } from "commander";
import type { Registrar } from "../program.js";
import { registerConfigInit } from "./config-init.js";
import { registerConfigShow } from "./config-show.js";

export function registerConfig(program: Command, r: Registrar): void {
  const config = program
    .command("config")
    .description("show or create the tsdask-yarn configuration")
    .addHelpText(
      "after",
      `
Layers, later wins: defaults (skeleton.yaml) < user config file (~/.config/tsdask-yarn/config.yaml
or $TSDASK_YARN_CONFIG) < TSDASK_YARN_* variables < --spec FILE < command-line flags.`,
    );
  registerConfigShow(config, r);
  registerConfigInit(config, r);
}
