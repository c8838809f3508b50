// The secure local cluster (`cluster/hadoop up --secure`) for the test files that need one.
// CI starts it once: every file calls secureCluster(), the first `up` starts it and later ones
// find it running with the same options (`up` is then a no-op). Only the process that started it
// stops it in releaseSecureCluster(), and not at all with TSDASK_SECURE_KEEP=1 (a runner that
// runs several secure files in a row sets it and stops the cluster itself).
//   TSDASK_SECURE_OFFSET       port offset (default 2000; every port stays below 32768)
//   TSDASK_SECURE_CLUSTER_DIR  work dir (default <tmpdir>/tsdask-secure-cluster)
//   TSDASK_SECURE_UP_OPTIONS   more `up` options for every file, e.g. "--rpc-protection privacy --nodes 2"
import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type LocalCluster, ROOT, type ToolResult } from "./cluster.js";

export const SECURE_OFFSET = Number(process.env.TSDASK_SECURE_OFFSET ?? 2000);
export const SECURE_DIR = process.env.TSDASK_SECURE_CLUSTER_DIR ?? join(tmpdir(), "tsdask-secure-cluster");
const env = { ...process.env, TSDASK_CLUSTER_DIR: SECURE_DIR, TSDASK_PORT_OFFSET: String(SECURE_OFFSET) };

interface Identity {
  principal: string;
  keytab: string;
  ccache: string;
}

/** The state file of a secure cluster (see cluster/src/secure-config.ts SecureInfo). */
export interface SecureCluster extends LocalCluster {
  security: {
    realm: string;
    kdc: string;
    krb5Conf: string;
    caPem: string;
    truststore: string;
    user: Identity;
    otherUser: Identity;
    servicePrincipals: { namenode: string; resourcemanager: string; nodemanager: string; http: string[] };
  };
  options: LocalCluster["options"] & { secure: true; tokenRenewMs: number; tokenMaxLifetimeMs: number };
}

/** `cluster/hadoop <args>` against the secure cluster's work dir and ports. */
export function secureHadoop(args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 240_000): ToolResult {
  const r = spawnSync(join(ROOT, "cluster", "hadoop"), args, {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let startedHere = false;

/**
 * Tokens renew every minute (Hadoop: 24 h), so a suite can outlive a renewal in about a minute.
 * RPC at privacy (SASL auth-conf: the AM's AMRM and NM token connections are encrypted), as many
 * Kerberized sites run, so every secure suite proves it; YARN ACLs enforced, so the other
 * principal's abuse tests see what a shared production cluster does. Every file must start the
 * cluster with the same options, or it restarts.
 */
export const SHARED_OPTIONS = ["--secure", "--token-renew-ms", "60000", "--rpc-protection", "privacy", "--acls"];

/** Starts the secure cluster with `options` unless it already runs with them; returns its state. */
export function secureCluster(options: string[] = []): SecureCluster {
  const fromEnv = (process.env.TSDASK_SECURE_UP_OPTIONS ?? "").split(/\s+/).filter(Boolean);
  const r = secureHadoop(["up", ...SHARED_OPTIONS, ...fromEnv, ...options], {}, 420_000);
  if (r.status !== 0) throw new Error(`cluster/hadoop up --secure failed (exit ${r.status}):\n${r.stderr}`);
  if (!/already running/.test(r.stderr)) startedHere = true;
  return JSON.parse(readFileSync(join(SECURE_DIR, "run", "state.json"), "utf8")) as SecureCluster;
}

export function releaseSecureCluster(): void {
  if (startedHere && !process.env.TSDASK_SECURE_KEEP) secureHadoop(["down"]);
}

export interface CurlResult {
  status: number;
  body: string;
  headers: string;
}

/**
 * An HTTPS request with curl (Debian's, built with GSS-API): `--negotiate` with the ticket cache
 * `ccache` when given, otherwise no credentials at all. The CA is always the cluster's.
 */
export function curl(
  c: SecureCluster,
  url: string,
  opts: { ccache?: string; method?: string; json?: unknown } = {},
): Promise<CurlResult> {
  const args = ["-sS", "--cacert", c.security.caPem, "--max-time", "20", "-D", "-", "-X", opts.method ?? "GET"];
  if (opts.json !== undefined) args.push("-H", "Content-Type: application/json", "--data", JSON.stringify(opts.json));
  if (opts.ccache) args.push("--negotiate", "-u", ":");
  args.push("-w", "\n%{http_code}", url);
  const kenv = {
    ...process.env,
    KRB5_CONFIG: c.security.krb5Conf,
    KRB5CCNAME: `FILE:${opts.ccache ?? "/nonexistent"}`,
  };
  return new Promise((resolve, reject) => {
    execFile("curl", args, { env: kenv, encoding: "utf8", timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl ${url}: ${stderr.trim() || err.message}`));
      const cut = stdout.lastIndexOf("\n");
      // With --negotiate curl prints the 401 challenge's headers first, then the final response's.
      const text = stdout.slice(0, cut);
      const split = text.lastIndexOf("\r\n\r\nHTTP/") >= 0 ? text.lastIndexOf("\r\n\r\nHTTP/") + 4 : 0;
      const final = text.slice(split);
      const end = final.indexOf("\r\n\r\n");
      resolve({ status: Number(stdout.slice(cut + 1)), headers: final.slice(0, end), body: final.slice(end + 4) });
    });
  });
}

/**
 * What the CLI needs on the secure cluster as one of its users: our krb5.conf, that user's
 * ticket cache (filled by `up`) and the cluster's CA.
 */
export function kerberosEnv(c: SecureCluster, who: "user" | "otherUser" = "user"): Record<string, string> {
  return {
    KRB5_CONFIG: c.security.krb5Conf,
    KRB5CCNAME: `FILE:${c.security[who].ccache}`,
    TSDASK_YARN_CA_FILE: c.security.caPem,
  };
}

/** The ticket cache of root, the cluster's admin (yarn.admin.acl, HDFS superuser group): sees every application. */
export const adminCcache = (c: SecureCluster): string => join(dirname(c.security.user.ccache), "krb5cc_root");
