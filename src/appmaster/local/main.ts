// Entry of the local ApplicationMaster bundle (dist/appmaster-local.js), started by `submit --local`
// as a process in its own container directory (the staged spec, secret and TLS files linked there
// as a NodeManager would). It composes the same AM core with the LocalBackend (processes for
// containers) and the application directory as the staging fs, and runs it as YARN's entry does.
// Its stdin is a tether from the launcher: EOF before the launcher detached (submit without --wait
// does once the cluster is ready) means the launcher is gone, and the application ends KILLED.
// SIGTERM (`tsdask-yarn kill`) ends it KILLED too.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTAINER_FILES } from "../../control/runtime.js";
import {
  LOCAL_APP_DIR_ENV,
  LOCAL_DETACH,
  LOCAL_FILES,
  LOCAL_TETHER_ENV,
  localAmContainerId,
  localAttemptId,
  type LocalAmInfo,
  type LocalAppInfo,
  type LocalFinal,
} from "../../control/local-layout.js";
import { TsdaskError } from "../../errors.js";
import { specFromJSON } from "../../spec/json.js";
import { VERSION } from "../../version.js";
import { KeyValueStore } from "../control/index.js";
import { controlCertificate } from "../control-tls.js";
import type { AmIdentity } from "../deps.js";
import { runAppMaster } from "../run.js";
import { LOCAL_HOST, LocalBackend } from "./local-backend.js";
import { localStagingFs } from "./local-fs.js";

/** After the tether broke or SIGTERM: the AM stops its containers and leaves within this bound. */
const LEAVE_BOUND_MS = 30_000;

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

/** Written to a temporary name, then renamed: a reader never sees half a file. */
function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

function staged(path: string) {
  const s = statSync(path);
  return { path, size: s.size, timestamp: Math.floor(s.mtimeMs) };
}

async function main(): Promise<number> {
  const appDir = process.env[LOCAL_APP_DIR_ENV];
  if (!appDir) throw new TsdaskError("AM_ENV_MISSING", `the local AM needs ${LOCAL_APP_DIR_ENV}`);
  const info = JSON.parse(readFileSync(join(appDir, LOCAL_FILES.app), "utf8")) as LocalAppInfo;
  log(`tsdask-yarn local appmaster ${VERSION}: ${localAmContainerId(info.clusterTimestamp, info.sequence)}`);
  const identity: AmIdentity = {
    appId: info.appId,
    attempt: 1,
    attemptIdText: localAttemptId(info.clusterTimestamp, info.sequence),
    user: info.user,
    stagingDir: join(appDir, LOCAL_FILES.staging),
    runtime: staged(join(appDir, LOCAL_FILES.runtime)),
    ...(info.environment ? { environment: staged(info.environment) } : {}),
  };
  const spec = specFromJSON(readFileSync(CONTAINER_FILES.spec, "utf8"));
  const secret = readFileSync(CONTAINER_FILES.secret, "utf8").trim();
  const baseEnv = { ...process.env };
  delete baseEnv[LOCAL_APP_DIR_ENV];
  delete baseEnv[LOCAL_TETHER_ENV];
  const backend = new LocalBackend({
    clusterTimestamp: info.clusterTimestamp,
    sequence: info.sequence,
    containersDir: join(appDir, LOCAL_FILES.containers),
    logsDir: join(appDir, LOCAL_FILES.logs),
    baseEnv,
    onRegistered: (am) => {
      const url = `${spec.tls ? "https" : "http"}://${am.host}:${am.port}`;
      const pageUrl = am.trackingUrl.replace(/\/+$/, "");
      writeJson(join(appDir, LOCAL_FILES.am), {
        pid: process.pid,
        controlUrl: url,
        ...(pageUrl !== url ? { pageUrl } : {}),
        startTime: Date.now(),
      } satisfies LocalAmInfo);
    },
    onFinish: (finalStatus, diagnostics) =>
      writeJson(join(appDir, LOCAL_FILES.final), {
        finalStatus,
        diagnostics,
        finishedTime: Date.now(),
      } satisfies LocalFinal),
  });
  const leave = (why: string) => {
    log(`${why}: ending the application`);
    backend.end(why);
    setTimeout(() => process.exit(1), LEAVE_BOUND_MS).unref();
  };
  if (process.env[LOCAL_TETHER_ENV] === "1") {
    // EOF without the detach line first: the launcher died (or was killed) while it held us.
    let detached = false;
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (text: string) => (detached ||= text.split("\n").includes(LOCAL_DETACH)));
    process.stdin.on("error", () => undefined);
    process.stdin.once("end", () => {
      if (detached) log("the launcher let the application go: it runs until shutdown or kill");
      else leave("the launcher that started this application is gone");
    });
  }
  process.once("SIGTERM", () => leave("killed (SIGTERM)"));
  process.once("SIGINT", () => leave("interrupted (SIGINT)"));
  const kv = new KeyValueStore({ onListenerError: (err) => log(`kv listener failed: ${(err as Error).message}`) });
  const tls = spec.tls ? await controlCertificate(info.appId, LOCAL_HOST, 1) : undefined;
  const deps = { identity, spec, secret, backend, fs: localStagingFs(identity.stagingDir), kv, log };
  const code = await runAppMaster(deps, { host: LOCAL_HOST, ...(tls ? { tls } : {}) });
  // Ended from outside, the core left without stopping its containers: stop them here. What the AM
  // deletes at a normal end (the staging dir with the secret and keys) goes too; the logs stay.
  await backend.processes.stopAll();
  for (const d of [LOCAL_FILES.containers, LOCAL_FILES.staging])
    rmSync(join(appDir, d), { recursive: true, force: true });
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`appmaster failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
