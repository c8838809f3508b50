// Per-application TLS credentials (docs/design.md §7): a small CA that exists for one
// application only, and the leaf certificates it signs. Pure: no files, no network.
//
// Library choice: node's crypto makes the keys (RSA 2048, native) but cannot issue X.509
// certificates; node-forge builds and signs them. node-forge has no dependencies and needs no
// global polyfills (@peculiar/x509 pulls in tsyringe, which demands a process-wide
// reflect-metadata import in the AM and wrapper bundles). forge signs RSA certificates only,
// which every TLS stack (Python's ssl for dask, node's tls) accepts.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import forge from "node-forge";

export interface PemPair {
  /** The certificate, PEM. */
  readonly cert: string;
  /** Its private key, PKCS#8 PEM. Only the application's owner may read it. */
  readonly key: string;
}

/** Everything the launcher stages: the CA (cert + key) and the leaf shared by the dask roles. */
export interface AppCredentials {
  readonly ca: PemPair;
  /** Scheduler, workers, client script and the user's own Client: mutual TLS, client + server use. */
  readonly dask: PemPair;
}

/** Long-running clusters live for weeks; a year is plenty, and the CA dies with the application. */
const VALIDITY_DAYS = 365;
/** Clocks of cluster nodes drift; a certificate valid from an hour ago is accepted right away. */
const BACKDATE_MS = 60 * 60 * 1000;

function rsaKeyPair(): { key: string; forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(key);
  return { key, forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** A positive random serial (the high bit cleared: DER integers are signed). */
function serial(): string {
  const b = randomBytes(16);
  b.writeUInt8(b.readUInt8(0) & 0x7f, 0);
  return b.toString("hex");
}

function validity(cert: forge.pki.Certificate, now: Date): void {
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
}

function subject(cn: string): forge.pki.CertificateField[] {
  return [
    { name: "organizationName", value: "tsdask-yarn" },
    { name: "commonName", value: cn.slice(0, 64) },
  ];
}

/** The application's CA: signs leaves only (pathlen 0). */
export function makeCa(appId: string, now = new Date()): PemPair {
  const { key, forgeKey, publicKey } = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  validity(cert, now);
  cert.setSubject(subject(`tsdask-yarn CA ${appId}`));
  cert.setIssuer(subject(`tsdask-yarn CA ${appId}`));
  cert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key };
}

export interface LeafOptions {
  readonly commonName: string;
  /** DNS names and IP addresses for subjectAltName (what a verifying client checks). */
  readonly hosts: readonly string[];
  readonly now?: Date;
}

/** A leaf signed by `ca`, usable as TLS server and client (dask's mutual TLS needs both). */
export function issueLeaf(ca: PemPair, options: LeafOptions): PemPair {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const { key, publicKey } = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  validity(cert, options.now ?? new Date());
  cert.setSubject(subject(options.commonName));
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [...new Set(options.hosts)].map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    ...(altNames.length ? [{ name: "subjectAltName", altNames }] : []),
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key };
}

/**
 * The launcher's credentials for one application. The dask leaf names no host: dask checks the
 * chain against the CA but never the host name (distributed.security sets check_hostname=False),
 * and its containers land on nodes unknown at submit. The AM's control API certificate, which
 * clients do check by host, is issued by the AM itself on its node (see issueLeaf).
 */
export function makeAppCredentials(appId: string, now = new Date()): AppCredentials {
  const ca = makeCa(appId, now);
  return { ca, dask: issueLeaf(ca, { commonName: `tsdask-yarn dask ${appId}`, hosts: [], now }) };
}
