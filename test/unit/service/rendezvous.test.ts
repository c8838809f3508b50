// Waiting for and publishing the dask keys: transient AM outages are retried, long-polls that run
// out are repeated, refusals end the wait at once with the reason.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ControlError, type ControlClient, MAX_KV_WAIT_MS } from "../../../src/control/index.js";
import { publishKey, type RetryPolicy, waitForKey } from "../../../src/service/rendezvous.js";
import { ServiceError } from "../../../src/service/errors.js";

const FAST: RetryPolicy = { giveUpAfterMs: 200, firstDelayMs: 1, maxDelayMs: 5 };

/** A stand-in for ControlClient that plays a script of outcomes, one per call. */
function scripted(outcomes: (string | ControlError)[]) {
  const calls: { op: string; key: string; arg: unknown }[] = [];
  const next = (op: string, key: string, arg: unknown) => {
    calls.push({ op, key, arg });
    const o = outcomes.shift() ?? new ControlError("CONTROL_UNREACHABLE", "gone");
    return o instanceof ControlError ? Promise.reject(o) : Promise.resolve(o);
  };
  const client = {
    kvWait: (key: string, ms: number) => next("wait", key, ms),
    kvPut: (key: string, value: string) => next("put", key, value).then(() => undefined),
  } as unknown as ControlClient;
  return { client, calls };
}

const lines: string[] = [];
const log = (l: string) => lines.push(l);

test("waitForKey: long-polls of at most MAX_KV_WAIT_MS, repeated until the value comes", async () => {
  const timeout = new ControlError("CONTROL_KV_WAIT_TIMEOUT", "not yet");
  const { client, calls } = scripted([timeout, timeout, "tcp://10.0.0.5:8786"]);
  assert.equal(await waitForKey(client, "dask.scheduler", log, FAST), "tcp://10.0.0.5:8786");
  assert.deepEqual(
    calls.map((c) => c.arg),
    [MAX_KV_WAIT_MS, MAX_KV_WAIT_MS, MAX_KV_WAIT_MS],
  );
});

test("waitForKey: an unreachable or slow AM is retried", async () => {
  const { client, calls } = scripted([
    new ControlError("CONTROL_UNREACHABLE", "ECONNREFUSED"),
    new ControlError("CONTROL_TIMEOUT", "slow"),
    new ControlError("CONTROL_SERVER_ERROR", "502"),
    "tcp://h:1",
  ]);
  assert.equal(await waitForKey(client, "dask.scheduler", log, FAST), "tcp://h:1");
  assert.equal(calls.length, 4);
  assert.ok(lines.some((l) => /retrying/.test(l)));
});

test("waitForKey: a wrong secret ends the wait at once, with the control error's hint", async () => {
  const { client, calls } = scripted([new ControlError("CONTROL_UNAUTHORIZED", "wait: missing or wrong secret")]);
  await assert.rejects(waitForKey(client, "dask.scheduler", log, FAST), (err: unknown) => {
    assert.ok(err instanceof ServiceError);
    assert.equal(err.code, "SERVICE_RENDEZVOUS");
    assert.match(err.hint ?? "", /secret/);
    return true;
  });
  assert.equal(calls.length, 1);
});

test("waitForKey and publishKey give up after the AM stayed away for the whole budget", async () => {
  const never = scripted([]);
  await assert.rejects(waitForKey(never.client, "dask.scheduler", log, FAST), /has not answered for/);
  const put = scripted([]);
  await assert.rejects(publishKey(put.client, "dask.dashboard", "http://h:2", log, FAST), (err: unknown) => {
    return (
      err instanceof ServiceError &&
      err.code === "SERVICE_RENDEZVOUS" &&
      /publishing 'dask.dashboard'/.test(err.message)
    );
  });
});

test("publishKey: writes the value, retrying a transient failure", async () => {
  const { client, calls } = scripted([new ControlError("CONTROL_UNREACHABLE", "reset"), "ok"]);
  await publishKey(client, "dask.scheduler", "tcp://h:1", log, FAST);
  assert.deepEqual(calls[1], { op: "put", key: "dask.scheduler", arg: "tcp://h:1" });
});
