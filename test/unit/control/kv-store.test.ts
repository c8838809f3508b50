// The AM's in-memory KeyValueStore on its own: change listeners (the journal's feed), snapshot and
// restore (AM attempt 2), waits with timeouts and abort signals.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KeyValueStore, type KvChange, type KvSnapshot } from "../../../src/appmaster/control/index.js";

test("put announces each write with an increasing revision; unsubscribe stops it", () => {
  const kv = new KeyValueStore();
  const seen: KvChange[] = [];
  const off = kv.onChange((c) => seen.push(c));
  kv.put("a", "1");
  kv.put("a", "2");
  off();
  kv.put("b", "3");
  assert.deepEqual(seen, [
    { key: "a", value: "1", revision: 1 },
    { key: "a", value: "2", revision: 2 },
  ]);
  assert.equal(kv.revision, 3);
});

test("a throwing listener does not undo the put, stop other listeners or waiters", async () => {
  const errors: unknown[] = [];
  const kv = new KeyValueStore({ onListenerError: (e) => errors.push(e) });
  const later: string[] = [];
  kv.onChange(() => {
    throw new Error("journal write failed");
  });
  kv.onChange((c) => later.push(c.key));
  const waiting = kv.wait("k", 1_000);
  kv.put("k", "v");
  assert.deepEqual(await waiting, { kind: "value", value: "v" });
  assert.equal(kv.get("k"), "v");
  assert.deepEqual(later, ["k"]);
  assert.equal((errors[0] as Error).message, "journal write failed");
});

test("snapshot is JSON-safe and sorted; restore replaces contents and keeps revisions moving forward", () => {
  const kv = new KeyValueStore();
  kv.put("z", "last");
  kv.put("__proto__", "still a key");
  kv.put("a", "first");
  const snap = JSON.parse(JSON.stringify(kv.snapshot())) as KvSnapshot;
  assert.deepEqual(snap, {
    revision: 3,
    entries: [
      ["__proto__", "still a key"],
      ["a", "first"],
      ["z", "last"],
    ],
  });

  const next = new KeyValueStore();
  const seen: KvChange[] = [];
  next.onChange((c) => seen.push(c));
  next.put("stale", "gone after restore");
  next.restore(snap);
  assert.deepEqual(seen.length, 1, "restore is not announced: it came from the journal");
  assert.deepEqual(next.keys(), ["__proto__", "a", "z"]);
  assert.equal(next.get("__proto__"), "still a key");
  assert.equal(next.get("stale"), undefined);
  assert.equal(next.put("b", "x").revision, 4);
});

test("restore releases waiters whose key it brings back", async () => {
  const kv = new KeyValueStore();
  const found = kv.wait("dask.scheduler", 5_000);
  const still = kv.wait("other", 50);
  kv.restore({ revision: 7, entries: [["dask.scheduler", "tcp://h:8786"]] });
  assert.deepEqual(await found, { kind: "value", value: "tcp://h:8786" });
  assert.deepEqual(await still, { kind: "timeout" });
  assert.equal(kv.waiting, 0);
});

test("wait: present key at once, zero timeout, timeout, abort before and during", async () => {
  const kv = new KeyValueStore();
  kv.put("here", "v");
  assert.deepEqual(await kv.wait("here", 0), { kind: "value", value: "v" });
  assert.deepEqual(await kv.wait("absent", 0), { kind: "timeout" });
  assert.deepEqual(await kv.wait("absent", 20), { kind: "timeout" });
  assert.deepEqual(await kv.wait("absent", 1_000, AbortSignal.abort()), { kind: "aborted" });
  const ctl = new AbortController();
  const waiting = kv.wait("absent", 10_000, ctl.signal);
  assert.equal(kv.waiting, 1);
  ctl.abort();
  assert.deepEqual(await waiting, { kind: "aborted" });
  assert.equal(kv.waiting, 0);
});

test("one put releases every waiter of its key, in order, and leaves others waiting", async () => {
  const kv = new KeyValueStore();
  const order: number[] = [];
  const waits = Array.from({ length: 1000 }, (_, i) => kv.wait("k", 10_000).then((o) => (order.push(i), o)));
  const other = kv.wait("other", 10_000);
  assert.equal(kv.waiting, 1001);
  kv.put("k", "v");
  const outcomes = await Promise.all(waits);
  assert.ok(outcomes.every((o) => o.kind === "value" && o.value === "v"));
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
  assert.equal(kv.waiting, 1);
  kv.put("other", "x");
  await other;
});
