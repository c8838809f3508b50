// keytab-in-am: the AM logs in from the keytab the launcher shipped (with the Kerberos binding for
// this platform) and obtains the application's HDFS delegation tokens itself, at start and again
// at three quarters of the way to the current ones' end (as Spark's AM does), then hands them to
// AppTokens like a `credentials refresh` would: used by the AM, journaled, pushed to containers.
// A login that fails (no binding for this platform, a keytab the KDC refuses) is reported in
// `status` and retried; the application runs on with the tokens it has.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONTAINER_FILES } from "../../control/runtime.js";
import { spnego } from "../../hadoop-http/index.js";
import { TokenKind } from "../../hadoop-rpc/index.js";
import { Kerberos } from "../../security/kerberos.js";
import { refreshedTokens, WebHdfsClient } from "../../webhdfs/index.js";
import type { AppTokens } from "./app-tokens.js";
import type { AmConfig } from "./config.js";

const RETRY_MS = 15_000;

export class KeytabLogin {
  private timer?: NodeJS.Timeout;
  private hdfs?: WebHdfsClient;

  constructor(private readonly o: { config: AmConfig; tokens: AppTokens; cwd: string; log: (line: string) => void }) {}

  /** Present when the launcher shipped a keytab (keytab-in-am). */
  static shipped(cwd: string): boolean {
    return existsSync(join(cwd, CONTAINER_FILES.keytab));
  }

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.stop();
    this.timer = setTimeout(() => void this.obtain(), ms);
    this.timer.unref();
  }

  private client(): WebHdfsClient {
    if (this.hdfs) return this.hdfs;
    const { config, cwd } = this.o;
    const kerberos = new Kerberos({
      keytab: join(cwd, CONTAINER_FILES.keytab),
      bindingPath: join(cwd, CONTAINER_FILES.kerberosBinding, "kerberos"),
    });
    this.hdfs = new WebHdfsClient({
      urls: config.namenodeWeb,
      user: config.user,
      auth: spnego(kerberos),
      ...(config.caFile ? { tls: { caFile: config.caFile } } : {}),
      timeoutMs: 30_000,
    });
    return this.hdfs;
  }

  private async obtain(): Promise<void> {
    const { tokens, log } = this.o;
    const current = tokens.current().tokens.find((t) => t.token.kind === TokenKind.HDFS_DELEGATION);
    if (!current) return;
    try {
      const fresh = await refreshedTokens(current.alias, this.client(), this.o.config.user);
      tokens.refresh(fresh.tokens, fresh.expiries, "keytab");
      const end = tokens.status()?.endsAt ?? Date.now() + RETRY_MS;
      const next = Math.max(5_000, Math.floor((end - Date.now()) * 0.75));
      log(`keytab login: new HDFS delegation token; the next one in ${Math.round(next / 1000)} s`);
      this.schedule(next);
    } catch (err) {
      const message = (err as Error).message;
      log(`keytab login: could not obtain HDFS delegation tokens: ${message}`);
      tokens.reportProblem(
        `the ApplicationMaster could not obtain tokens from its keytab: ${message}`,
        (err as { hint?: string }).hint ??
          "check the keytab (klist -kt) and the AM's krb5.conf (KRB5_CONFIG in am.env)",
      );
      this.schedule(RETRY_MS);
    }
  }
}
