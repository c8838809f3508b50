// How the launcher authenticates to the cluster's web endpoints: simple auth (user.name) on a
// simple cluster; SPNEGO from the ticket cache or a keytab when core-site says
// hadoop.security.authentication=kerberos (the Kerberos binding is loaded only then); with the
// proxy user as doas. TLS settings (the CA file) apply to every https endpoint.
import { resolve } from "node:path";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import { simple, spnego, type HttpAuth, type TlsSettings } from "../hadoop-http/index.js";
// kerberos.js directly: the security barrel also holds the certificate maker (node-forge).
import { Kerberos } from "../security/kerberos.js";
import type { NodeAccess } from "./logs/container-logs.js";

/** Kerberos login, proxy user and TLS: the spec's principal/keytab/ca-file and user. */
export interface SecurityOptions {
  readonly principal?: string;
  readonly keytab?: string;
  readonly caFile?: string;
  /** Act as this user (doas); on a secure cluster only when it was asked for explicitly. */
  readonly proxyUser?: string;
}

export interface ClusterAccess {
  readonly auth: HttpAuth;
  readonly tls: TlsSettings;
  /** For the NodeManager web services (container logs). */
  readonly nodeAccess: NodeAccess;
}

export function clusterAccess(
  addresses: ClusterAddresses,
  user: string,
  security: SecurityOptions = {},
): ClusterAccess {
  const tls: TlsSettings = security.caFile ? { caFile: resolve(security.caFile) } : {};
  const auth = addresses.securityEnabled
    ? spnego(
        new Kerberos({
          ...(security.principal ? { principal: security.principal } : {}),
          ...(security.keytab ? { keytab: resolve(security.keytab) } : {}),
        }),
        security.proxyUser,
      )
    : simple(user);
  return { auth, tls, nodeAccess: { auth, tls, https: addresses.yarnHttpPolicy === "HTTPS_ONLY" } };
}

/** The security options a spec carries (its principal, keytab, ca-file; its user as proxy user). */
export function securityOf(spec: {
  readonly principal?: string;
  readonly keytab?: string;
  readonly caFile?: string;
  readonly user?: string;
}): SecurityOptions {
  return {
    ...(spec.principal ? { principal: spec.principal } : {}),
    ...(spec.keytab ? { keytab: spec.keytab } : {}),
    ...(spec.caFile ? { caFile: spec.caFile } : {}),
    ...(spec.user ? { proxyUser: spec.user } : {}),
  };
}
