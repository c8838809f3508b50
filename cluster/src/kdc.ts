// The KDC of `up --secure`: MIT krb5kdc from Debian (what most sites run beside Active
// Directory), on 127.0.0.1 at a port of this cluster's block. Its database, kdc.conf,
// krb5.conf, keytabs and ticket caches live under <work>/security; nothing system-wide is
// read or written (KRB5_CONFIG / KRB5_KDC_PROFILE point at our files).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HOST, type Layout, PORTS } from "./layout.js";
import { logFile, runningPid, startDaemon, stopDaemon, tail } from "./processes.js";
import { waitFor } from "./readiness.js";
import { ClusterError, onPath } from "./tools.js";

export const REALM = "TSDASK.TEST";
/**
 * The host part of the service principals. Java resolves 127.0.0.1 to its canonical name
 * (`localhost` in /etc/hosts), which is what Hadoop's _HOST substitution would produce.
 */
export const SERVICE_HOST = "localhost";
/** The user the tests act as, and a second one for multi-tenant and proxy-user (doas) tests. */
export const TEST_USER = "tester";
export const OTHER_USER = "other";
/** The cluster script's own identity: root, the HDFS superuser group's member, like the plain cluster. */
export const ADMIN_USER = "root";

/** Keytab name → principals (without realm) it holds. Each principal is in exactly one keytab. */
export const KEYTABS: Record<string, string[]> = {
  nn: [`nn/${SERVICE_HOST}`],
  dn: [`dn/${SERVICE_HOST}`],
  rm: [`rm/${SERVICE_HOST}`],
  nm: [`nm/${SERVICE_HOST}`],
  // SPNEGO: clients that canonicalize ask for HTTP/localhost, those that do not for HTTP/127.0.0.1.
  http: [`HTTP/${SERVICE_HOST}`, `HTTP/${HOST}`],
  [ADMIN_USER]: [ADMIN_USER],
  [TEST_USER]: [TEST_USER],
  [OTHER_USER]: [OTHER_USER],
};

export const principal = (name: string): string => `${name}@${REALM}`;

export interface KerberosPaths {
  dir: string;
  krb5Conf: string;
  kdcConf: string;
  keytab: (name: string) => string;
  ccache: (user: string) => string;
}

export function kerberosPaths(l: Layout): KerberosPaths {
  const dir = join(l.security, "krb5");
  return {
    dir,
    krb5Conf: join(dir, "krb5.conf"),
    kdcConf: join(dir, "kdc.conf"),
    keytab: (name) => join(dir, `${name}.keytab`),
    ccache: (user) => join(dir, `krb5cc_${user}`),
  };
}

/** The environment MIT tools (and the `kerberos` npm binding) need to find our realm. */
export function krb5Env(l: Layout): Record<string, string> {
  const k = kerberosPaths(l);
  return { KRB5_CONFIG: k.krb5Conf, KRB5_KDC_PROFILE: k.kdcConf };
}

// Java 17 and MIT 1.20 share the aes-sha1 types; MIT's newer defaults (aes-sha2) make older JDKs fail.
const ENCTYPES = "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96";

export function krb5Conf(): string {
  return `# written by cluster/hadoop up --secure; clients: export KRB5_CONFIG=<this file>
[libdefaults]
  default_realm = ${REALM}
  dns_lookup_kdc = false
  dns_lookup_realm = false
  # host names stay as written: 127.0.0.1 is not reverse-resolved
  dns_canonicalize_hostname = false
  rdns = false
  # TCP only: Java and MIT agree, and there is no UDP fragmentation on large tickets
  udp_preference_limit = 1
  ticket_lifetime = 24h
  renew_lifetime = 7d
  forwardable = true
  default_tkt_enctypes = ${ENCTYPES}
  default_tgs_enctypes = ${ENCTYPES}
  permitted_enctypes = ${ENCTYPES}
[realms]
  ${REALM} = {
    kdc = ${HOST}:${PORTS.kdc}
  }
[domain_realm]
  localhost = ${REALM}
  ${HOST} = ${REALM}
`;
}

function kdcConf(dir: string): string {
  const enc = ENCTYPES.split(" ")
    .map((e) => `${e}:normal`)
    .join(" ");
  return `# written by cluster/hadoop up --secure (KRB5_KDC_PROFILE)
[kdcdefaults]
  kdc_listen = ${HOST}:${PORTS.kdc}
  kdc_tcp_listen = ${HOST}:${PORTS.kdc}
[realms]
  ${REALM} = {
    database_name = ${join(dir, "principal")}
    key_stash_file = ${join(dir, "stash")}
    acl_file = ${join(dir, "kadm5.acl")}
    max_life = 24h 0m 0s
    max_renewable_life = 7d 0h 0m 0s
    master_key_type = aes256-cts-hmac-sha1-96
    supported_enctypes = ${enc}
  }
[logging]
  kdc = STDERR
  admin_server = FILE:${join(dir, "kadmin.log")}
  default = STDERR
`;
}

