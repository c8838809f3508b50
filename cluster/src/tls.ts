// HTTPS for `up --secure`: a small CA and one server certificate for localhost/127.0.0.1,
// made with the JDK's keytool (no openssl needed), in PKCS12 stores that Hadoop's
// ssl-server.xml / ssl-client.xml name. The CA is also exported as PEM for Node clients.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { HOST, type Layout } from "./layout.js";
import { ClusterError, javaHome } from "./tools.js";
import type { Props } from "./xml.js";

/** Guards only the stores of this throw-away test cluster (Hadoop reads it from ssl-*.xml). */
export const STORE_PASSWORD = "tsdask-local";

export interface TlsPaths {
  dir: string;
  /** The CA certificate, PEM: what `--ca-file` / TSDASK_YARN_CA_FILE / curl --cacert take. */
  caPem: string;
  keystore: string;
  truststore: string;
}

export function tlsPaths(l: Layout): TlsPaths {
  const dir = join(l.security, "tls");
  return {
    dir,
    caPem: join(dir, "ca.pem"),
    keystore: join(dir, "keystore.p12"),
    truststore: join(dir, "truststore.p12"),
  };
}

function keytool(args: string[]): void {
  const r = spawnSync(join(javaHome(), "bin", "keytool"), [...args, "-storetype", "PKCS12", "-noprompt"], {
    encoding: "utf8",
  });
  if (r.status !== 0)
    throw new ClusterError(`keytool ${args.slice(0, 2).join(" ")} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

/**
 * Makes the CA, the server keystore and the truststore once (into a temporary directory,
 * renamed when complete, so a half-made set is never used). Later runs keep them: clients
 * that trusted the CA PEM keep working across restarts.
 */
export function ensureCertificates(l: Layout, log: (s: string) => void): TlsPaths {
  const t = tlsPaths(l);
  if (existsSync(t.caPem) && existsSync(t.keystore) && existsSync(t.truststore)) return t;
  log(`making a CA and a server certificate for localhost/${HOST} with keytool`);
  const tmp = `${t.dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const ca = join(tmp, "ca.p12");
  const pw = ["-storepass", STORE_PASSWORD];
  const key = ["-keyalg", "RSA", "-keysize", "2048", "-validity", "3650"];
  keytool([
    "-genkeypair",
    "-alias",
    "ca",
    ...key,
    "-dname",
    "CN=tsdask-yarn local CA",
    "-ext",
    "bc:c",
    "-keystore",
    ca,
    ...pw,
  ]);
  keytool(["-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, ...pw, "-file", join(tmp, "ca.pem")]);
  const ks = join(tmp, "keystore.p12");
  keytool(["-genkeypair", "-alias", "server", ...key, "-dname", "CN=localhost", "-keystore", ks, ...pw]);
  keytool(["-certreq", "-alias", "server", "-keystore", ks, ...pw, "-file", join(tmp, "server.csr")]);
  keytool([
    "-gencert",
    "-alias",
    "ca",
    "-keystore",
    ca,
    ...pw,
    "-infile",
    join(tmp, "server.csr"),
    "-outfile",
    join(tmp, "server.pem"),
    "-rfc",
    "-validity",
    "3650",
    // Clients connect by IP (127.0.0.1) or by name (localhost): both must verify.
    "-ext",
    `san=dns:localhost,ip:${HOST}`,
    "-ext",
    "eku=serverAuth",
  ]);
  // The chain goes in CA first, so keytool can link the signed certificate to its key.
  keytool(["-importcert", "-alias", "ca", "-file", join(tmp, "ca.pem"), "-keystore", ks, ...pw]);
  keytool(["-importcert", "-alias", "server", "-file", join(tmp, "server.pem"), "-keystore", ks, ...pw]);
  keytool([
    "-importcert",
    "-alias",
    "ca",
    "-file",
    join(tmp, "ca.pem"),
    "-keystore",
    join(tmp, "truststore.p12"),
    ...pw,
  ]);
  rmSync(ca); // the CA's private key is not needed again; only its certificate is trusted
  rmSync(t.dir, { recursive: true, force: true });
  renameSync(tmp, t.dir);
  return t;
}

export function sslServer(t: TlsPaths): Props {
  return {
    "ssl.server.keystore.location": t.keystore,
    "ssl.server.keystore.password": STORE_PASSWORD,
    "ssl.server.keystore.keypassword": STORE_PASSWORD,
    "ssl.server.keystore.type": "pkcs12",
    "ssl.server.truststore.location": t.truststore,
    "ssl.server.truststore.password": STORE_PASSWORD,
    "ssl.server.truststore.type": "pkcs12",
  };
}

export function sslClient(t: TlsPaths): Props {
  return {
    "ssl.client.truststore.location": t.truststore,
    "ssl.client.truststore.password": STORE_PASSWORD,
    "ssl.client.truststore.type": "pkcs12",
  };
}

/** JVM flags so code that uses the JDK's default trust (not ssl-client.xml) trusts our CA too. */
export function jvmTrustFlags(t: TlsPaths): string[] {
  return [
    `-Djavax.net.ssl.trustStore=${t.truststore}`,
    `-Djavax.net.ssl.trustStorePassword=${STORE_PASSWORD}`,
    "-Djavax.net.ssl.trustStoreType=pkcs12",
  ];
}
