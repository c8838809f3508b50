// The launch inputs of each service: every staged file a container localizes, stat'ed once per AM
// (a local resource needs the exact size and modification time, and stat'ing per container would
// cost a NameNode call per launch on YARN). The runtime and environment archives come with the AM's
// environment, as the launcher saw them at submit.
import { APP_FILES } from "../control/runtime.js";
import { isRemoteUri } from "../spec/paths.js";
import type { LogsSpec } from "../spec/types.js";
import type { AppModel } from "./model.js";
import type { AmIdentity, StagedFile, StagingFs } from "./deps.js";
import { serviceFileLocation, serviceScriptLocation, type LaunchInputs } from "./launch-context.js";

/** What resources.ts needs from the staging fs. */
export type StatFs = Pick<StagingFs, "stat">;

export class LaunchResources {
  private readonly cache = new Map<string, Promise<LaunchInputs>>();
  /** The per-application files every container gets (secret; TLS CA and dask leaf). */
  private appFiles?: Promise<Pick<LaunchInputs, "secret" | "tls">>;

  constructor(
    private readonly fs: StatFs,
    private readonly config: AmIdentity,
    private readonly model: AppModel,
    private readonly controlUrl: string,
    private readonly tls = false,
    /** Rolled logs of the containers; absent: no rolling. */
    private readonly logs?: LogsSpec,
  ) {}

  private async stat(location: string): Promise<StagedFile> {
    const path = isRemoteUri(location) ? decodeURIComponent(new URL(location).pathname) : location;
    const s = await this.fs.stat(path);
    return { path: location, size: s.length, timestamp: s.modificationTime };
  }

  private async statAppFiles(): Promise<Pick<LaunchInputs, "secret" | "tls">> {
    const dir = this.config.stagingDir;
    const secret = await this.stat(`${dir}/${APP_FILES.secret}`);
    if (!this.tls) return { secret };
    const [ca, cert, key] = await Promise.all(
      [APP_FILES.tlsCa, APP_FILES.tlsCert, APP_FILES.tlsKey].map((f) => this.stat(`${dir}/${f}`)),
    );
    return { secret, tls: { ca: ca!, cert: cert!, key: key! } };
  }

  /** The inputs for a service; a failed stat is not cached, so the next launch tries again. */
  forService(service: string): Promise<LaunchInputs> {
    let p = this.cache.get(service);
    if (!p) {
      p = this.load(service);
      this.cache.set(service, p);
      p.catch(() => this.cache.delete(service));
    }
    return p;
  }

  private async load(service: string): Promise<LaunchInputs> {
    const c = this.config;
    const spec = this.model.service(service).spec;
    this.appFiles ??= this.statAppFiles();
    const appFilesP = this.appFiles;
    appFilesP.catch(() => (this.appFiles = undefined));
    const files: Record<string, StagedFile & { archive: boolean }> = {};
    await Promise.all(
      Object.entries(spec.files).map(async ([target, f]) => {
        const r = await this.stat(serviceFileLocation(c.stagingDir, service, target, f.source));
        files[target] = { ...r, archive: f.type === "archive" };
      }),
    );
    const script =
      spec.script !== undefined ? await this.stat(serviceScriptLocation(c.stagingDir, service)) : undefined;
    return {
      appId: c.appId,
      controlUrl: this.controlUrl,
      runtime: c.runtime,
      ...(c.environment ? { environment: c.environment } : {}),
      ...(await appFilesP),
      files,
      ...(script ? { script } : {}),
      ...(this.logs?.partMiB ? { logs: { partBytes: this.logs.partMiB * 1024 * 1024, parts: this.logs.parts } } : {}),
    };
  }
}
