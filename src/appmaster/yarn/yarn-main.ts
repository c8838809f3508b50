// The YARN composition of the AM: what the NodeManager and the launcher put in the AM container
// (env → AmConfig, the spec, the secret, the token file) becomes the AM's dependencies: a
// YarnBackend over the RM (HA failover, AMRMToken roll-over) and the NodeManagers, and the
// staging dir through WebHDFS.
import { readFileSync } from "node:fs";
import { TsdaskError } from "../../errors.js";
import { ApplicationMasterClient, readContainerTokens, selectToken, TokenKind } from "../../hadoop-rpc/index.js";
import { APP_FILES, CONTAINER_FILES } from "../../control/runtime.js";
import { specFromJSON } from "../../spec/json.js";
import { WebHdfsClient } from "../../webhdfs/index.js";
import { amConfigFromEnv, type AmConfig } from "./config.js";
import { KeyValueStore } from "../control/index.js";
import { controlCertificate } from "../control-tls.js";
import { appCredentials } from "./credentials.js";
import type { AppTokens } from "./app-tokens.js";
import { KeytabLogin } from "./keytab-login.js";
import type { AppMasterDeps, CredentialsKeeper, StagingFs } from "../deps.js";
import { NodeManagers } from "./node-managers.js";
import { FailoverRmClient } from "./rm-failover.js";
import type { ControlOptions } from "../run.js";
import { YarnBackend } from "./yarn-backend.js";

type Env = Readonly<Record<string, string | undefined>>;

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString("utf8");
}

/** The staging dir through WebHDFS: stat for local resources, the journal, the final delete. */
function webHdfsStaging(hdfs: WebHdfsClient, config: AmConfig): StagingFs {
  const journalPath = `${config.stagingDir}/${APP_FILES.journal}`;
  return {
    stat: (p) => hdfs.stat(p),
    delete: (p, recursive) => hdfs.delete(p, recursive),
    // createParent false: once `kill` deleted the staging dir, a write from an AM that YARN has
    // not stopped yet fails instead of making the dir again (it would stay behind for good).
    writeJournal: (text) =>
      hdfs.create(journalPath, Buffer.from(text), { overwrite: true, permission: "600", createParent: false }),
    readJournal: async () => {
      if (!(await hdfs.statIfExists(journalPath))) return undefined;
      return readAll(await hdfs.open(journalPath));
    },
  };
}

/** With keytab-in-am, the AM's own login runs alongside the tokens' probe. */
function withKeytabLogin(tokens: AppTokens, config: AmConfig, log: (line: string) => void): CredentialsKeeper {
  if (!KeytabLogin.shipped(process.cwd())) return tokens;
  log("keytab-in-am: the ApplicationMaster obtains the HDFS delegation tokens itself");
  const login = new KeytabLogin({ config, tokens, cwd: process.cwd(), log });
  return {
    refresh: (t, e, source) => tokens.refresh(t, e, source),
    status: (now) => tokens.status(now),
    start: () => {
      tokens.start();
      login.start();
    },
    stop: () => {
      tokens.stop();
      login.stop();
    },
  };
}

export interface YarnAm {
  readonly config: AmConfig;
  /** The RM backend itself: asked on SIGTERM whether the attempt is over (yarn-stop.ts). */
  readonly yarn: YarnBackend;
  readonly deps: AppMasterDeps;
  readonly control: ControlOptions;
}

/** Composes the AM for a YARN container from its environment and working directory. */
export async function yarnAppMaster(env: Env, log: (line: string) => void): Promise<YarnAm> {
  const config = amConfigFromEnv(env);
  const spec = specFromJSON(readFileSync(CONTAINER_FILES.spec, "utf8"));
  const secret = readFileSync(CONTAINER_FILES.secret, "utf8").trim();
  const creds = await readContainerTokens();
  if (config.rmScheduler.length === 0) throw new TsdaskError("AM_ENV_INVALID", "no RM scheduler address");
  const amrmToken = selectToken(
    creds.tokens.map((t) => t.token),
    TokenKind.AMRM,
  );
  // One client per RM (HA lists them all); a rolled AMRMToken is handed on to the next one opened.
  let latest: ApplicationMasterClient | undefined;
  const rm = new FailoverRmClient(
    config.rmScheduler,
    (a) =>
      (latest = new ApplicationMasterClient({
        host: a.host,
        port: a.port,
        amrmToken: latest?.amrmToken ?? amrmToken,
        callTimeoutMs: 60_000,
      })),
    log,
  );
  const kv = new KeyValueStore({ onListenerError: (err) => log(`kv listener failed: ${(err as Error).message}`) });
  // The probe runs on a timer, long after `hdfs` below exists.
  const probe = () => hdfs.stat(config.stagingDir);
  const app = appCredentials(creds, config.user, { appId: config.appId, kv, log, probe });
  const hdfs = new WebHdfsClient({
    urls: config.namenodeWeb,
    user: config.user,
    auth: app.hdfsAuth,
    ...(config.caFile ? { tls: { caFile: config.caFile } } : {}),
    timeoutMs: 30_000,
  });
  const nms = new NodeManagers(app.containerTokens ? { containerTokens: app.containerTokens } : {});
  const tls = spec.tls ? await controlCertificate(config.appId, config.nmHost, config.attempt) : undefined;
  const yarn = new YarnBackend({ rm, nms, defaultFs: config.defaultFs, log });
  return {
    config,
    yarn,
    deps: {
      identity: config,
      spec,
      secret,
      backend: yarn,
      fs: webHdfsStaging(hdfs, config),
      kv,
      log,
      ...(app.tokens ? { tokens: withKeytabLogin(app.tokens, config, log) } : {}),
    },
    control: { host: config.nmHost, ...(tls ? { tls } : {}), proxyBase: `/proxy/${config.appId}` },
  };
}
