// What the AM learns from its container's environment: its own ids from the NodeManager
// (CONTAINER_ID, NM_HOST) and the addresses the launcher handed over (AM_ENV in control/runtime.ts).
// Pure: takes the environment as a record, so bad values are tested without a container.
// (TSDASK_RPC_PROTECTION is not needed: the SASL layer takes the strongest QOP the RM offers.)
import { TsdaskError } from "../../errors.js";
import {
  applicationAttemptIdToString,
  applicationIdToString,
  parseContainerId,
  type ContainerId,
} from "../../hadoop-rpc/index.js";
import { AM_ENV, decodeEnvJson } from "../../control/runtime.js";
import type { AmIdentity, StagedFile } from "../deps.js";

/** The AM core's identity plus what the YARN wiring needs (ids, addresses). */
export interface AmConfig extends AmIdentity {
  readonly containerId: ContainerId;
  readonly containerIdText: string;
  readonly nmHost: string;
  /** fs.defaultFS as given, e.g. hdfs://nn:8020. */
  readonly defaultFs: string;
  readonly namenodeWeb: readonly string[];
  readonly rmScheduler: readonly { readonly host: string; readonly port: number }[];
  readonly rmWeb: readonly string[];
  /** The CA bundle to trust for https endpoints (in the working directory), if one was shipped. */
  readonly caFile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function need(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v === "")
    throw new TsdaskError("AM_ENV_MISSING", `the AM container has no ${name}`, "submit with tsdask-yarn's launcher");
  return v;
}

const list = (v: string | undefined): string[] =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function resource(v: unknown, what: string): StagedFile {
  const r = v as Partial<StagedFile> | undefined;
  if (!r || typeof r.path !== "string" || typeof r.size !== "number" || typeof r.timestamp !== "number")
    throw new TsdaskError("AM_ENV_INVALID", `${AM_ENV.resources}: '${what}' needs path, size and timestamp`);
  return { path: r.path, size: r.size, timestamp: r.timestamp };
}

export function amConfigFromEnv(env: Env): AmConfig {
  const containerIdText = need(env, "CONTAINER_ID");
  const containerId = parseContainerId(containerIdText);
  const attemptId = containerId.applicationAttemptId;
  const rmScheduler = list(need(env, AM_ENV.rmScheduler)).map((a) => {
    const colon = a.lastIndexOf(":");
    const port = a.slice(colon + 1);
    if (colon < 1 || !/^\d+$/.test(port))
      throw new TsdaskError("AM_ENV_INVALID", `${AM_ENV.rmScheduler}: '${a}' is not host:port`);
    return { host: a.slice(0, colon), port: Number(port) };
  });
  let resources: Record<string, unknown>;
  try {
    resources = decodeEnvJson(need(env, AM_ENV.resources)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TsdaskError) throw e;
    throw new TsdaskError("AM_ENV_INVALID", `${AM_ENV.resources} is not JSON: ${(e as Error).message}`);
  }
  return {
    containerId,
    containerIdText,
    appId: applicationIdToString(attemptId.applicationId),
    attemptIdText: applicationAttemptIdToString(attemptId),
    attempt: attemptId.attemptId,
    nmHost: need(env, "NM_HOST"),
    stagingDir: need(env, AM_ENV.stagingDir).replace(/\/+$/, ""),
    defaultFs: need(env, AM_ENV.defaultFs),
    namenodeWeb: list(need(env, AM_ENV.namenodeWeb)),
    user: env[AM_ENV.user] || env.USER || "",
    rmScheduler,
    rmWeb: list(env[AM_ENV.rmWeb]),
    ...(env[AM_ENV.caFile] ? { caFile: env[AM_ENV.caFile] } : {}),
    runtime: resource(resources.runtime, "runtime"),
    ...(resources.environment !== undefined ? { environment: resource(resources.environment, "environment") } : {}),
  };
}
