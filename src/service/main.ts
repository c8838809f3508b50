// Entry of the in-container service wrapper bundle (dist/service.js), run by the AM as
// `tsdask/bin/node tsdask/service.js <role> [args...]` in the container's working directory.
// It imports only src/control, src/errors.ts and node built-ins, so the bundle stays small.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { withRuntimePython } from "./python-path.js";
import { ControlClient } from "../control/index.js";
import { type ChildOutput, exitCodeOf, FORWARDED_SIGNALS, type RunningChild } from "./child.js";
import { findTls, loadContainer, parseServiceEnv, readSecret } from "./context.js";
import { watchTokenFile } from "./token-file.js";
import { describeFailure, exitCodeFor, ServiceError } from "./errors.js";
import { RollingLog, rollPolicyFrom } from "./rolling-log.js";
import { type RoleRun, runClient, runScheduler, runWorker } from "./roles.js";
import { runScript, SCRIPT_ROLE } from "./script-role.js";

/** The client wrapper's own log, beside stdout and stderr in the container's log directory. */
const SERVICE_LOG_FILE = "tsdask-service.log";

const ROLES: Record<string, (run: RoleRun) => Promise<number>> = {
  "dask.scheduler": runScheduler,
  "dask.worker": runWorker,
  "dask.client": runClient,
};

/**
 * With a rolling policy from the AM, the child's output and the wrapper's own lines go to rolled
 * parts in the container's log dir; without, everything goes to the inherited stdout/stderr.
 */
function rolledOutput(): ChildOutput | undefined {
  const policy = rollPolicyFrom(process.env);
  if (!policy) return undefined;
  try {
    const stdout = new RollingLog(policy.dir, "stdout", policy);
    const stderr = new RollingLog(policy.dir, "stderr", policy);
    return { stdout: (c) => stdout.write(c), stderr: (c) => stderr.write(c) };
  } catch (err) {
    // The service must still run: its output then grows in the plain files, as without rolling.
    process.stderr.write(`tsdask-yarn service: cannot roll logs in ${policy.dir} (${(err as Error).message})\n`);
    return undefined;
  }
}

const output = rolledOutput();
let log: (line: string) => void = (line) =>
  output ? output.stderr(Buffer.from(`${line}\n`)) : void process.stderr.write(`${line}\n`);

/**
 * The client role's stdout/stderr are the user's script's, streamed by `submit --wait`: the
 * wrapper's own progress goes to a file of its own in the container's log directory (listed by
 * `logs` like any other) so it never mixes into the script's output. A failure still goes to stderr.
 */
function logToFile(env: NodeJS.ProcessEnv): void {
  const dir = env.LOG_DIRS?.split(",")[0];
  if (!dir) return;
  const file = path.join(dir, SERVICE_LOG_FILE);
  log = (line: string) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
    } catch {
      process.stderr.write(`${line}\n`);
    }
  };
}

/** Keeps the container's token file fresh (token-file.ts) in every role, the script role too. */
function watchTokens(env: NodeJS.ProcessEnv, cwd: string): void {
  if (!env.HADOOP_TOKEN_FILE_LOCATION) return;
  try {
    const e = parseServiceEnv(env);
    const tls = findTls(cwd, e.controlUrl);
    const control = new ControlClient(e.controlUrl, readSecret(cwd), tls ? { ca: tls.caPem } : {});
    watchTokenFile(control, env, log);
  } catch (err) {
    log(`tsdask-yarn service: the token file will not be refreshed: ${(err as Error).message}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let child: RunningChild | undefined;
  let stopRequested = false;
  // YARN stops a container with SIGTERM (then SIGKILL). With a child running, pass the signal on
  // and exit when it does; before that (e.g. still waiting for the scheduler), just leave.
  for (const sig of FORWARDED_SIGNALS) {
    process.on(sig, () => {
      stopRequested = true;
      if (child) child.signal(sig);
      else process.exit(exitCodeOf(null, sig));
    });
  }

  const [role, ...args] = argv;
  // A child started after the stop signal (a worker restarted in place) is stopped at once.
  const adopt = (c: RunningChild) => {
    child = c;
    if (stopRequested) c.signal("SIGTERM");
  };
  const rolled = output ? { output } : {};
  watchTokens(process.env, process.cwd());
  if (role === SCRIPT_ROLE) return runScript({ cwd: process.cwd(), env: process.env, adopt, ...rolled });
  const runRole = role === undefined ? undefined : ROLES[role];
  if (!runRole) {
    throw new ServiceError(
      "SERVICE_USAGE",
      role === undefined ? "no role given" : `unknown role '${role}'`,
      `usage: service.js <role> [args...] with role one of ${[...Object.keys(ROLES), SCRIPT_ROLE].join(", ")}`,
    );
  }
  if (role === "dask.client") logToFile(process.env);
  const ctx = loadContainer(process.env, process.cwd());
  const control = new ControlClient(ctx.controlUrl, ctx.secret, ctx.tls ? { ca: ctx.tls.caPem } : {});
  try {
    return await runRole({ ctx, control, env: withRuntimePython(process.env, ctx.cwd), args, log, adopt, ...rolled });
  } catch (err) {
    // Stopped while starting up: the child ending on our signal is the expected outcome, not a failure.
    if (stopRequested && child) return child.exited;
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${describeFailure(err)}\n`);
    process.exit(exitCodeFor(err));
  },
);
