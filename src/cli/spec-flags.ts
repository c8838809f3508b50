// The command-line flags that set configuration keys, shared by `submit` and `config show` (so
// `config show --worker-memory 8GiB` previews exactly what a submit would get). Each flag maps onto
// one dotted key of loadSpec's flag layer; the spec layer parses and validates the values, so a bad
// value gets the same message (naming the flag) whatever layer it came from.
import { Option, type Command } from "commander";
import type { LoadSpecOptions } from "../spec/index.js";

interface SpecFlag {
  readonly flag: string;
  readonly arg: string;
  readonly key: string;
  readonly help: string;
  /** Repeatable (K=V pairs): the values are collected into a list. */
  readonly repeat?: boolean;
}

export const SPEC_FLAGS: readonly SpecFlag[] = [
  { flag: "--name", arg: "NAME", key: "name", help: "YARN application name" },
  { flag: "--queue", arg: "QUEUE", key: "queue", help: "YARN queue" },
  { flag: "--user", arg: "USER", key: "user", help: "proxy user to submit as" },
  { flag: "--tags", arg: "A,B", key: "tags", help: "application tags, comma separated" },
  { flag: "--priority", arg: "N", key: "priority", help: "application priority" },
  { flag: "--environment", arg: "PATH", key: "environment", help: "packed env archive, a directory, or hdfs:// path" },
  {
    flag: "--runtime",
    arg: "RUNTIME",
    key: "runtime",
    help: "Node for the AM: auto, environment, a local node/.tar.gz/.whl, or a path on the nodes",
  },
  { flag: "--max-attempts", arg: "N", key: "max-attempts", help: "ApplicationMaster attempts" },
  { flag: "--node-label", arg: "LABEL", key: "node-label", help: "node label for every container" },
  { flag: "--log-part-size", arg: "SIZE", key: "logs.part-size", help: 'rolled log part size, e.g. "64 MiB"' },
  { flag: "--log-parts", arg: "N", key: "logs.parts", help: "rolled log parts kept per stream on the node" },
  { flag: "--idle-timeout", arg: "DURATION", key: "idle-timeout", help: 'shut down when idle this long, e.g. "30m"' },
  { flag: "--worker-count", arg: "N", key: "worker.count", help: "workers started at launch" },
  { flag: "--worker-vcores", arg: "N", key: "worker.vcores", help: "vcores per worker" },
  { flag: "--worker-memory", arg: "SIZE", key: "worker.memory", help: 'memory per worker, e.g. "4 GiB"' },
  { flag: "--worker-gpus", arg: "N", key: "worker.gpus", help: "GPUs per worker" },
  { flag: "--worker-restarts", arg: "N", key: "worker.restarts", help: "worker restarts allowed (-1 = unlimited)" },
  {
    flag: "--worker-env",
    arg: "K=V",
    key: "worker.env",
    help: "worker environment variable (repeatable)",
    repeat: true,
  },
  { flag: "--adaptive", arg: "MIN:MAX", key: "worker.adaptive", help: "adaptive scaling between MIN and MAX workers" },
  {
    flag: "--deploy-mode",
    arg: "MODE",
    key: "deploy-mode",
    help: "remote (scheduler container) or local (Python only)",
  },
  {
    flag: "--worker-class",
    arg: "CLASS",
    key: "worker.worker-class",
    help: "dask worker class, e.g. distributed.Worker",
  },
  {
    flag: "--worker-options",
    arg: "JSON",
    key: "worker.worker-options",
    help: "keyword arguments for the worker class",
  },
  { flag: "--scheduler-vcores", arg: "N", key: "scheduler.vcores", help: "scheduler vcores" },
  { flag: "--scheduler-node-label", arg: "LABEL", key: "scheduler.node-label", help: "node label for the scheduler" },
  { flag: "--worker-node-label", arg: "LABEL", key: "worker.node-label", help: "node label for the workers" },
  { flag: "--scheduler-nodes", arg: "A,B", key: "scheduler.nodes", help: "host names the scheduler may run on" },
  { flag: "--scheduler-racks", arg: "A,B", key: "scheduler.racks", help: "racks the scheduler may run on" },
  { flag: "--worker-nodes", arg: "A,B", key: "worker.nodes", help: "host names the workers may run on" },
  { flag: "--worker-racks", arg: "A,B", key: "worker.racks", help: "racks the workers may run on" },
  { flag: "--scheduler-gpus", arg: "N", key: "scheduler.gpus", help: "scheduler GPUs" },
  { flag: "--scheduler-host", arg: "HOST", key: "scheduler.host", help: "interface the scheduler listens on" },
  {
    flag: "--scheduler-port",
    arg: "PORT",
    key: "scheduler.port",
    help: "scheduler port or range, e.g. 8786-8790 (0 = any free port)",
  },
  {
    flag: "--dashboard-address",
    arg: "ADDR",
    key: "scheduler.dashboard-address",
    help: 'dashboard address, e.g. ":8787" or ":8787-8790"',
  },
  { flag: "--worker-port", arg: "RANGE", key: "worker.port", help: "worker port range, e.g. 9000-9099" },
  { flag: "--nanny-port", arg: "RANGE", key: "worker.nanny-port", help: "worker nannies' port range" },
  {
    flag: "--scheduler-options",
    arg: "JSON",
    key: "scheduler.scheduler-options",
    help: "keyword arguments for dask's Scheduler",
  },
  { flag: "--scheduler-memory", arg: "SIZE", key: "scheduler.memory", help: "scheduler memory" },
  { flag: "--client-vcores", arg: "N", key: "client.vcores", help: "vcores of the container running SCRIPT" },
  { flag: "--client-memory", arg: "SIZE", key: "client.memory", help: "memory of the container running SCRIPT" },
  {
    flag: "--client-env",
    arg: "K=V",
    key: "client.env",
    help: "environment variable for SCRIPT (repeatable)",
    repeat: true,
  },
];

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function optionOf(f: SpecFlag): Option {
  const o = new Option(`${f.flag} <${f.arg}>`, f.help);
  return f.repeat ? o.argParser(collect) : o;
}

