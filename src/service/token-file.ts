// Fresh delegation tokens for the code in the container. The NodeManager wrote the container's
// token file (HADOOP_TOKEN_FILE_LOCATION) once, at launch; when the owner refreshes the
// application's tokens (or the AM does with its keytab), the AM publishes them under
// CREDENTIALS_KV. The wrapper checks that key and rewrites the file atomically (a temporary file
// beside it, then rename), so Hadoop clients (pyarrow, libhdfs, our own readers) that read the file
// on their next connection get the new tokens and never a half-written file.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CREDENTIALS_KV, CREDENTIALS_POLL_ENV, type CredentialsRecord } from "../control/runtime.js";
import type { ControlClient } from "../control/client.js";

const DEFAULT_POLL_MS = 30_000;

/** Replaces `file` with `bytes` in one rename: readers see the old file or the new one. */
export function replaceTokenFile(file: string, bytes: Buffer): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, bytes, { mode: 0o600 });
  renameSync(temp, file);
}

export interface TokenFileWatch {
  stop(): void;
}

/**
 * Checks the AM for a new token set every pollMs (CREDENTIALS_POLL_ENV, default 30 s) and writes it
 * when it changed. Failures are logged and retried on the next check: the service runs on either way.
 */
export function watchTokenFile(
  control: Pick<ControlClient, "kvGet">,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): TokenFileWatch | undefined {
  const file = env.HADOOP_TOKEN_FILE_LOCATION;
  if (!file) return undefined;
  const raw = Number(env[CREDENTIALS_POLL_ENV]);
  const pollMs = Number.isInteger(raw) && raw >= 1000 ? raw : DEFAULT_POLL_MS;
  let written: number | undefined;
  let failing = false;
  const check = async () => {
    try {
      const value = await control.kvGet(CREDENTIALS_KV);
      if (value === undefined) return;
      const record = JSON.parse(value) as CredentialsRecord;
      if (record.refreshedAt === written) return;
      replaceTokenFile(file, Buffer.from(record.storage, "base64"));
      written = record.refreshedAt;
      log(
        `tsdask-yarn service: wrote the tokens of ${new Date(record.refreshedAt).toISOString()} (${record.source}) to ${file}`,
      );
      failing = false;
    } catch (err) {
      if (!failing) log(`tsdask-yarn service: cannot update the token file ${file}: ${(err as Error).message}`);
      failing = true;
    }
  };
  const timer = setInterval(() => void check(), pollMs);
  timer.unref();
  void check();
  return { stop: () => clearInterval(timer) };
}
