// GSS-API / Kerberos failures → typed errors that say what to run. MIT krb5 reports them as text
// ("Major: …, Minor: …"); these patterns match its messages (krb5 1.20, the Debian 12 library).
import { TsdaskError, type ErrorCode } from "../errors.js";

interface Rule {
  readonly pattern: RegExp;
  readonly code: ErrorCode;
  /** `keytab`: the one the login uses, when it uses one. */
  readonly hint: (who: string, keytab?: string) => string;
}

const KINIT = (who: string) => `Run 'kinit ${who}' (or pass --keytab FILE --principal ${who}) and try again.`;

const RULES: readonly Rule[] = [
  {
    // --principal names a principal the cache (or, with --keytab, the keytab) has nothing for:
    // a typo or the wrong realm (names are case-sensitive, realms upper-case).
    pattern: /Can't find client principal \S+ in cache collection/i,
    code: "KERBEROS_PRINCIPAL_UNKNOWN",
    hint: (who, keytab) =>
      keytab
        ? `The keytab ${keytab} holds no key for ${who}: 'klist -kt ${keytab}' lists its principals; pass one of them (realm included) as --principal.`
        : `Your ticket cache holds no ticket for ${who}: 'klist' shows the principal it holds (check the realm); run 'kinit ${who}' or pass that principal.`,
  },
  {
    pattern:
      /No Kerberos credentials available|No credentials cache found|Credentials cache .*not found|cache file .* not found/i,
    code: "KERBEROS_NO_TICKET",
    hint: KINIT,
  },
  {
    pattern: /expired|Ticket expired/i,
    code: "KERBEROS_TICKET_EXPIRED",
    hint: (w) => `Your ticket has expired. ${KINIT(w)}`,
  },
  {
    pattern: /Clock skew too great/i,
    code: "KERBEROS_CLOCK_SKEW",
    hint: () =>
      "This machine's clock differs from the KDC's by more than the allowed skew (5 min); synchronise it (NTP/chrony).",
  },
  {
    pattern:
      /Key table file .* not found|Permission denied.*keytab|keytab.*Permission denied|No key table entry found/i,
    code: "KERBEROS_KEYTAB_UNREADABLE",
    hint: () =>
      "Check the --keytab path, that it is readable by you, and that it holds the --principal ('klist -kt FILE').",
  },
  {
    pattern:
      /Server .* not found in Kerberos database|Client .* not found in Kerberos database|Cannot find KDC for realm|unknown principal|Cannot resolve network address for KDC/i,
    code: "KERBEROS_PRINCIPAL_UNKNOWN",
    hint: () =>
      "The principal or realm is not known to the KDC: check the realm in krb5.conf (KRB5_CONFIG) and that the cluster's HTTP/<host> principal exists; 'klist' shows your principal.",
  },
];

/** A binding failure while getting a SPNEGO token for HTTP/<host> → a typed error. */
export function kerberosError(e: unknown, host: string, who: string, keytab?: string): TsdaskError {
  const text = (e as Error)?.message ?? String(e);
  const rule = RULES.find((r) => r.pattern.test(text));
  return new TsdaskError(
    rule?.code ?? "KERBEROS_FAILED",
    `Kerberos authentication to HTTP/${host} failed: ${text}`,
    rule?.hint(who, keytab) ?? `Check your ticket with 'klist'; ${KINIT(who)}`,
    { cause: e },
  );
}
