// The pure decisions behind adaptive scaling and the idle timeout: up at once, down after
// wait_count consecutive polls, limits clamp; idle measured on the AM's clock per idle_since value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AdaptivePolicy } from "../../../src/appmaster/adaptive.js";
import { IdleClock, idleDiagnostics } from "../../../src/appmaster/idle.js";

test("adaptive: a higher target scales up at once, clamped to maximum", () => {
  const p = new AdaptivePolicy({ minimum: 1, maximum: 3 });
  assert.equal(p.decide(2, 1), 2);
  assert.equal(p.decide(10, 2), 3);
  assert.equal(p.decide(3, 3), undefined);
});

test("adaptive: a lower target scales down only after wait_count polls in a row", () => {
  const p = new AdaptivePolicy({ minimum: 1, maximum: 3 }, 3);
  assert.equal(p.decide(0, 3), undefined);
  assert.equal(p.decide(0, 3), undefined);
  assert.equal(p.decide(0, 3), 1, "clamped to minimum on the third vote");
  // A poll that agrees with the count in between starts the count over: no flapping.
  assert.equal(p.decide(1, 3), undefined);
  assert.equal(p.decide(3, 3), undefined);
  assert.equal(p.decide(1, 3), undefined);
  assert.equal(p.decide(1, 3), undefined);
  assert.equal(p.decide(1, 3), 1);
});

test("adaptive: a scale-up vote resets pending scale-down votes", () => {
  const p = new AdaptivePolicy({ minimum: 0, maximum: 5 }, 2);
  assert.equal(p.decide(1, 3), undefined);
  assert.equal(p.decide(4, 3), 4);
  assert.equal(p.decide(1, 4), undefined);
  assert.equal(p.decide(1, 4), 1);
});

test("adaptive: a count under minimum is raised; over maximum is lowered after the votes", () => {
  const p = new AdaptivePolicy({ minimum: 2, maximum: 4 }, 2);
  assert.equal(p.decide(0, 0), 2);
  assert.equal(p.decide(4, 6), undefined);
  assert.equal(p.decide(4, 6), 4);
});

test("adaptive: a target that is not a count ≥ 0 is ignored and breaks the vote run", () => {
  const p = new AdaptivePolicy({ minimum: 0, maximum: 3 }, 2);
  assert.equal(p.decide(0, 2), undefined);
  for (const bad of [undefined, null, "2", -1, Number.NaN, Infinity]) assert.equal(p.decide(bad, 2), undefined);
  assert.equal(p.decide(0, 2), undefined, "the run started over");
  assert.equal(p.decide(0, 2), 0);
  assert.equal(p.decide(2.7, 0), 2, "fractions round down");
});

test("idle: busy (null) → idle → expired after the timeout on the AM's clock", () => {
  const c = new IdleClock(5_000);
  assert.deepEqual(c.observe(null, 0), { kind: "busy" });
  // The scheduler's clock may be far off the AM's: only the AM's clock measures the duration.
  assert.deepEqual(c.observe(1e9, 1_000), { kind: "idle", idleMs: 0 });
  assert.deepEqual(c.observe(1e9, 5_999), { kind: "idle", idleMs: 4_999 });
  assert.deepEqual(c.observe(1e9, 6_000), { kind: "expired", idleMs: 5_000 });
});

test("idle: work in between (null, or a new idle_since) starts the count over", () => {
  const c = new IdleClock(5_000);
  c.observe(100, 0);
  assert.equal(c.observe(null, 4_000).kind, "busy");
  assert.deepEqual(c.observe(104, 4_500), { kind: "idle", idleMs: 0 });
  assert.deepEqual(c.observe(109, 9_000), { kind: "idle", idleMs: 0 }, "a new idle_since: tasks ran between polls");
  c.unknown();
  assert.deepEqual(c.observe(109, 20_000), { kind: "idle", idleMs: 0 }, "an unreachable scheduler is not idle");
  assert.equal(c.observe("x", 30_000).kind, "busy");
});

test("idle: diagnostics name the timeout", () => {
  assert.equal(idleDiagnostics(300), "idle for 300 s (no dask tasks)");
});
