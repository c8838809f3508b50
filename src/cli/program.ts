// The commander program: global options, one registration per file in commands/ (each loads its
// implementation only when its command runs, so --help and --version stay cheap), and run(), which
// turns whatever happens (result, usage error, failure) into output and an exit code.
import { Command, CommanderError, Option } from "commander";
import { VERSION } from "../version.js";
import { registerAdapt } from "./commands/adapt.js";
import { registerCache } from "./commands/cache.js";
import { registerConfig } from "./commands/config.js";
import { registerCredentials } from "./commands/credentials.js";
import { EXIT, EXIT_CODES_HELP, exitCodeFor, printError } from "./exit.js";
import type { CommandContext, GlobalOptions, Io } from "./io.js";
import { registerKill } from "./commands/kill.js";
import { registerList } from "./commands/list.js";
import { registerLogs } from "./commands/logs.js";
import { registerRuntime } from "./commands/runtime.js";
import { registerScale } from "./commands/scale.js";
import { registerKv } from "./commands/kv.js";
import { registerShutdown } from "./commands/shutdown.js";
import { registerStatus } from "./commands/status.js";
import { registerSubmit } from "./commands/submit.js";

/** A command action: gets the context and its own arguments, returns the exit code. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander hands each action its own typed arguments (app id, options object); `unknown[]` would refuse those signatures
export type Action = (ctx: CommandContext, ...args: any[]) => Promise<number>;

export interface Registrar {
  /** Wraps an action so that it receives the context and its exit code is recorded. */
  action(fn: Action): (...args: unknown[]) => Promise<void>;
}

const globalOptions = () => [
  new Option("--json", "machine-readable JSON output on stdout"),
  new Option("--debug", "print stack traces of errors"),
  new Option("--conf-dir <DIR>", "Hadoop configuration directory (default: $HADOOP_CONF_DIR)"),
  new Option("--principal <USER@REALM>", "Kerberos principal on a Kerberized cluster (default: the ticket cache's)"),
  new Option("--keytab <FILE>", "log in from this keytab instead of the ticket cache (no kinit needed)"),
  new Option("--ca-file <PEM>", "CA bundle trusted for HTTPS_ONLY clusters, with the system store"),
];

/**
 * submit passes options after SCRIPT to the script, which needs positional options; then options
 * of the program are only seen before the command name. Declaring the global options on every
 * command as well keeps `tsdask-yarn status APP --json` working.
 */
function addGlobalOptions(cmd: Command): void {
  for (const c of cmd.commands) {
    if (c.commands.length > 0) addGlobalOptions(c);
    // A command with subcommands and an argument of its own (credentials APP / credentials
    // refresh APP) runs an action too, so it takes the options as well.
    if (c.commands.length === 0 || c.registeredArguments.length > 0) for (const o of globalOptions()) c.addOption(o);
  }
}

export function buildProgram(io: Io, onExit: (code: number) => void): Command {
  const program = new Command("tsdask-yarn")
    .description("Deploy dask clusters and other long-lived services on Hadoop YARN")
    .version(VERSION, "-V, --version", "print the version")
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText(
      "after",
      `
${EXIT_CODES_HELP}

Examples:
  $ tsdask-yarn config init
  $ APP=$(tsdask-yarn submit --environment env.tar.gz --worker-count 4)
  $ tsdask-yarn status $APP
  $ tsdask-yarn scale $APP 8
  $ tsdask-yarn shutdown $APP`,
    );
  for (const o of globalOptions()) program.addOption(o);
  const registrar: Registrar = {
    action(fn) {
      return async (...args: unknown[]) => {
        const cmd = args[args.length - 1] as Command;
        const ctx: CommandContext = { io, global: cmd.optsWithGlobals<GlobalOptions>() };
        onExit(await fn(ctx, ...args.slice(0, -1)));
      };
    },
  };
  // Help order is the order people meet the commands in.
  registerSubmit(program, registrar);
  registerList(program, registrar);
  registerStatus(program, registrar);
  registerScale(program, registrar);
  registerAdapt(program, registrar);
  registerLogs(program, registrar);
  registerShutdown(program, registrar);
  registerKill(program, registrar);
  registerCache(program, registrar);
  registerRuntime(program, registrar);
  registerCredentials(program, registrar);
  registerKv(program, registrar);
  registerConfig(program, registrar);
  addGlobalOptions(program);
  return program;
}

/** Runs one command line (without node and script) and returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0; everything else is usage.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const g = program.opts<GlobalOptions>();
    printError(io, err, { json: g.json || argv.includes("--json"), debug: g.debug || argv.includes("--debug") });
    return exitCodeFor(err);
  }
}
