import assert from "node:assert/strict";
import { test } from "node:test";
import { ProcessStats } from "../../../src/appmaster/process-stats.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function block(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end); // holds the event loop, as a long synchronous step of the AM would
}

test("a stall of the event loop shows in the window it happened in, and leaves with the next window", async () => {
  const p = new ProcessStats(3_600_000); // rotated by hand below
  try {
    await sleep(100);
    block(800);
    await sleep(100);
    const stalled = p.stats().eventLoopDelay;
    assert.ok(stalled.window && stalled.window.maxMs >= 700, `window: ${JSON.stringify(stalled)}`);
    assert.ok(stalled.sinceStart && stalled.sinceStart.maxMs >= 700);
    p.rotate(); // the stalled window is now the last complete one
    await sleep(200);
    p.rotate(); // a quiet window replaces it
    const quiet = p.stats().eventLoopDelay;
    assert.ok(quiet.window && quiet.window.maxMs < 600, `quiet window: ${JSON.stringify(quiet)}`);
    assert.ok(quiet.sinceStart && quiet.sinceStart.maxMs >= 700, "since start keeps the stall");
    // Node counts the 20 ms sampling interval in every sample; it is not delay: a quiet loop is
    // late by a few ms on average, never by the whole interval.
    assert.ok(quiet.window.meanMs < 20, `quiet mean ${quiet.window.meanMs} ms`);
    assert.equal(quiet.windowMs, 3_600_000);
  } finally {
    p.stop();
  }
});

test("the heap figures are the process's own", () => {
  const p = new ProcessStats();
  try {
    const s = p.stats();
    assert.ok(s.heapUsedBytes > 0 && s.heapUsedBytes <= s.heapTotalBytes, JSON.stringify(s));
    assert.ok(s.externalBytes > 0);
  } finally {
    p.stop();
  }
});

test("the heap after a full collection is taken when one ends, and no sooner", async () => {
  const p = new ProcessStats();
  try {
    const before = p.stats();
    assert.equal(before.heapAfterMajorGcBytes, undefined, "no full collection seen yet");
    // A full collection, forced through V8's flag: what a quiet AM's memory reducer does by itself.
    const { setFlagsFromString } = await import("node:v8");
    const { runInNewContext } = await import("node:vm");
    setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
    await sleep(50); // the observer runs after the collection, on a later turn
    const after = p.stats();
    assert.ok(after.heapAfterMajorGcBytes !== undefined, JSON.stringify(after));
    assert.ok(after.heapAfterMajorGcBytes > 1_000_000 && after.heapAfterMajorGcBytes <= after.heapTotalBytes);
    assert.ok(after.lastMajorGcAgoMs !== undefined && after.lastMajorGcAgoMs < 5_000);
  } finally {
    p.stop();
  }
});

test("an idle AM runs a full GC itself when V8 ran none for the idle time, and not before", async () => {
  let calls = 0;
  const p = new ProcessStats(30_000, 3_600_000, () => calls++);
  try {
    p.collectIfIdle(3_600_000);
    assert.equal(calls, 0, "started just now: not idle yet");
    await sleep(30);
    p.collectIfIdle(20);
    assert.equal(calls, 1, "no full GC for longer than the idle time");
    assert.equal(p.stats().idleFullGcs, 1);
  } finally {
    p.stop();
  }
  // With the real collector: the collection it runs is the one the heap figure then comes from.
  const { setFlagsFromString } = await import("node:v8");
  const { runInNewContext } = await import("node:vm");
  setFlagsFromString("--expose-gc");
  const real = new ProcessStats(30_000, 3_600_000, runInNewContext("gc") as () => void);
  try {
    await sleep(30);
    real.collectIfIdle(20);
    await sleep(50);
    const s = real.stats();
    assert.ok(s.heapAfterMajorGcBytes !== undefined && s.lastMajorGcAgoMs! < 5_000, JSON.stringify(s));
    real.collectIfIdle(60_000);
    assert.equal(real.stats().idleFullGcs, 1, "a full GC just ran: nothing to do");
  } finally {
    real.stop();
  }
});
