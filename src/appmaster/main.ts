// Entry of the ApplicationMaster bundle (dist/appmaster.js), run by the NodeManager as
// `tsdask/bin/node tsdask/appmaster.js` in the AM container: reads what the NM and the launcher
// put there, starts the control server, and hands over to the AM core. Exit code 0 = unregistered
// cleanly (whatever the final status); non-zero lets YARN start another attempt if any are left.
import { readFileSync } from "node:fs";
import { TsdaskError } from "../errors.js";
import { ApplicationMasterClient, readContainerTokens, selectToken, TokenKind } from "../hadoop-rpc/index.js";
import { APP_FILES, CONTAINER_FILES } from "../control/runtime.js";
import { specFromJSON } from "../spec/json.js";
import { WebHdfsClient } from "../webhdfs/index.js";
import { appCredentials } from "./credentials.js";
import { VERSION } from "../version.js";
import { AppMaster } from "./app-master.js";
import { amConfigFromEnv } from "./config.js";
import { KeyValueStore, startControlServer } from "./control/index.js";
import { controlCertificate } from "./control-tls.js";
import { NodeManagers } from "./node-managers.js";
import { FailoverRmClient } from "./rm-failover.js";

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<number> {
  const config = amConfigFromEnv(process.env);
  log(`tsdask-yarn appmaster ${VERSION}: ${config.containerIdText} (attempt ${config.attempt})`);
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
  const app = appCredentials(creds, config.user, log);
  const hdfs = new WebHdfsClient({
    urls: config.namenodeWeb,
    user: config.user,
    auth: app.hdfsAuth,
    ...(config.caFile ? { tls: { caFile: config.caFile } } : {}),
    timeoutMs: 30_000,
  });
  const journalPath = `${config.stagingDir}/${APP_FILES.journal}`;
  const fs = {
    stat: (p: string) => hdfs.stat(p),
    delete: (p: string, recursive?: boolean) => hdfs.delete(p, recursive),
    writeJournal: (text: string) => hdfs.create(journalPath, Buffer.from(text), { overwrite: true, permission: "600" }),
    readJournal: async () => {
      if (!(await hdfs.statIfExists(journalPath))) return undefined;
      return readAll(await hdfs.open(journalPath));
    },
  };
  const kv = new KeyValueStore({ onListenerError: (err) => log(`kv listener failed: ${(err as Error).message}`) });
  const am = new AppMaster({
    config,
    spec,
    secret,
    rm,
    nms: new NodeManagers(app.containerTokens ? { containerTokens: app.containerTokens } : {}),
    fs,
    kv,
    log,
  });
  const tls = spec.tls ? await controlCertificate(config.appId, config.nmHost, config.attempt) : undefined;
  const server = await startControlServer({
    host: config.nmHost,
    port: 0,
    secret,
    ...(tls ? { tls } : {}),
    handlers: am.handlers,
    kv,
    proxyBase: `/proxy/${config.appId}`,
    log,
  });
  log(`control server at ${server.url}` + (tls ? `, overview page at ${server.pageUrl}` : " (no TLS)"));
  const code = await am.run(server);
  await server.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`appmaster failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
