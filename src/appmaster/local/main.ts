// Entry of the local ApplicationMaster bundle (dist/appmaster-local.js), started by `submit --local`
// as a process in its own container directory (the staged spec, secret and TLS files linked there
// as a NodeManager would). The same AppMaster core runs over the local scheduler and node manager:
// one machine, processes for containers, the application directory for staging and journal.
// Its stdin is a tether when the launcher waits (--wait, the library): EOF means the launcher is
// gone, and the application ends KILLED. SIGTERM (`tsdask-yarn kill`) ends it KILLED too.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { containerIdToString, applicationAttemptIdToString } from "../../hadoop-rpc/index.js";
import { CONTAINER_FILES } from "../../control/runtime.js";
import {
  LOCAL_APP_DIR_ENV,
  LOCAL_FILES,
  LOCAL_TETHER_ENV,
  type LocalAmInfo,
  type LocalAppInfo,
  type LocalFinal,
} from "../../control/local-layout.js";
import { TsdaskError } from "../../errors.js";
import { specFromJSON } from "../../spec/json.js";
import { VERSION } from "../../version.js";
import { AppMaster } from "../app-master.js";
import type { AmConfig } from "../config.js";
import { KeyValueStore, startControlServer } from "../control/index.js";
import { controlCertificate } from "../control-tls.js";
import { localJournalFs } from "./local-fs.js";
import { LocalNodeManager, type LocalEnd } from "./node-manager.js";
import { LocalScheduler } from "./scheduler.js";

const HOST = "127.0.0.1";
/** After the tether broke or SIGTERM: the AM stops its containers and leaves within this bound. */
const LEAVE_BOUND_MS = 30_000;

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

/** Written to a temporary name, then renamed: a reader never sees half a file. */
function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

function resource(path: string) {
  const s = statSync(path);
  return { path, size: s.size, timestamp: Math.floor(s.mtimeMs) };
}

function localConfig(appDir: string, info: LocalAppInfo): AmConfig {
  const applicationAttemptId = {
    applicationId: { clusterTimestamp: info.clusterTimestamp, id: info.sequence },
    attemptId: 1,
  };
  const containerId = { applicationAttemptId, id: 1 };
  return {
    containerId,
    containerIdText: containerIdToString(containerId),
    appId: info.appId,
    attemptIdText: applicationAttemptIdToString(applicationAttemptId),
    attempt: 1,
    nmHost: HOST,
    stagingDir: join(appDir, LOCAL_FILES.staging),
    defaultFs: "file://",
    namenodeWeb: [],
    user: info.user,
    rmScheduler: [],
    rmWeb: [],
    runtime: resource(join(appDir, LOCAL_FILES.runtime)),
    ...(info.environment ? { environment: resource(info.environment) } : {}),
  };
}

async function main(): Promise<number> {
  const appDir = process.env[LOCAL_APP_DIR_ENV];
  if (!appDir) throw new TsdaskError("AM_ENV_MISSING", `the local AM needs ${LOCAL_APP_DIR_ENV}`);
  const info = JSON.parse(readFileSync(join(appDir, LOCAL_FILES.app), "utf8")) as LocalAppInfo;
  const config = localConfig(appDir, info);
  log(`tsdask-yarn local appmaster ${VERSION}: ${config.containerIdText} (pid ${process.pid})`);
  const spec = specFromJSON(readFileSync(CONTAINER_FILES.spec, "utf8"));
  const secret = readFileSync(CONTAINER_FILES.secret, "utf8").trim();
  const containerEnv = { ...process.env };
  delete containerEnv[LOCAL_APP_DIR_ENV];
  delete containerEnv[LOCAL_TETHER_ENV];
  // The node manager reports ends to the scheduler, which stops containers through the node manager.
  let ended: (end: LocalEnd) => void = () => undefined;
  const nm = new LocalNodeManager({
    containersDir: join(appDir, LOCAL_FILES.containers),
    logsDir: join(appDir, LOCAL_FILES.logs),
    host: HOST,
    baseEnv: containerEnv,
    onEnd: (end) => ended(end),
    log,
  });
  const scheduler = new LocalScheduler({
    attemptId: config.containerId.applicationAttemptId,
    host: HOST,
    stop: (id) => nm.stop(id),
    onFinish: (finalStatus, diagnostics) =>
      writeJson(join(appDir, LOCAL_FILES.final), {
        finalStatus,
        diagnostics,
        finishedTime: Date.now(),
      } satisfies LocalFinal),
  });
  ended = (end) => scheduler.containerEnded(end);
  const kv = new KeyValueStore({ onListenerError: (err) => log(`kv listener failed: ${(err as Error).message}`) });
  const am = new AppMaster({
    config,
    spec,
    secret,
    rm: scheduler,
    nms: nm,
    fs: localJournalFs(config.stagingDir),
    kv,
    log,
  });
  const tls = spec.tls ? await controlCertificate(config.appId, HOST, 1) : undefined;
  const server = await startControlServer({
    host: HOST,
    port: 0,
    secret,
    ...(tls ? { tls } : {}),
    handlers: am.handlers,
    kv,
    proxyBase: "",
    log,
  });
  log(`control server at ${server.url}`);
  const leave = (why: string) => {
    log(`${why}: ending the application`);
    am.handlers.shutdown("KILLED", why);
    setTimeout(() => process.exit(1), LEAVE_BOUND_MS).unref();
  };
  if (process.env[LOCAL_TETHER_ENV] === "1") {
    process.stdin.on("error", () => undefined);
    process.stdin.once("end", () => leave("the launcher that waited for this application is gone"));
    process.stdin.resume();
  }
  process.once("SIGTERM", () => leave("killed (SIGTERM)"));
  process.once("SIGINT", () => leave("interrupted (SIGINT)"));
  writeJson(join(appDir, LOCAL_FILES.am), {
    pid: process.pid,
    controlUrl: server.url,
    ...(server.pageUrl ? { pageUrl: server.pageUrl } : {}),
    startTime: Date.now(),
  } satisfies LocalAmInfo);
  const code = await am.run(server);
  await nm.stopAll();
  await server.close();
  rmSync(join(appDir, LOCAL_FILES.containers), { recursive: true, force: true });
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`appmaster failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
