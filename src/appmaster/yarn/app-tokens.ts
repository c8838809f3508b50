// The application's delegation tokens while it runs. YARN gave the AM the submitted ones; a
// `credentials refresh` (or the AM's own keytab login) hands it fresh ones. The fresh set lives
// in the key-value store under CREDENTIALS_KV, so the journal carries it to a later AM attempt and
// every container's wrapper finds it there and rewrites its token file. The AM's own WebHDFS calls
// and the launch contexts of new containers always use whatever is current.
//
// A probe (a GETFILESTATUS of the staging dir with the current token, a few times per token
// lifetime) notices the first refusal once the tokens ended, so `status` can say so with the fix.
import { TsdaskError } from "../../errors.js";
import { CREDENTIALS_KV, type CredentialsRecord } from "../../control/runtime.js";
import type { CredentialsStatus, TokenSource, TokenStatus } from "../../control/types.js";
import type { HttpAuth } from "../../hadoop-http/index.js";
import { decodeTokenUrl, encodeTokenUrl, parseDelegationIdentifier } from "../../hadoop-io/index.js";
import { decodeTokenStorage, encodeTokenStorage, TokenKind, type Credentials } from "../../hadoop-rpc/index.js";
import type { KeyValueStore } from "../control/index.js";
import { credentialsFix, credentialsStatus } from "../token-status.js";

export interface AppTokensOptions {
  readonly appId: string;
  /** The delegation tokens YARN gave the AM container (no AMRMToken). */
  readonly submitted: Credentials;
  readonly kv: KeyValueStore;
  readonly log: (line: string) => void;
  /** An HDFS call that needs a valid token (the staging dir's status). */
  readonly probe: () => Promise<unknown>;
}

/** A refusal that means the token is no good (expired, cancelled, past its maximum lifetime). */
const TOKEN_REFUSAL = /token|401|403|unauthori[sz]ed|forbidden/i;

export class AppTokens {
  private failure?: CredentialsStatus["failure"];
  private timer?: NodeJS.Timeout;

  constructor(private readonly o: AppTokensOptions) {}

  private record(): CredentialsRecord | undefined {
    const raw = this.o.kv.get(CREDENTIALS_KV);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as CredentialsRecord;
    } catch {
      return undefined;
    }
  }

  /** The tokens in use: the latest refreshed set, else the submitted one. */
  current(): Credentials {
    const r = this.record();
    return r ? decodeTokenStorage(Buffer.from(r.storage, "base64")) : this.o.submitted;
  }

  private hdfsTokenUrl(): string | undefined {
    const t = this.current().tokens.find((x) => x.token.kind === TokenKind.HDFS_DELEGATION);
    return t ? encodeTokenUrl(t.token) : undefined;
  }

  /** WebHDFS authentication that follows refreshes: the params are read for every request. */
  hdfsAuth(): HttpAuth {
    const url = () => this.hdfsTokenUrl();
    return {
      scheme: "delegation-token",
      get params(): Record<string, string> {
        const token = url();
        return token ? { delegation: token } : {};
      },
      headers: async () => ({}),
    };
  }

  /** HDTS bytes for a container launched now. */
  containerTokens(): Uint8Array | undefined {
    const c = this.current();
    return c.tokens.length ? encodeTokenStorage(c) : undefined;
  }

  /**
   * Replaces tokens by alias (others stay) and stores the new set. Throws a TsdaskError for a
   * token that does not decode. The caller journals the store before answering.
   */
  refresh(
    tokens: Readonly<Record<string, string>>,
    expiries: Readonly<Record<string, number>>,
    source: "refresh" | "keytab",
  ): void {
    const byAlias = new Map(this.current().tokens.map((t) => [t.alias, t.token]));
    for (const [alias, url] of Object.entries(tokens)) {
      try {
        byAlias.set(alias, decodeTokenUrl(url));
      } catch (err) {
        throw new TsdaskError(
          "AM_CREDENTIALS_INVALID",
          `token '${alias}' is not a Hadoop token: ${(err as Error).message}`,
        );
      }
    }
    const storage = encodeTokenStorage({
      tokens: [...byAlias].map(([alias, token]) => ({ alias, token })),
      secrets: [],
    });
    const record: CredentialsRecord = {
      storage: storage.toString("base64"),
      source,
      refreshedAt: Date.now(),
      expiries: { ...(this.record()?.expiries ?? {}), ...expiries },
    };
    this.o.kv.put(CREDENTIALS_KV, JSON.stringify(record));
    this.failure = undefined;
    this.o.log(
      `credentials ${source}: ${Object.keys(tokens).join(", ")} replaced; containers get them on their next check`,
    );
    this.schedule();
  }

  /** A problem that is not a refusal (the AM's keytab login failed): shown like one, until tokens arrive. */
  reportProblem(message: string, fix: string): void {
    if (!this.failure) this.failure = { time: Date.now(), message, fix };
  }

  status(now = Date.now()): CredentialsStatus | undefined {
    const r = this.record();
    const creds = this.current();
    if (creds.tokens.length === 0) return undefined;
    const tokens: TokenStatus[] = creds.tokens.map(({ alias, token }) => {
      const expiry = r?.expiries[alias];
      let dates = {};
      try {
        const id = parseDelegationIdentifier(token.identifier);
        dates = { issueDate: id.issueDate, maxDate: id.maxDate };
      } catch {
        // not a delegation token identifier: no dates to show
      }
      return { alias, kind: token.kind, service: token.service, ...dates, ...(expiry ? { expiry } : {}) };
    });
    const source: TokenSource = r?.source ?? "submit";
    return credentialsStatus(
      {
        appId: this.o.appId,
        source,
        tokens,
        ...(r ? { refreshedAt: r.refreshedAt } : {}),
        ...(this.failure ? { failure: this.failure } : {}),
      },
      now,
    );
  }

  /** Probes a few times per token lifetime, and just after the tokens' end. */
  start(): void {
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.stop();
    const s = this.status();
    if (!s) return;
    const now = Date.now();
    const lifetimes = s.tokens.map((t) => (t.maxDate ?? 0) - (t.issueDate ?? 0)).filter((x) => x > 0);
    const every = Math.min(600_000, Math.max(5_000, Math.min(...lifetimes, 3_600_000) / 6));
    const untilEnd = s.endsAt !== undefined && s.endsAt > now ? s.endsAt - now + 2_000 : every;
    this.timer = setTimeout(() => void this.check(), Math.min(every, untilEnd));
    this.timer.unref();
  }

  private async check(): Promise<void> {
    try {
      await this.o.probe();
      if (this.failure) this.o.log("HDFS accepts the application's token again");
      this.failure = undefined;
    } catch (err) {
      const message = (err as Error).message;
      if (!this.failure && TOKEN_REFUSAL.test(message)) {
        this.failure = { time: Date.now(), message, fix: credentialsFix(this.o.appId) };
        this.o.log(`HDFS refused the application's delegation token: ${message}`);
      }
    }
    this.schedule();
  }
}
