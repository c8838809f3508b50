// Status, scale and shutdown through the real client against the real server with a fake AM core.
// Invalid requests must reach the AM core never: the core records every call it gets.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { exitCodeFor } from "../../../src/cli/exit.js";
import { TsdaskError } from "../../../src/errors.js";
import { ControlError, MAX_DIAGNOSTICS_LENGTH, ROUTES } from "../../../src/control/index.js";
import { auth, harness, raw, sampleStatus, type Harness } from "./support.js";

let h: Harness;
before(async () => (h = await harness()));
after(() => h.close());
beforeEach(() => {
  h.core.scaled.length = 0;
  h.core.shutdowns.length = 0;
  h.core.failWith = undefined;
});

function rejectsWith(p: Promise<unknown>, code: string, serverCode?: string, message?: RegExp) {
  return assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ControlError, String(err));
    assert.equal(err.code, code);
    if (serverCode) assert.equal(err.serverCode, serverCode);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test("status returns the AM core's report unchanged, as no-store JSON", async () => {
  assert.deepEqual(await h.client.status(), sampleStatus());
  const r = await raw(h.server.url + ROUTES.status, { headers: auth });
  assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
  assert.equal(r.headers["cache-control"], "no-store");
  const report = JSON.parse(r.body);
  const worker = report.services[1];
  assert.deepEqual(worker.counts, { WAITING: 0, REQUESTED: 1, RUNNING: 1, SUCCEEDED: 0, FAILED: 1, KILLED: 0 });
  assert.equal(worker.containers[1].exitStatus, -104);
  assert.equal(report.dask.schedulerAddress, "tcp://nm1.example.org:8786");
});

test("scale an existing service: the core is told, the answer has previous and desired", async () => {
  assert.deepEqual(await h.client.scale("dask.worker", 5), { service: "dask.worker", previous: 2, desired: 5 });
  assert.deepEqual(await h.client.scale("dask.worker", 0), { service: "dask.worker", previous: 2, desired: 0 });
  assert.deepEqual(h.core.scaled, [
    ["dask.worker", 5],
    ["dask.worker", 0],
  ]);
});

test("scale of an unknown service → 400 UNKNOWN_SERVICE naming the services; core not called", async () => {
  await rejectsWith(h.client.scale("dask.wrker", 3), "CONTROL_UNKNOWN_SERVICE", "UNKNOWN_SERVICE", /dask\.worker/);
  assert.deepEqual(h.core.scaled, []);
});

test("scale with a negative, fractional, huge or non-number count → 400; core not called", async () => {
  for (const n of [-1, 1.5, Number.NaN, 1e9, Infinity]) {
    await rejectsWith(h.client.scale("dask.worker", n), "CONTROL_BAD_REQUEST", "BAD_REQUEST", /instances/);
  }
  for (const body of ['{"service":"dask.worker","instances":"3"}', '{"service":"dask.worker"}', "[1]", "null", "{"]) {
    const r = await raw(h.server.url + ROUTES.scale, { method: "POST", headers: auth, body });
    assert.equal(r.status, 400, body);
    assert.equal(JSON.parse(r.body).error.code, "BAD_REQUEST");
  }
  assert.deepEqual(h.core.scaled, []);
});

test("a scale the AM core refuses with a TsdaskError → CONTROL_CONFLICT with its message", async () => {
  h.core.failWith = new TsdaskError("AM_STOPPING", "the application is shutting down");
  await rejectsWith(h.client.scale("dask.worker", 3), "CONTROL_CONFLICT", "CONFLICT", /shutting down/);
});

test("a scale refused for good (singleton, above the queue) → 409 SCALE_REFUSED → CONTROL_SCALE_REFUSED, exit 2", async () => {
  h.core.failWith = new TsdaskError("AM_SINGLETON_SERVICE", "service 'dask.scheduler' is the dask.scheduler service");
  const err = await h.client.scale("dask.worker", 3).catch((e: unknown) => e);
  assert.equal((err as ControlError).code, "CONTROL_SCALE_REFUSED");
  assert.equal((err as ControlError).httpStatus, 409);
  assert.match((err as ControlError).message, /dask\.scheduler service/);
  assert.equal(exitCodeFor(err), 2);
});

