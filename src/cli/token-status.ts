// The tokens part of `status` (Kerberized clusters): each delegation token with when it expires
// unless renewed and when its maximum lifetime ends; the warning before the end and the first
// refusal after it go to stderr with what to do.
import type { CredentialsStatus, TokenStatus } from "../control/index.js";
import type { CommandContext } from "./io.js";
import { printTable } from "./output.js";

function when(ms: number | undefined, now: number): string {
  if (ms === undefined) return "-";
  const d = Math.round((ms - now) / 1000);
  const rel =
    Math.abs(d) < 120
      ? `${Math.abs(d)} s`
      : Math.abs(d) < 7200
        ? `${Math.round(Math.abs(d) / 60)} min`
        : `${Math.round(Math.abs(d) / 3600)} h`;
  return `${new Date(ms).toISOString().replace(/\.\d+Z$/, "Z")} (${d >= 0 ? `in ${rel}` : `${rel} ago`})`;
}

const expiryOf = (t: TokenStatus, source: string) =>
  t.expiry === undefined && source === "submit" ? "renewed by YARN" : undefined;

export function renderTokens(ctx: CommandContext, c: CredentialsStatus, now = Date.now()): void {
  ctx.io.out("\n");
  printTable(
    ctx.io,
    ["TOKEN", "SERVICE", "EXPIRES", "MAX_LIFETIME_ENDS", "SOURCE"],
    c.tokens.map((t) => [
      t.kind,
      t.service,
      expiryOf(t, c.source) ?? when(t.expiry, now),
      when(t.maxDate, now),
      c.source,
    ]),
  );
  if (c.failure) {
    ctx.io.err(
      `warning: HDFS refused the application's token at ${new Date(c.failure.time).toISOString()}: ${c.failure.message}\n`,
    );
    ctx.io.err(`fix: ${c.failure.fix}\n`);
  } else if (c.warning) ctx.io.err(`warning: ${c.warning}\n`);
}
