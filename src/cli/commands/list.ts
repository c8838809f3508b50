import type { Command } from "commander";
import type { Registrar } from "../program.js";
import type { ApplicationState } from "../../launcher/index.js";
import type { ListOptions } from "../list.js";

/** The states `--state` accepts: YARN's application states. */
export const STATES: readonly ApplicationState[] = [
  "NEW",
  "NEW_SAVING",
  "SUBMITTED",
  "ACCEPTED",
  "RUNNING",
  "FINISHED",
  "FAILED",
  "KILLED",
];

export function registerList(program: Command, r: Registrar): void {
  program
    .command("list")
    .alias("ls")
    .description("list YARN applications (by default the live ones: submitted, accepted, running)")
    .option("--state <S,S>", `only these states (${STATES.join(", ")})`)
    .option("--all", "applications in every state, finished ones included")
    .option("--local", "local applications (submit --local) instead of the cluster's")
    .option("--name <NAME>", "only applications with exactly this name")
    .option("--queue <QUEUE>", "only applications in this queue")
    .option("--user <USER>", "only applications of this user")
    .option("--tags <A,B>", "only applications with these tags")
    .option("--type <T,T>", "only these application types")
    .addHelpText(
      "after",
      `
Columns: APPLICATION_ID NAME STATE STATUS QUEUE USER START (STATUS is the final status).

Examples:
  $ tsdask-yarn list
  $ tsdask-yarn list --state FINISHED,FAILED --user alice
  $ tsdask-yarn list --all --tags nightly
  $ tsdask-yarn --json list | jq -r '.[].id'`,
    )
    .action(r.action(async (ctx, opts: ListOptions) => (await import("../list.js")).list(ctx, opts)));
}
