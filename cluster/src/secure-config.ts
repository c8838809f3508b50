// Hadoop's secure mode for `up --secure`, layered over config.ts: Kerberos for RPC, SPNEGO on
// every web endpoint (RM and NM web services and WebHDFS included), HTTPS_ONLY, block access
// tokens and SASL on the DataNode's data transfer, so no privileged ports (and no jsvc) are needed.
import { ADMIN_USER, kerberosPaths, OTHER_USER, principal, REALM, SERVICE_HOST, TEST_USER } from "./kdc.js";
import { HOST, type Layout, nmPorts, PORTS } from "./layout.js";
import type { ClusterOptions } from "./options.js";
import { jvmTrustFlags, STORE_PASSWORD, tlsPaths } from "./tls.js";
import type { Props } from "./xml.js";

/**
 * Service principals as configured. The NN and RM use _HOST, as real sites do: each logs in
 * with the name its RPC address (127.0.0.1) resolves to, `localhost`, and clients must resolve
 * _HOST the same way (an RM renewer of rm/127.0.0.1 still maps to yarn). The DN and NM log in
 * with the host they report (127.0.0.1), not `localhost`, so theirs are explicit.
 */
export const SERVICE_PRINCIPALS = {
  namenode: principal("nn/_HOST"),
  datanode: principal(`dn/${SERVICE_HOST}`),
  resourcemanager: principal("rm/_HOST"),
  nodemanager: principal(`nm/${SERVICE_HOST}`),
} as const;

/**
 * Service principals map to the users a real site runs its daemons as (hdfs, yarn), so the
 * HDFS token renewer ("yarn") differs from the submitting user; others map to their first component.
 */
export const AUTH_TO_LOCAL = [
  `RULE:[2:$1@$0](nn@${REALM})s/.*/hdfs/`,
  `RULE:[2:$1@$0](dn@${REALM})s/.*/hdfs/`,
  `RULE:[2:$1@$0](rm@${REALM})s/.*/yarn/`,
  `RULE:[2:$1@$0](nm@${REALM})s/.*/yarn/`,
  // Named, not left to DEFAULT: a container's JVM does not read our krb5.conf, so it has no default realm.
  `RULE:[1:$1@$0](.*@${REALM})s/@.*//`,
  `RULE:[2:$1@$0](.*@${REALM})s/@.*//`,
  "DEFAULT",
].join("\n");

// "*": the SPNEGO handler accepts every HTTP/ principal in the keytab (HTTP/localhost and HTTP/127.0.0.1).
const SPNEGO_PRINCIPAL = "*";

export function secureCoreSite(l: Layout): Props {
  const k = kerberosPaths(l);
  return {
    "hadoop.security.authentication": "kerberos",
    "hadoop.security.authorization": true,
    "hadoop.security.auth_to_local": AUTH_TO_LOCAL,
    "hadoop.http.filter.initializers": "org.apache.hadoop.security.AuthenticationFilterInitializer",
    "hadoop.http.authentication.type": "kerberos",
    "hadoop.http.authentication.simple.anonymous.allowed": false,
    "hadoop.http.authentication.kerberos.principal": SPNEGO_PRINCIPAL,
    "hadoop.http.authentication.kerberos.keytab": k.keytab("http"),
    "hadoop.http.authentication.kerberos.name.rules": AUTH_TO_LOCAL,
    // The test user may act for others (doas=, --user): the proxy-user tests need it.
    [`hadoop.proxyuser.${TEST_USER}.hosts`]: "*",
    [`hadoop.proxyuser.${TEST_USER}.groups`]: "*",
  };
}

export function secureHdfsSite(l: Layout, o: ClusterOptions): Props {
  const k = kerberosPaths(l);
  return {
    "dfs.block.access.token.enable": true,
    "dfs.namenode.kerberos.principal": SERVICE_PRINCIPALS.namenode,
    "dfs.namenode.keytab.file": k.keytab("nn"),
    "dfs.datanode.kerberos.principal": SERVICE_PRINCIPALS.datanode,
    "dfs.datanode.keytab.file": k.keytab("dn"),
    "dfs.web.authentication.kerberos.principal": SPNEGO_PRINCIPAL,
    "dfs.web.authentication.kerberos.keytab": k.keytab("http"),
    "dfs.namenode.kerberos.internal.spnego.principal": SPNEGO_PRINCIPAL,
    // SASL on the data transfer protocol replaces the privileged ports of a root-started DataNode.
    "dfs.data.transfer.protection": o.rpcProtection,
    "dfs.http.policy": "HTTPS_ONLY",
    "dfs.namenode.https-address": `${HOST}:${PORTS.nnHttps}`,
    "dfs.namenode.secondary.https-address": `${HOST}:${PORTS.nnHttps - 2}`,
    "dfs.datanode.https.address": `${HOST}:${PORTS.dnHttps}`,
    // The admin principal (root) is the HDFS superuser's peer, as root is on the plain cluster.
    "dfs.permissions.superusergroup": ADMIN_USER,
    "dfs.namenode.delegation.token.renew-interval": o.tokenRenewMs,
    "dfs.namenode.delegation.token.max-lifetime": o.tokenMaxLifetimeMs,
  };
}

