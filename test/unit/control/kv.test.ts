// The key-value store over HTTP: put/get, long-poll waits released by a later put, wait timeouts,
// many waiters on one key, keys that need percent-encoding, and waits released when the server closes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ControlError, kvPath, MAX_KEY_LENGTH, MAX_KV_WAIT_MS, ROUTES } from "../../../src/control/index.js";
import { CREDENTIALS_KV } from "../../../src/control/runtime.js";
import { auth, harness, raw, type Harness } from "./support.js";

let h: Harness;
before(async () => (h = await harness()));
after(() => h.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("put then get; a missing key reads as undefined; a put overwrites", async () => {
  assert.equal(await h.client.kvGet("app.missing"), undefined);
  await h.client.kvPut("app.greeting", "hello");
  assert.equal(await h.client.kvGet("app.greeting"), "hello");
  await h.client.kvPut("app.greeting", "");
  assert.equal(await h.client.kvGet("app.greeting"), "");
  assert.equal(h.server.kv.get("app.greeting"), "");
});

test("keys with '/', '?', '#', '%', spaces and non-ASCII round-trip; __proto__ is just a key", async () => {
  for (const key of ["a/b/c", "q?x=1#frag", "100%", "with space", "ключ-🔑", "__proto__", "a/..", "..."]) {
    await h.client.kvPut(key, `v:${key}`);
    assert.equal(await h.client.kvGet(key), `v:${key}`, key);
  }
  assert.equal(h.server.kv.get("__proto__"), "v:__proto__");
});

test("invalid keys and values → 400", async () => {
  for (const key of ["", "x".repeat(MAX_KEY_LENGTH + 1), "line\nbreak", ".", ".."]) {
    await assert.rejects(h.client.kvPut(key, "v"), { code: "CONTROL_BAD_REQUEST" }, JSON.stringify(key));
  }
  // The server checks on its own (the client's check is a courtesy).
  for (const key of ["", "x".repeat(MAX_KEY_LENGTH + 1), "line\nbreak", "del\u007f"]) {
    const r = await raw(h.server.url + kvPath(key), { method: "PUT", headers: auth, body: '{"value":"v"}' });
    assert.equal(r.status, 400, JSON.stringify(key));
    assert.equal(JSON.parse(r.body).error.code, "BAD_REQUEST");
  }
  const r = await raw(h.server.url + kvPath("k"), { method: "PUT", headers: auth, body: '{"value":42}' });
  assert.equal(r.status, 400);
  assert.equal((await raw(h.server.url + `${ROUTES.kv}%E0%A4%A`, { headers: auth })).status, 400);
  assert.equal(h.server.kv.get("k"), undefined);
});

test("the AM's delegation-token key is not writable over the API; the AM's own put still is", async () => {
  await assert.rejects(h.client.kvPut(CREDENTIALS_KV, '{"tokens":"forged"}'), (err: ControlError) => {
    assert.equal(err.code, "CONTROL_BAD_REQUEST");
    assert.match(err.message, /credentials refresh/);
    return true;
  });
  assert.equal(h.server.kv.get(CREDENTIALS_KV), undefined);
  h.server.kv.put(CREDENTIALS_KV, "from the AM");
  assert.equal(await h.client.kvGet(CREDENTIALS_KV), "from the AM");
});

test("kvWait returns at once for a present key", async () => {
  await h.client.kvPut("present", "yes");
  assert.equal(await h.client.kvWait("present", 10_000), "yes");
});

test("kvWait is released by a later put", async () => {
  const waiting = h.client.kvWait("dask.scheduler", 20_000);
  await sleep(100);
  assert.equal(h.server.kv.waiting, 1);
  await h.client.kvPut("dask.scheduler", "tcp://10.0.0.5:8786");
  assert.equal(await waiting, "tcp://10.0.0.5:8786");
  assert.equal(h.server.kv.waiting, 0);
});

test("kvWait ends with CONTROL_KV_WAIT_TIMEOUT when the key is not written in time", async () => {
  const started = Date.now();
  await assert.rejects(h.client.kvWait("never.written", 300), (err: unknown) => {
    assert.ok(err instanceof ControlError);
    assert.equal(err.code, "CONTROL_KV_WAIT_TIMEOUT");
    assert.match(err.message, /'never\.written' was not written within 300 ms/);
    return true;
  });
  assert.ok(Date.now() - started >= 280);
  assert.equal(h.server.kv.waiting, 0);
  // A raw long-poll that times out is a 404 with its own code, distinct from "never set".
  const r = await raw(h.server.url + `${kvPath("never.written")}?wait=50`, { headers: auth });
  assert.equal(r.status, 404);
  assert.equal(JSON.parse(r.body).error.code, "KV_WAIT_TIMEOUT");
});

test("many waiters on one key are all released by one put; waiters on other keys are not", async () => {
  const waits = Array.from({ length: 50 }, () => h.client.kvWait("rendezvous", 20_000));
  const other = h.client.kvWait("other", 20_000);
  for (let i = 0; i < 100 && h.server.kv.waiting < 51; i++) await sleep(20);
  assert.equal(h.server.kv.waiting, 51);
  await h.client.kvPut("rendezvous", "go");
  assert.deepEqual(await Promise.all(waits), Array(50).fill("go"));
  assert.equal(h.server.kv.waiting, 1);
  await h.client.kvPut("other", "done");
  assert.equal(await other, "done");
});

test("a wait longer than the server's maximum is refused; the client splits it instead", async () => {
  const r = await raw(h.server.url + `${kvPath("k")}?wait=${MAX_KV_WAIT_MS + 1}`, { headers: auth });
  assert.equal(r.status, 400);
  for (const bad of ["-1", "1.5", "soon", ""]) {
    assert.equal((await raw(h.server.url + `${kvPath("k")}?wait=${bad}`, { headers: auth })).status, 400, bad);
  }
  const waiting = h.client.kvWait("later", MAX_KV_WAIT_MS * 3);
  await sleep(50);
  await h.client.kvPut("later", "ok");
  assert.equal(await waiting, "ok");
});

test("a caller that hangs up stops waiting on the server", async () => {
  const { request } = await import("node:http");
  const req = request(h.server.url + `${kvPath("abandoned")}?wait=20000`, { headers: auth, agent: false });
  req.on("error", () => {});
  req.end();
  for (let i = 0; i < 100 && h.server.kv.waiting === 0; i++) await sleep(10);
  assert.equal(h.server.kv.waiting, 1);
  req.destroy();
  for (let i = 0; i < 100 && h.server.kv.waiting > 0; i++) await sleep(10);
  assert.equal(h.server.kv.waiting, 0);
});

test("closing the server releases long-polls with CONTROL_AM_STOPPING", async () => {
  const own = await harness();
  const waits = Promise.allSettled([own.client.kvWait("x", 30_000), own.client.kvWait("y", 30_000)]);
  for (let i = 0; i < 100 && own.server.kv.waiting < 2; i++) await sleep(10);
  const started = Date.now();
  await own.close();
  for (const r of await waits) {
    assert.equal(r.status, "rejected");
    assert.equal(r.reason.code, "CONTROL_AM_STOPPING");
  }
  assert.ok(Date.now() - started < 1_500, "close must not wait for the long-polls to time out");
  await assert.rejects(own.client.status(), { code: "CONTROL_UNREACHABLE" });
});

test("kvWait ends early with the abort reason when its signal fires", async () => {
  const ctl = new AbortController();
  const waiting = h.client.kvWait("aborted.key", 20_000, { signal: ctl.signal });
  for (let i = 0; i < 100 && h.server.kv.waiting === 0; i++) await sleep(10);
  ctl.abort(new Error("wrapper got SIGTERM"));
  await assert.rejects(waiting, /wrapper got SIGTERM/);
  for (let i = 0; i < 100 && h.server.kv.waiting > 0; i++) await sleep(10);
  assert.equal(h.server.kv.waiting, 0, "the server saw the hang-up and dropped the waiter");
  await assert.rejects(h.client.kvWait("aborted.key", 1_000, { signal: AbortSignal.abort() }), { name: "AbortError" });
});
