// The wrapper's token file refresh: a new token set under CREDENTIALS_KV replaces the container's
// HADOOP_TOKEN_FILE_LOCATION file in one rename (nothing else left in the directory), once per set.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { CREDENTIALS_KV, CREDENTIALS_POLL_ENV } from "../../../src/control/index.js";
import { watchTokenFile } from "../../../src/service/token-file.js";

test("a new token set is written to the token file atomically, and only once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-tokenfile-"));
  const file = join(dir, "container_tokens");
  writeFileSync(file, "HDTS old");
  let value: string | undefined;
  const asked: string[] = [];
  const control = {
    kvGet: async (key: string) => {
      asked.push(key);
      return value;
    },
  };
  const lines: string[] = [];
  const env = { HADOOP_TOKEN_FILE_LOCATION: file, [CREDENTIALS_POLL_ENV]: "1000" };
  const watch = watchTokenFile(control, env, (l) => lines.push(l))!;
  try {
    await sleep(100);
    assert.equal(readFileSync(file, "utf8"), "HDTS old", "nothing published yet: the file stays");
    const record = {
      storage: Buffer.from("HDTS new").toString("base64"),
      source: "refresh",
      refreshedAt: 7,
      expiries: {},
    };
    value = JSON.stringify(record);
    await sleep(1300);
    assert.equal(readFileSync(file, "utf8"), "HDTS new");
    assert.deepEqual(readdirSync(dir), ["container_tokens"]);
    await sleep(1100);
    assert.equal(lines.filter((l) => l.includes("wrote the tokens")).length, 1);
    assert.ok(asked.every((k) => k === CREDENTIALS_KV) && asked.length >= 3);
  } finally {
    watch.stop();
  }
});

test("without HADOOP_TOKEN_FILE_LOCATION (simple auth) there is nothing to watch", () => {
  assert.equal(
    watchTokenFile({ kvGet: async () => undefined }, {}, () => {}),
    undefined,
  );
});
