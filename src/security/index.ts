// Per-application TLS credentials (and, on the Kerberos branch, the Kerberos client).
export {
  issueLeaf,
  makeAppCredentials,
  makeCa,
  type AppCredentials,
  type LeafOptions,
  type PemPair,
} from "./tls-credentials.js";
