// Kerberos (lazy-loaded native binding) for SPNEGO to Hadoop's web endpoints.
export { Kerberos, loadBinding, type KerberosLogin } from "./kerberos.js";
export { kerberosError } from "./kerberos-errors.js";
// Per-application TLS credentials.
export {
  issueLeaf,
  makeAppCredentials,
  makeCa,
  type AppCredentials,
  type LeafOptions,
  type PemPair,
} from "./tls-credentials.js";
