// submit --local: the environment from a directory or the unpack cache, a fresh local application
// directory (stage.ts), and the local AM started as a process of its own session (so Ctrl-C in the
// terminal reaches the launcher, which decides). Returns once the AM's control server is up. Any
// failure before that kills the AM and removes the application's directory: nothing is left.
// The AM's stdin is a pipe from this process: when this process is gone, even by kill -9, the AM
// sees EOF and ends the application (watchdog.ts does the same for its containers). A cluster that
// is to outlive the launcher (submit without --wait) is let go with detach() once it is ready, so a
// launcher killed while it waits leaves nothing behind either.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ControlClient } from "../../control/index.js";
import {
  LOCAL_AM_BUNDLE,
  LOCAL_APP_DIR_ENV,
  LOCAL_FILES,
  LOCAL_DETACH,
  LOCAL_TETHER_ENV,
  type LocalAmInfo,
} from "../../control/local-layout.js";
import type { ApplicationSpec } from "../../spec/index.js";
import { LauncherError } from "../errors.js";
import { findDistDir } from "../runtime-archive.js";
import { abortError } from "../registration.js";
import { localEnvCacheDir, newLocalApp } from "./home.js";
import { localEnvironment } from "./environment.js";
import { stageLocalApp } from "./stage.js";
import { resolveUser } from "../user.js";
import { LOCAL_START_TIMEOUT_MS } from "../timeouts.js";

export interface LocalSubmitOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** How long the AM may take to start its control server (default 60 s). */
  readonly startTimeoutMs?: number;
  /** One line per step (unpacking, started). */
  readonly onLine?: (line: string) => void;
  /** Where appmaster-local.js and service.js are (default: found like the runtime archive's). */
  readonly distDir?: string;
}

export interface RunningLocalApplication {
  readonly appId: string;
  readonly dir: string;
  readonly controlUrl: string;
  readonly client: ControlClient;
  readonly tls: boolean;
  readonly caPem?: string;
  readonly am: ChildProcess;
  /** Resolves when the AM process exits. */
  readonly exited: Promise<void>;
  /** Lets the application outlive this process (tethered until then); resolves once the AM has the word. */
  detach(): Promise<void>;
}

const POLL_MS = 100;

export async function submitLocal(
  spec: ApplicationSpec,
  options: LocalSubmitOptions = {},
): Promise<RunningLocalApplication> {
  const env = options.env ?? process.env;
  const say = options.onLine ?? (() => undefined);
  const distDir = options.distDir ?? findDistDir();
  if (!existsSync(join(distDir, LOCAL_AM_BUNDLE))) {
    throw new LauncherError(
      "RUNTIME_BUNDLE_MISSING",
      `${join(distDir, LOCAL_AM_BUNDLE)} does not exist`,
      "Run 'npm run build'.",
    );
  }
  let environment: string | undefined;
  if (spec.environment !== undefined) {
    say(`preparing the environment ${spec.environment}`);
    const e = await localEnvironment(spec.environment, localEnvCacheDir(env), options.signal);
    if (e.unpacked) say(`unpacked it into ${e.dir}`);
    environment = e.dir;
  }
  const app = newLocalApp(env);
  let am: ChildProcess | undefined;
  try {
    const user = resolveUser(spec.user, env);
    const staged = await stageLocalApp(app, spec, { user, distDir, ...(environment ? { environment } : {}) });
    const out = openSync(join(staged.amLogDir, "stdout"), "a", 0o600);
    const err = openSync(join(staged.amLogDir, "stderr"), "a", 0o600);
    try {
      am = spawn(process.execPath, [join(distDir, LOCAL_AM_BUNDLE)], {
        cwd: staged.amCwd,
        detached: true,
        env: { ...env, [LOCAL_APP_DIR_ENV]: app.dir, [LOCAL_TETHER_ENV]: "1" },
        stdio: ["pipe", out, err],
      });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    const child = am;
    // The library's and the CLI's event loops must not wait for the AM; the tether stays open.
    child.unref();
    (child.stdin as { unref?: () => void } | null)?.unref?.();
    let gone = false;
    const exited = new Promise<void>((resolve) => child.once("exit", () => ((gone = true), resolve())));
    say(`started the local ApplicationMaster of ${app.appId} (pid ${child.pid})`);
    const info = await waitForAm(app.dir, app.appId, staged.amLogDir, () => gone, options);
    const caPem = staged.tls?.caPem;
    const client = new ControlClient(info.controlUrl, staged.secret, caPem ? { ca: caPem } : {});
    return {
      appId: app.appId,
      dir: app.dir,
      controlUrl: info.controlUrl,
      client,
      tls: caPem !== undefined,
      ...(caPem ? { caPem } : {}),
      am: child,
      exited,
      // Awaited: a CLI that exits right after must not lose the line in the pipe's buffer.
      detach: () =>
        new Promise<void>((resolve) => (child.stdin ? child.stdin.end(`${LOCAL_DETACH}\n`, resolve) : resolve())),
    };
  } catch (e) {
    // The AM's containers follow it through their tethers.
    if (am?.pid !== undefined && am.exitCode === null) am.kill("SIGKILL");
    rmSync(app.dir, { recursive: true, force: true });
    throw e;
  }
}

async function waitForAm(
  dir: string,
  appId: string,
  logDir: string,
  gone: () => boolean,
  options: LocalSubmitOptions,
): Promise<LocalAmInfo> {
  const deadline = Date.now() + (options.startTimeoutMs ?? LOCAL_START_TIMEOUT_MS);
  const file = join(dir, LOCAL_FILES.am);
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalAmInfo;
    if (options.signal?.aborted) throw abortError(appId);
    if (gone()) {
      const tail = readFileSync(join(logDir, "stderr"), "utf8").trim().split("\n").slice(-5).join("\n");
      throw new LauncherError(
        "LOCAL_AM_FAILED",
        `the local ApplicationMaster of ${appId} exited before it started its control server${tail ? `:\n${tail}` : ""}`,
        "The end of its log is above; run again with --debug for the launcher's side.",
      );
    }
    if (Date.now() > deadline) {
      throw new LauncherError(
        "AM_REGISTRATION_TIMEOUT",
        `the local ApplicationMaster of ${appId} did not start its control server within ${Math.round((options.startTimeoutMs ?? LOCAL_START_TIMEOUT_MS) / 1000)} s`,
        "The machine may be overloaded; try again, or with a longer --timeout.",
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
