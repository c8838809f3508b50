// Resolves where the cluster's services are, from a HadoopConfiguration plus explicit overrides:
// ResourceManager web + scheduler addresses (RM HA included) and NameNode HTTP addresses
// (HDFS HA nameservices included). Key names and defaults follow yarn-default.xml,
// hdfs-default.xml and core-default.xml of Hadoop 3.
import { TsdaskError } from "../errors.js";
import type { HadoopConfiguration } from "./configuration.js";
import { hostPort, sourceOf, toUrl } from "./conf-values.js";
import { resolveNameNodes, type NameNodeEndpoint } from "./namenodes.js";

export type { HttpPolicy } from "./conf-values.js";
import type { HttpPolicy } from "./conf-values.js";

export interface ResourceManagerEndpoint {
  /** The rm-id under RM HA (e.g. "rm1"); undefined for a single RM. */
  readonly id?: string;
  /** Base URL of the RM web app, e.g. http://rm:8088 (REST lives under /ws/v1/cluster). */
  readonly webUrl: string;
  /** host:port of ApplicationMasterProtocol, which the AM connects to. */
  readonly schedulerAddress: string;
}

export interface ClusterAddresses {
  /** In rm-ids order; clients try them in turn and follow standby redirects. */
  readonly resourceManagers: readonly ResourceManagerEndpoint[];
  readonly rmHaEnabled: boolean;
  /**
   * yarn.resourcemanager.recovery.enabled: the RM keeps applications across a restart, so a
   * refused connection is worth waiting out (submit does; see launcher/submit-recovery.ts).
   */
  readonly rmRecoveryEnabled: boolean;
  /** In dfs.ha.namenodes order; clients fail over on StandbyException. */
  readonly nameNodes: readonly NameNodeEndpoint[];
  /** The HDFS HA nameservice fs.defaultFS points at, if any. */
  readonly nameservice?: string;
  /** fs.defaultFS, e.g. hdfs://127.0.0.1:9000: the scheme+authority of YARN local resource URLs. */
  readonly defaultFS: string;
  /** hadoop.rpc.protection QOPs, e.g. ["authentication"] or ["privacy"]. */
  readonly rpcProtection: readonly string[];
  /** hadoop.security.authentication is kerberos (SPNEGO and delegation tokens needed). */
  readonly securityEnabled: boolean;
  /**
   * yarn.resourcemanager.principal with _HOST resolved to the (first) RM's host: the renewer of
   * the delegation tokens a submission carries (the NameNode keeps only its short name).
   */
  readonly rmPrincipal?: string;
  readonly yarnHttpPolicy: HttpPolicy;
  readonly hdfsHttpPolicy: HttpPolicy;
  /**
   * yarn.web-proxy.address as a URL (scheme per yarn.http.policy): a standalone web proxy serves
   * the applications' /proxy/<appId>/ pages instead of the ResourceManager. Absent: the RM does.
   */
  readonly webProxyUrl?: string;
}

/** Explicit addresses (from the spec or flags); each one replaces what the files say. */
export interface AddressOverrides {
  readonly rmWebUrls?: readonly string[];
  readonly rmSchedulerAddress?: string;
  readonly nameNodeWebUrls?: readonly string[];
  readonly defaultFS?: string;
}

const RM = "yarn.resourcemanager";

export function resolveAddresses(conf: HadoopConfiguration, overrides: AddressOverrides = {}): ClusterAddresses {
  const yarnHttpPolicy = httpPolicy(conf, "yarn.http.policy");
  const hdfsHttpPolicy = httpPolicy(conf, "dfs.http.policy");
  const defaultFS = overrides.defaultFS ?? conf.getTrimmed("fs.defaultFS", "file:///")!;
  const rmHaEnabled = conf.getBoolean(`${RM}.ha.enabled`, false);
  const fromConf = resolveResourceManagers(conf, rmHaEnabled, yarnHttpPolicy);
  let resourceManagers: readonly ResourceManagerEndpoint[] = fromConf;
  if (overrides.rmWebUrls?.length) {
    resourceManagers = overrides.rmWebUrls.map((u, i) => ({
      webUrl: normalizeUrl(u, "--rm-web"),
      schedulerAddress: fromConf[i]?.schedulerAddress ?? fromConf[0].schedulerAddress,
    }));
  }
  if (overrides.rmSchedulerAddress) {
    const s = overrides.rmSchedulerAddress;
    resourceManagers = resourceManagers.map((rm) => ({ ...rm, schedulerAddress: s }));
  }
  const nn = resolveNameNodes(conf, defaultFS, hdfsHttpPolicy);
  const nameNodes = overrides.nameNodeWebUrls?.length
    ? overrides.nameNodeWebUrls.map((u) => ({ webUrl: normalizeUrl(u, "--namenode-web") }))
    : nn.nameNodes;
  return {
    resourceManagers,
    rmHaEnabled,
    rmRecoveryEnabled: conf.getBoolean(`${RM}.recovery.enabled`, false),
    nameNodes,
    ...(nn.nameservice ? { nameservice: nn.nameservice } : {}),
    defaultFS,
    rpcProtection: conf.getStrings("hadoop.rpc.protection").length
      ? conf.getStrings("hadoop.rpc.protection")
      : ["authentication"],
    securityEnabled: conf.getTrimmed("hadoop.security.authentication", "simple")!.toLowerCase() === "kerberos",
    ...rmPrincipalOf(conf, resourceManagers[0] ?? fromConf[0]),
    yarnHttpPolicy,
    hdfsHttpPolicy,
    ...webProxyOf(conf, yarnHttpPolicy),
  };
}

