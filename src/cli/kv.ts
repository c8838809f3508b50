// `kv APP_ID KEY [VALUE]`: the AM's key-value store from outside the application, for scripts and
// for the Python YarnCluster (application_client.kv; deploy_mode="local" publishes its in-process
// scheduler's address here so the worker containers find it).
import { checkAppId, connect } from "../launcher/index.js";
import { TsdaskError } from "../errors.js";
import { parseDurationFlag, UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

export async function kvCommand(
  ctx: CommandContext,
  appId: string,
  key: string,
  value: string | undefined,
  opts: { wait?: string },
): Promise<number> {
  checkAppId(appId);
  if (value !== undefined && opts.wait !== undefined) {
    throw new UsageError("--wait is for reading a key; a write does not wait", `tsdask-yarn kv ${appId} ${key} VALUE`);
  }
  const waitMs = opts.wait === undefined ? undefined : parseDurationFlag("--wait", opts.wait);
  const app = await connect(appId, clusterOptions(ctx));
  let result: string;
  if (value !== undefined) {
    await app.client.kvPut(key, value);
    result = value;
  } else if (waitMs !== undefined) {
    result = await app.client.kvWait(key, waitMs);
  } else {
    const found = await app.client.kvGet(key);
    if (found === undefined) {
      throw new TsdaskError(
        "KV_KEY_MISSING",
        `${appId} has no key '${key}'`,
        `Write it with 'tsdask-yarn kv ${appId} ${key} VALUE', or wait for it with --wait.`,
      );
    }
    result = found;
  }
  if (ctx.global.json) printJson(ctx.io, { appId, key, value: result });
  else ctx.io.out(`${result}\n`);
  return 0;
}
