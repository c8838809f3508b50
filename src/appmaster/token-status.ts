// What `status` says about the application's delegation tokens: each token's dates, the earliest
// end, a warning ahead of it and the first failure after it, each with what to do. Pure: the
// clock and the tokens are passed in.
import type { CredentialsStatus, TokenSource, TokenStatus } from "../control/types.js";

const DAY_MS = 86_400_000;

/** What the owner can do about tokens that end: said with the warning and with the failure. */
export function credentialsFix(appId: string): string {
  return (
    `run 'tsdask-yarn credentials refresh ${appId}' with a Kerberos ticket (or --keytab) before they end, ` +
    `periodically for a long-running application, or submit with --keytab-in-am so the ApplicationMaster refreshes them itself`
  );
}

/** A token's end: its renew-by time when known, never past its maximum lifetime. */
function endOf(t: TokenStatus): number | undefined {
  if (t.expiry !== undefined && t.maxDate !== undefined) return Math.min(t.expiry, t.maxDate);
  return t.expiry ?? t.maxDate;
}

/**
 * The warning starts a day before the end, or a quarter of the token's lifetime before it when
 * that is shorter (test clusters run minute-long tokens).
 */
export function warningWindowMs(t: TokenStatus): number {
  const lifetime = t.issueDate !== undefined && t.maxDate !== undefined ? t.maxDate - t.issueDate : DAY_MS * 4;
  return Math.min(DAY_MS, lifetime / 4);
}

function inWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

export interface TokenState {
  readonly appId: string;
  readonly source: TokenSource;
  readonly tokens: readonly TokenStatus[];
  readonly refreshedAt?: number;
  readonly failure?: CredentialsStatus["failure"];
}

export function credentialsStatus(s: TokenState, now: number): CredentialsStatus {
  let first: TokenStatus | undefined;
  let endsAt: number | undefined;
  for (const t of s.tokens) {
    const end = endOf(t);
    if (end !== undefined && (endsAt === undefined || end < endsAt)) [first, endsAt] = [t, end];
  }
  let warning: string | undefined;
  if (first && endsAt !== undefined) {
    const at = new Date(endsAt).toISOString();
    if (now >= endsAt) warning = `the delegation token for ${first.service} ended at ${at}: ${credentialsFix(s.appId)}`;
    else if (now >= endsAt - warningWindowMs(first))
      warning = `the delegation token for ${first.service} ends at ${at} (in ${inWords(endsAt - now)}): ${credentialsFix(s.appId)}`;
  }
  return {
    source: s.source,
    tokens: s.tokens,
    ...(s.refreshedAt !== undefined ? { refreshedAt: s.refreshedAt } : {}),
    ...(endsAt !== undefined ? { endsAt } : {}),
    ...(warning ? { warning } : {}),
    ...(s.failure ? { failure: s.failure } : {}),
  };
}