export function secureYarnSite(l: Layout, o: ClusterOptions): Props {
  const k = kerberosPaths(l);
  return {
    "yarn.resourcemanager.principal": SERVICE_PRINCIPALS.resourcemanager,
    "yarn.resourcemanager.keytab": k.keytab("rm"),
    "yarn.nodemanager.principal": SERVICE_PRINCIPALS.nodemanager,
    "yarn.nodemanager.keytab": k.keytab("nm"),
    "yarn.resourcemanager.webapp.spnego-principal": SPNEGO_PRINCIPAL,
    "yarn.resourcemanager.webapp.spnego-keytab-file": k.keytab("http"),
    "yarn.nodemanager.webapp.spnego-principal": SPNEGO_PRINCIPAL,
    "yarn.nodemanager.webapp.spnego-keytab-file": k.keytab("http"),
    "yarn.http.policy": "HTTPS_ONLY",
    "yarn.resourcemanager.webapp.https.address": `${HOST}:${PORTS.rmWebHttps}`,
    // REST calls may authenticate with an RM delegation token instead of SPNEGO (services acting for users).
    "yarn.resourcemanager.webapp.delegation-token-auth-filter.enabled": true,
    "yarn.resourcemanager.delegation.token.renew-interval": o.tokenRenewMs,
    "yarn.resourcemanager.delegation.token.max-lifetime": o.tokenMaxLifetimeMs,
    // A real site runs LinuxContainerExecutor (containers as the submitting user; see README).
    "yarn.nodemanager.container-executor.class": "org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor",
  };
}

export function secureNodeManagerProps(i: number): Props {
  return { "yarn.nodemanager.webapp.https.address": `${HOST}:${nmPorts(i).webHttps}` };
}

/**
 * JVM flags every daemon and Hadoop CLI of the secure cluster gets: our krb5.conf (never
 * /etc/krb5.conf), and our CA for code that uses the JDK's default trust instead of ssl-client.xml.
 */
export function secureJvmFlags(l: Layout): string[] {
  return [`-Djava.security.krb5.conf=${kerberosPaths(l).krb5Conf}`, ...jvmTrustFlags(tlsPaths(l))];
}

/** What clients and tests need to know about the secure cluster; stored in the state file. */
export interface SecureInfo {
  realm: string;
  kdc: string;
  /** export KRB5_CONFIG=<this> for MIT tools and the `kerberos` npm binding. */
  krb5Conf: string;
  /** The CA of every HTTPS endpoint, PEM (curl --cacert, --ca-file, TSDASK_YARN_CA_FILE). */
  caPem: string;
  truststore: string;
  truststorePassword: string;
  /** The test user and the second one, each with a keytab and a ticket cache filled at `up`. */
  user: { principal: string; keytab: string; ccache: string };
  otherUser: { principal: string; keytab: string; ccache: string };
  servicePrincipals: typeof SERVICE_PRINCIPALS & { http: string[] };
}

export function secureInfo(l: Layout): SecureInfo {
  const k = kerberosPaths(l);
  const t = tlsPaths(l);
  const who = (u: string) => ({ principal: principal(u), keytab: k.keytab(u), ccache: k.ccache(u) });
  return {
    realm: REALM,
    kdc: `${HOST}:${PORTS.kdc}`,
    krb5Conf: k.krb5Conf,
    caPem: t.caPem,
    truststore: t.truststore,
    truststorePassword: STORE_PASSWORD,
    user: who(TEST_USER),
    otherUser: who(OTHER_USER),
    servicePrincipals: { ...SERVICE_PRINCIPALS, http: [principal(`HTTP/${SERVICE_HOST}`), principal(`HTTP/${HOST}`)] },
  };
}
