// TLS for https:// Hadoop endpoints (yarn.http.policy / dfs.http.policy = HTTPS_ONLY). A CA file
// is added to the system's trust store, never replaces verification: a certificate that does not
// verify is an error naming the host, and there is no switch to accept it anyway.
import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { TsdaskError } from "../errors.js";

export interface TlsSettings {
  /** PEM file with the CA certificate(s) that signed the cluster's web certificates. */
  readonly caFile?: string;
}

/** An https agent trusting the system store plus `caFile`; undefined = Node's defaults. */
export function httpsAgent(tls: TlsSettings = {}): Agent | undefined {
  if (!tls.caFile) return undefined;
  let pem: string;
  try {
    pem = readFileSync(tls.caFile, "utf8");
  } catch (e) {
    throw new TsdaskError(
      "CA_FILE_UNREADABLE",
      `cannot read the CA file ${tls.caFile}: ${(e as Error).message}`,
      "Give a readable PEM file with --ca-file (or TSDASK_YARN_CA_FILE / the ca-file config key).",
    );
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new TsdaskError(
      "CA_FILE_UNREADABLE",
      `the CA file ${tls.caFile} holds no PEM certificate`,
      "Give a PEM file (-----BEGIN CERTIFICATE-----), e.g. exported with 'keytool -exportcert -rfc'.",
    );
  }
  return new Agent({ ca: [...rootCertificates, pem], keepAlive: false });
}

// OpenSSL verification failures as Node reports them (err.code).
const CERT_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** A certificate that did not verify → CERT_UNTRUSTED naming the host; anything else → undefined. */
export function certificateError(e: unknown, url: string): TsdaskError | undefined {
  const code = (e as { code?: string })?.code ?? "";
  if (!CERT_CODES.has(code)) return undefined;
  const host = new URL(url).host;
  return new TsdaskError(
    "CERT_UNTRUSTED",
    `the TLS certificate of ${host} does not verify (${code}: ${(e as Error).message})`,
    code === "ERR_TLS_CERT_ALTNAME_INVALID"
      ? `The certificate is not issued for ${new URL(url).hostname}; use the host name the certificate names in the Hadoop configuration.`
      : "Pass the cluster's CA certificate (PEM) with --ca-file, TSDASK_YARN_CA_FILE or the ca-file config key.",
    { cause: e },
  );
}
