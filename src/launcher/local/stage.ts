// The local application's directory (control/local-layout.ts), filled before its AM starts: the
// staging directory as the launcher fills it in HDFS (spec, secret 0600, per-application TLS, script
// services' scripts, service files), the runtime (this Node and the service wrapper bundle), and
// the AM's container directory with its files linked as a NodeManager would localize them.
import { chmodSync, cpSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { extract } from "tar";
import { LOCAL_FILES, localAmContainerId, type LocalAppInfo } from "../../control/local-layout.js";
import { APP_FILES, CONTAINER_FILES, RUNTIME } from "../../control/runtime.js";
import { specToJSON, type ApplicationSpec, type FileSpec } from "../../spec/index.js";
import { newSecret } from "../app-staging.js";
import { stageTls, type StagedTls } from "../app-tls.js";
import type { NewLocalApp } from "./home.js";

export interface StagedLocalApp {
  readonly secret: string;
  readonly tls?: StagedTls;
  /** The AM's working directory and log directory. */
  readonly amCwd: string;
  readonly amLogDir: string;
}

function put(path: string, text: string | Buffer) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  const s = statSync(path);
  return Promise.resolve({ path, size: s.size, timestamp: Math.floor(s.mtimeMs) });
}

/** A service file in staging/files/<service>/<target>: archives unpacked (no NM here to do it). */
async function stageFile(dir: string, service: string, target: string, file: FileSpec): Promise<void> {
  const dest = join(dir, APP_FILES.filesDir, service, target);
  mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
  if (file.type === "archive" && statSync(file.source).isFile()) {
    mkdirSync(dest, { recursive: true });
    await extract({ file: file.source, cwd: dest });
  } else {
    cpSync(file.source, dest, { recursive: true });
  }
}

export async function stageLocalApp(
  app: NewLocalApp,
  spec: ApplicationSpec,
  o: { user: string; environment?: string; distDir: string },
): Promise<StagedLocalApp> {
  const staging = join(app.dir, LOCAL_FILES.staging);
  mkdirSync(staging, { mode: 0o700 });
  for (const [name, svc] of Object.entries(spec.services)) {
    if (svc.script !== undefined) {
      const text = svc.script.endsWith("\n") ? svc.script : `${svc.script}\n`;
      await put(join(staging, APP_FILES.servicesDir, `${name}.sh`), text);
    }
    for (const [target, file] of Object.entries(svc.files)) await stageFile(staging, name, target, file);
  }
  const secret = newSecret();
  await put(join(staging, APP_FILES.secret), secret);
  const staged = { ...spec, ...(o.environment ? { environment: o.environment } : {}) };
  await put(join(staging, APP_FILES.spec), specToJSON(staged));
  const tls = spec.tls ? await stageTls(put, staging, app.appId) : undefined;

  const runtime = join(app.dir, LOCAL_FILES.runtime);
  mkdirSync(join(runtime, "bin"), { recursive: true });
  symlinkSync(process.execPath, join(runtime, RUNTIME.node));
  symlinkSync(join(o.distDir, RUNTIME.service), join(runtime, RUNTIME.service));

  const info: LocalAppInfo = {
    appId: app.appId,
    name: spec.name,
    user: o.user,
    clusterTimestamp: app.clusterTimestamp,
    sequence: app.sequence,
    submitTime: Date.now(),
    ...(o.environment ? { environment: o.environment } : {}),
  };
  writeFileSync(join(app.dir, LOCAL_FILES.app), JSON.stringify(info), { mode: 0o600 });

  const amId = localAmContainerId(app.clusterTimestamp, app.sequence);
  const amCwd = join(app.dir, LOCAL_FILES.containers, amId);
  const amLogDir = join(app.dir, LOCAL_FILES.logs, amId);
  mkdirSync(amCwd, { recursive: true, mode: 0o700 });
  mkdirSync(amLogDir, { recursive: true, mode: 0o700 });
  const links: [string, string][] = [
    [CONTAINER_FILES.spec, APP_FILES.spec],
    [CONTAINER_FILES.secret, APP_FILES.secret],
    ...(tls
      ? ([
          [CONTAINER_FILES.tlsCa, APP_FILES.tlsCa],
          [CONTAINER_FILES.tlsCaKey, APP_FILES.tlsCaKey],
        ] as [string, string][])
      : []),
  ];
  for (const [name, file] of links) symlinkSync(join(staging, file), join(amCwd, name));
  return { secret, ...(tls ? { tls } : {}), amCwd, amLogDir };
}
