// What the wrapper learns from its container: the SERVICE_ENV variables the AM set, the secret and
// the Python environment the NodeManager localized. Everything is checked up front, so a broken
// launch fails in the first second with a message instead of later inside dask.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CONTAINER_FILES, SERVICE_ENV } from "../control/runtime.js";
import { ServiceError } from "./errors.js";

export interface ServiceEnv {
  readonly controlUrl: string;
  readonly appId?: string;
  readonly service?: string;
  /** `<service>_<index>`: the dask worker name, so the AM can map dask workers to containers. */
  readonly instance?: string;
  readonly vcores?: number;
  readonly memoryMiB?: number;
  /** YARN's CONTAINER_ID, set by the NodeManager in every container. */
  readonly containerId?: string;
}

/** Absolute paths of the application's TLS files in the container (TLS on). */
export interface ContainerTls {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA certificate's text: what the control client trusts. */
  readonly caPem: string;
}

export interface ContainerContext extends ServiceEnv {
  /** The container's working directory. */
  readonly cwd: string;
  readonly secret: string;
  /** Absolute path of ./environment/bin/python. */
  readonly python: string;
  readonly tls?: ContainerTls;
}

type Env = Readonly<Record<string, string | undefined>>;

const AM_BUG = "The ApplicationMaster sets this for every service container; report this as a bug.";

function positiveInt(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^[1-9][0-9]*$/.test(raw.trim())) {
    throw new ServiceError(
      "SERVICE_ENV_INVALID",
      `${name}=${JSON.stringify(raw)} is not a positive whole number`,
      AM_BUG,
    );
  }
  return Number(raw.trim());
}

/** The SERVICE_ENV variables; only the control URL is needed by every role. */
export function parseServiceEnv(env: Env): ServiceEnv {
  const controlUrl = env[SERVICE_ENV.controlUrl];
  if (!controlUrl) {
    throw new ServiceError(
      "SERVICE_ENV_MISSING",
      `${SERVICE_ENV.controlUrl} is not set, so the wrapper cannot reach the ApplicationMaster`,
      `Run the wrapper only inside a tsdask-yarn container, or set ${SERVICE_ENV.controlUrl}=http://<am host>:<port>.`,
    );
  }
  try {
    const u = new URL(controlUrl);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new ServiceError(
      "SERVICE_ENV_INVALID",
      `${SERVICE_ENV.controlUrl}=${JSON.stringify(controlUrl)} is not an http(s) URL`,
      AM_BUG,
    );
  }
  return {
    controlUrl,
    appId: env[SERVICE_ENV.appId] || undefined,
    service: env[SERVICE_ENV.service] || undefined,
    instance: env[SERVICE_ENV.instance] || undefined,
    vcores: positiveInt(env, SERVICE_ENV.vcores),
    memoryMiB: positiveInt(env, SERVICE_ENV.memoryMiB),
    ...(env.CONTAINER_ID ? { containerId: env.CONTAINER_ID } : {}),
  };
}

/** The secret as the launcher wrote it, without the line end an editor or `echo` may add. */
export function readSecret(cwd: string): string {
  const file = path.join(cwd, CONTAINER_FILES.secret);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ServiceError(
      "SERVICE_NO_SECRET",
      `cannot read the application secret ${file}: ${(err as Error).message}`,
      "The secret is a local resource of every container; check that the application's staging directory still exists in HDFS.",
      { cause: err },
    );
  }
  const secret = text.replace(/[\r\n]+$/, "");
  if (!secret) throw new ServiceError("SERVICE_NO_SECRET", `the application secret ${file} is empty`, AM_BUG);
  return secret;
}

export function findPython(cwd: string): string {
  const python = path.join(cwd, CONTAINER_FILES.environment, "bin", "python");
  try {
    accessSync(python, constants.X_OK);
  } catch {
    throw new ServiceError(
      "SERVICE_NO_PYTHON",
      `no Python interpreter at ${python}`,
      "dask roles need an environment: submit with --environment pointing at a venv-pack/conda-pack archive " +
        "(or a directory) that contains bin/python with dask and distributed installed.",
    );
  }
  return python;
}

/**
 * The TLS files, when the AM localized them (the application uses TLS). An https control URL
 * without them is a broken launch: nothing could verify the AM.
 */
export function findTls(cwd: string, controlUrl: string): ContainerTls | undefined {
  const file = (name: string) => path.join(cwd, name);
  const caFile = file(CONTAINER_FILES.tlsCa);
  if (!existsSync(caFile)) {
    if (!controlUrl.startsWith("https:")) return undefined;
    throw new ServiceError(
      "SERVICE_NO_TLS",
      `the control API is https but the container has no CA certificate (${caFile})`,
      "The AM localizes the TLS files into every container of an application with TLS; check that the staging directory still exists in HDFS.",
    );
  }
  const certFile = file(CONTAINER_FILES.tlsCert);
  const keyFile = file(CONTAINER_FILES.tlsKey);
  for (const f of [certFile, keyFile]) {
    if (!existsSync(f))
      throw new ServiceError("SERVICE_NO_TLS", `the container has a CA certificate but no ${f}`, AM_BUG);
  }
  return { caFile, certFile, keyFile, caPem: readFileSync(caFile, "utf8") };
}

export function loadContainer(env: Env, cwd: string): ContainerContext {
  const parsed = parseServiceEnv(env);
  const tls = findTls(cwd, parsed.controlUrl);
  return { ...parsed, cwd, secret: readSecret(cwd), python: findPython(cwd), ...(tls ? { tls } : {}) };
}
