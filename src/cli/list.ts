// `list`: applications the ResourceManager knows, filtered like Skein's `application ls`.
// Without --state or --all only live ones (submitted, accepted, running) are shown.
import type { ApplicationFilter, ApplicationReport, ApplicationState } from "../launcher/index.js";
import { STATES } from "./commands/list.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { formatTime, printJson, printTable } from "./output.js";
import { clusterSession } from "./session.js";
import { listLocal } from "../launcher/index.js";

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