test("a handler bug → 500 INTERNAL without internals in the answer, details in the log", async () => {
  h.core.failWith = new Error("undefined is not a function at allocator.ts:42");
  await rejectsWith(h.client.scale("dask.worker", 3), "CONTROL_SERVER_ERROR", "INTERNAL");
  const r = await raw(h.server.url + ROUTES.shutdown, {
    method: "POST",
    headers: auth,
    body: '{"finalStatus":"KILLED"}',
  });
  assert.equal(r.status, 500);
  assert.ok(!r.body.includes("allocator.ts"));
  assert.ok(h.logs.some((l) => l.includes("allocator.ts:42")));
});

test("shutdown passes status and diagnostics to the core and answers 202", async () => {
  assert.deepEqual(await h.client.shutdown("SUCCEEDED", "done by the user"), {
    accepted: true,
    finalStatus: "SUCCEEDED",
  });
  assert.deepEqual(await h.client.shutdown("KILLED"), { accepted: true, finalStatus: "KILLED" });
  assert.deepEqual(h.core.shutdowns, [
    ["SUCCEEDED", "done by the user"],
    ["KILLED", ""],
  ]);
});

test("shutdown with a bad final status or diagnostics → 400; core not called", async () => {
  for (const finalStatus of ["UNDEFINED", "ENDED", "succeeded", ""]) {
    await rejectsWith(h.client.shutdown(finalStatus as "FAILED"), "CONTROL_BAD_REQUEST", "BAD_REQUEST", /finalStatus/);
  }
  await rejectsWith(h.client.shutdown("FAILED", "x".repeat(MAX_DIAGNOSTICS_LENGTH + 1)), "CONTROL_BAD_REQUEST");
  const r = await raw(h.server.url + ROUTES.shutdown, {
    method: "POST",
    headers: auth,
    body: '{"finalStatus":"FAILED","diagnostics":42}',
  });
  assert.equal(r.status, 400);
  assert.deepEqual(h.core.shutdowns, []);
});

test("wrong methods → 405 with Allow; unknown routes → 404", async () => {
  const cases: [string, string, string][] = [
    ["POST", ROUTES.status, "GET, HEAD"],
    ["GET", ROUTES.scale, "POST"],
    ["DELETE", ROUTES.shutdown, "POST"],
    ["DELETE", `${ROUTES.kv}k`, "GET, PUT"],
  ];
  for (const [method, path, allow] of cases) {
    const r = await raw(h.server.url + path, { method, headers: auth });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.headers.allow, allow);
    assert.equal(JSON.parse(r.body).error.code, "METHOD_NOT_ALLOWED");
  }
  for (const path of ["/api/v1", "/api/v1/statuses", "/api/v2/status", "/favicon.ico", "/../etc/passwd"]) {
    const r = await raw(h.server.url + path, { headers: auth });
    assert.equal(r.status, 404, path);
    assert.equal(JSON.parse(r.body).error.code, "NOT_FOUND");
  }
  assert.deepEqual(h.core.scaled, []);
});

test("an AM core that closes the server while handling shutdown still answers 202", async () => {
  const own = await harness();
  own.core.shutdown = (finalStatus, diagnostics) => {
    own.core.shutdowns.push([finalStatus, diagnostics]);
    void own.server.close();
  };
  assert.deepEqual(await own.client.shutdown("SUCCEEDED", "bye"), { accepted: true, finalStatus: "SUCCEEDED" });
  await own.server.close();
  assert.deepEqual(own.core.shutdowns, [["SUCCEEDED", "bye"]]);
  await assert.rejects(own.client.status(), { code: "CONTROL_UNREACHABLE" });
});