function run(l: Layout, cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...krb5Env(l) }, input, encoding: "utf8" });
  if (r.status !== 0)
    throw new ClusterError(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`.trim());
  return r.stdout;
}

const TOOLS: Record<string, string> = {
  krb5kdc: "krb5-kdc",
  kdb5_util: "krb5-kdc",
  "kadmin.local": "krb5-admin-server",
  kinit: "krb5-user",
};

function checkTools(): void {
  const path = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;
  const missing = Object.keys(TOOLS).filter((t) => !path.split(":").some((d) => existsSync(join(d, t))));
  if (missing.length)
    throw new ClusterError(
      `'up --secure' needs MIT Kerberos: ${missing.join(", ")} not found. Install them ` +
        `(Debian: apt-get install -y --no-install-recommends ${[...new Set(missing.map((t) => TOOLS[t]))].join(" ")}) ` +
        `or run scripts/setup.sh.`,
    );
}

const sbin = (t: string): string => onPath(t) ?? join("/usr/sbin", t);

/**
 * Writes krb5.conf/kdc.conf (ports follow TSDASK_PORT_OFFSET) and, on the first run only,
 * creates the realm's database, the principals and their keytabs. Later runs reuse them, so
 * keytabs handed to clients stay valid across restarts.
 */
export function prepareRealm(l: Layout, log: (s: string) => void): void {
  checkTools();
  const k = kerberosPaths(l);
  mkdirSync(k.dir, { recursive: true, mode: 0o700 });
  writeFileSync(k.krb5Conf, krb5Conf());
  writeFileSync(k.kdcConf, kdcConf(k.dir));
  const done = join(k.dir, "principals.done");
  if (existsSync(done)) return;
  log(`creating Kerberos realm ${REALM} and keytabs in ${k.dir}`);
  for (const f of ["principal", "principal.ok", "principal.kadm5", "principal.kadm5.lock", "stash"])
    rmSync(join(k.dir, f), { force: true });
  writeFileSync(join(k.dir, "kadm5.acl"), `*/admin@${REALM} *\n`);
  // The master password only guards the stash in this throw-away realm.
  run(l, sbin("kdb5_util"), ["create", "-s", "-r", REALM, "-P", "tsdask-local-master"]);
  const script = Object.entries(KEYTABS).flatMap(([name, principals]) => {
    rmSync(k.keytab(name), { force: true });
    return [
      ...principals.map((p) => `addprinc -randkey ${principal(p)}`),
      `ktadd -k ${k.keytab(name)} ${principals.map(principal).join(" ")}`,
    ];
  });
  run(l, sbin("kadmin.local"), ["-r", REALM], `${script.join("\n")}\nquit\n`);
  writeFileSync(done, `${new Date().toISOString()}\n`);
}

const KDC = "kdc";
const KDC_MARKER = `${REALM}\0`;

export function kdcRunning(l: Layout): boolean {
  return runningPid(l, KDC, KDC_MARKER) !== undefined;
}

/** Starts krb5kdc in the foreground under our pid file and waits until it issues a ticket. */
export async function startKdc(l: Layout): Promise<number> {
  const pid = startDaemon(l, KDC, {
    java: sbin("krb5kdc"),
    args: ["-n", "-r", REALM],
    env: { ...process.env, ...krb5Env(l) },
  });
  try {
    await waitFor(
      `the KDC on ${HOST}:${PORTS.kdc} to issue a ticket`,
      async () => {
        kinit(l, ADMIN_USER);
        return true;
      },
      { [KDC]: pid },
      15_000,
    );
  } catch (e) {
    await stopKdc(l);
    throw new ClusterError(
      `${(e as Error).message}\n--- last lines of ${logFile(l, KDC)} ---\n${tail(logFile(l, KDC))}`,
    );
  }
  return pid;
}

export function stopKdc(l: Layout): Promise<boolean> {
  return stopDaemon(l, KDC, 5000, KDC_MARKER);
}

/** Gets `user` a ticket from its keytab into its own cache; returns the cache path. */
export function kinit(l: Layout, user: string): string {
  const k = kerberosPaths(l);
  run(l, "kinit", ["-k", "-t", k.keytab(user), "-c", k.ccache(user), principal(user)]);
  return k.ccache(user);
}
