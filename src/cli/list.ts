// `list`: applications the ResourceManager knows, filtered like Skein's `application ls`.
// Without --state or --all only live ones (submitted, accepted, running) are shown.
import type { Command } from "commander";
import type { ApplicationFilter, ApplicationReport, ApplicationState } from "../launcher/index.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { formatTime, printJson, printTable } from "./output.js";
import type { Registrar } from "./program.js";
import { clusterSession } from "./session.js";
import { listLocal } from "../launcher/index.js";

const STATES: readonly ApplicationState[] = [
  "NEW",
  "NEW_SAVING",
  "SUBMITTED",
  "ACCEPTED",
  "RUNNING",
  "FINISHED",
  "FAILED",
  "KILLED",
];
const LIVE: readonly ApplicationState[] = ["NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING"];

export interface ListOptions {
  state?: string;
  name?: string;
  queue?: string;
  user?: string;
  tags?: string;
  type?: string;
  all?: boolean;
  local?: boolean;
}

const splitList = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Options → the RM's query filter (the name is filtered here: the RM REST API has no such filter). */
export function filterOf(opts: ListOptions): ApplicationFilter {
  let states: ApplicationState[] | undefined;
  if (opts.state) {
    states = splitList(opts.state).map((s) => s.toUpperCase()) as ApplicationState[];
    const bad = states.find((s) => !STATES.includes(s));
    if (bad) throw new UsageError(`unknown state '${bad}'`, `States are ${STATES.join(", ")}.`);
    if (opts.all) throw new UsageError("--state and --all cannot be used together");
  } else if (!opts.all) states = [...LIVE];
  const tags = splitList(opts.tags);
  const types = splitList(opts.type);
  return {
    ...(states ? { states } : {}),
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.user ? { user: opts.user } : {}),
    ...(tags.length ? { tags } : {}),
    ...(types.length ? { applicationTypes: types } : {}),
  };
}

export function listRows(apps: readonly ApplicationReport[]): string[][] {
  return apps.map((a) => [a.id, a.name, a.state, a.finalStatus, a.queue, a.user, formatTime(a.startedTime)]);
}

export async function list(ctx: CommandContext, opts: ListOptions): Promise<number> {
  const filter = filterOf(opts);
  // --local: this user's local applications (submit --local), with the same filters; no cluster.
  let apps = opts.local
    ? listLocal(ctx.io.env).filter((a) => !filter.states || filter.states.includes(a.state))
    : await clusterSession(ctx).rm.listApplications(filter);
  if (opts.name) apps = apps.filter((a) => a.name === opts.name);
  apps.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
  if (ctx.global.json) printJson(ctx.io, apps);
  else printTable(ctx.io, ["APPLICATION_ID", "NAME", "STATE", "STATUS", "QUEUE", "USER", "START"], listRows(apps));
  return 0;
}

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
    .action(r.action((ctx, opts: ListOptions) => list(ctx, opts)));
}