function webProxyOf(conf: HadoopConfiguration, policy: HttpPolicy): { webProxyUrl?: string } {
  const key = "yarn.web-proxy.address";
  if (!conf.getTrimmed(key)) return {};
  return { webProxyUrl: toUrl(policy === "HTTPS_ONLY", hostPort(conf, key, "")) };
}

function resolveResourceManagers(
  conf: HadoopConfiguration,
  ha: boolean,
  policy: HttpPolicy,
): [ResourceManagerEndpoint, ...ResourceManagerEndpoint[]] {
  const https = policy === "HTTPS_ONLY";
  const webKey = https ? `${RM}.webapp.https.address` : `${RM}.webapp.address`;
  const webPort = https ? 8090 : 8088;
  if (!ha) {
    const host = conf.getTrimmed(`${RM}.hostname`, "0.0.0.0")!;
    return [
      {
        webUrl: toUrl(https, hostPort(conf, webKey, `${host}:${webPort}`)),
        schedulerAddress: hostPort(conf, `${RM}.scheduler.address`, `${host}:8030`),
      },
    ];
  }
  const [first, ...rest] = conf.getStrings(`${RM}.ha.rm-ids`);
  if (first === undefined) {
    throw new TsdaskError(
      "HADOOP_CONF_INVALID",
      `${RM}.ha.enabled is true but ${RM}.ha.rm-ids is empty${sourceOf(conf, `${RM}.ha.enabled`)}`,
      `List the ResourceManager ids in ${RM}.ha.rm-ids (e.g. rm1,rm2) in yarn-site.xml.`,
    );
  }
  // Under HA each address key is suffixed with the rm-id; when absent, Hadoop (HAUtil) falls back
  // to yarn.resourcemanager.hostname.<id> with the default port.
  const endpoint = (id: string): ResourceManagerEndpoint => {
    const host = conf.getTrimmed(`${RM}.hostname.${id}`);
    const fallbackHost = host ?? conf.getTrimmed(`${RM}.hostname`, "0.0.0.0")!;
    return {
      id,
      webUrl: toUrl(https, hostPort(conf, `${webKey}.${id}`, `${fallbackHost}:${webPort}`)),
      schedulerAddress: hostPort(conf, `${RM}.scheduler.address.${id}`, `${fallbackHost}:8030`),
    };
  };
  return [endpoint(first), ...rest.map(endpoint)];
}

function httpPolicy(conf: HadoopConfiguration, key: string): HttpPolicy {
  const v = conf.getTrimmed(key, "HTTP_ONLY")!.toUpperCase();
  if (v === "HTTP_ONLY" || v === "HTTPS_ONLY" || v === "HTTP_AND_HTTPS") return v;
  throw new TsdaskError(
    "HADOOP_CONF_INVALID",
    `${key} is '${v}'${sourceOf(conf, key)}; expected HTTP_ONLY, HTTPS_ONLY or HTTP_AND_HTTPS`,
    `Correct ${key} in the site file.`,
  );
}

function normalizeUrl(u: string, what: string): string {
  const withScheme = /^https?:\/\//.test(u) ? u : `http://${u}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    throw new TsdaskError("ADDRESS_INVALID", `${what} '${u}' is not a URL or host:port`, "Use e.g. http://rm:8088.");
  }
}

function rmPrincipalOf(conf: HadoopConfiguration, rm: ResourceManagerEndpoint): { rmPrincipal?: string } {
  const principal = conf.getTrimmed(`${RM}.principal`);
  if (!principal) return {};
  const host = rm.schedulerAddress.replace(/:\d+$/, "").toLowerCase();
  return { rmPrincipal: principal.replace("_HOST", host) };
}
