// The AM's journal writer never runs two writes of journal.json at once: two overlapping WebHDFS
// creates of one path fail the second with a lease error (seen in the scale soak: a scale refused
// with "the new count could not be journaled ... does not have any open files").
import assert from "node:assert/strict";
import { test } from "node:test";
import { DebouncedWriter } from "../../../src/appmaster/journal.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writer(writeMs: number, delayMs: number) {
  const seen = { inFlight: 0, most: 0, writes: 0 };
  const w = new DebouncedWriter(
    async () => {
      seen.most = Math.max(seen.most, ++seen.inFlight);
      await sleep(writeMs);
      seen.inFlight--;
      seen.writes++;
    },
    delayMs,
    () => undefined,
  );
  return { w, seen };
}

test("two scales at once: the change timer set after the first write does not fire into the second", async () => {
  const { w, seen } = writer(40, 5);
  const first = w.sync(); // scale 1 journals
  w.changed(); // scale 2 changed the model during that write…
  const second = w.sync(); // …and waits to journal it
  await Promise.all([first, second]);
  await sleep(100); // past the change timer the first write's end set
  assert.equal(seen.most, 1, "two journal writes ran at once");
  assert.equal(seen.writes, 2, "the second write carried the change: no third one");
});

test("sync, changed and flush in any mix: one write at a time, every caller answered", async () => {
  const { w, seen } = writer(3, 1);
  const calls: Promise<void>[] = [];
  for (let i = 0; i < 300; i++) {
    const k = i % 7;
    if (k === 0 || k === 3) calls.push(w.sync());
    else if (k === 1 || k === 5) calls.push(w.sync());
    else if (k === 6) calls.push(w.flush());
    else w.changed();
    if (i % 5 === 0) await sleep(i % 3);
  }
  await Promise.all(calls);
  await w.flush();
  assert.equal(seen.most, 1);
  assert.equal(seen.inFlight, 0);
});
