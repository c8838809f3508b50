// Kerberos (lazy-loaded native binding) for SPNEGO to Hadoop's web endpoints.
export { Kerberos, loadBinding, type KerberosLogin } from "./kerberos.js";
export { kerberosError } from "./kerberos-errors.js";
