import assert from "node:assert/strict";
import { test } from "node:test";
import { LoopLatency } from "../../../src/appmaster/loop-latency.js";

test("the allocate loop's timing keeps last, mean and max of the call and of the AM's handling", () => {
  const l = new LoopLatency();
  assert.equal(l.stats(), undefined); // nothing before the first iteration
  l.record(12, 0.5);
  l.record(30, 2.25);
  l.record(3, 1);
  assert.deepEqual(l.stats(), {
    iterations: 3,
    allocate: { lastMs: 3, meanMs: 15, maxMs: 30 },
    handle: { lastMs: 1, meanMs: 1.3, maxMs: 2.3 },
  });
});