/** Adds --spec FILE and every configuration flag to a command. */
export function addSpecFlags(cmd: Command): Command {
  cmd.addOption(new Option("--spec <FILE>", "spec file (YAML) layered over the user config"));
  for (const f of SPEC_FLAGS) cmd.addOption(optionOf(f));
  cmd.addOption(
    new Option(
      "--keytab-in-am",
      "ship --keytab to the AM, which then re-obtains HDFS tokens itself (key keytab-in-am)",
    ),
  );
  cmd.addOption(
    new Option("--no-tls", "plain tcp:// dask and http control API (key tls: false); not for shared clusters"),
  );
  return cmd;
}

/** Parsed commander options → loadSpec's flags, flag names and spec file. */
export function specOptionsOf(
  opts: Readonly<Record<string, unknown>>,
): Pick<LoadSpecOptions, "flags" | "flagNames" | "specFile"> {
  const flags: Record<string, unknown> = {};
  const flagNames: Record<string, string> = {};
  for (const f of SPEC_FLAGS) {
    const value = opts[optionOf(f).attributeName()];
    if (value === undefined) continue;
    flags[f.key] = value;
    flagNames[f.key] = f.flag;
  }
  if (opts.keytabInAm === true) {
    flags["keytab-in-am"] = true;
    flagNames["keytab-in-am"] = "--keytab-in-am";
  }
  // commander sets tls=true by default for a --no-* option: only the flag itself counts.
  if (opts.tls === false) {
    flags.tls = false;
    flagNames.tls = "--no-tls";
  }
  const specFile = typeof opts.spec === "string" ? opts.spec : undefined;
  return { flags, flagNames, ...(specFile !== undefined ? { specFile } : {}) };
}
