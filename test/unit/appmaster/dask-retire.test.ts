// retireDaskWorkers against a fake scheduler API: names become addresses, and only the workers in
// retire_workers' answer count as retired (distributed leaves out a worker whose data had nowhere
// to go, still with HTTP 200).
import { test } from "node:test";
import assert from "node:assert/strict";
import { retireDaskWorkers } from "../../../src/appmaster/dask-retire.js";

const WORKERS = [
  { name: "dask.worker_0", address: "tcp://h:1" },
  { name: "dask.worker_1", address: "tcp://h:2" },
  { name: "dask.worker_2", address: "tcp://h:3" },
];

function fakeFetch(answer: unknown, calls: { url: string; body?: string }[]): typeof fetch {
  return async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: init?.body as string | undefined });
    const json = String(url).endsWith("/get_workers") ? { workers: WORKERS } : answer;
    return new Response(JSON.stringify(json), { status: 200 });
  };
}

test("retired = the workers in the scheduler's answer; unknown names are not sent", async () => {
  const calls: { url: string; body?: string }[] = [];
  const r = await retireDaskWorkers(
    "http://s:8787/",
    "k",
    ["dask.worker_1", "dask.worker_2", "dask.worker_9"],
    fakeFetch({ "tcp://h:2": { name: "dask.worker_1" }, "tcp://h:3": { name: "dask.worker_2" } }, calls),
  );
  assert.deepEqual(r, { retired: ["dask.worker_1", "dask.worker_2"], notRetired: [], unknown: ["dask.worker_9"] });
  assert.equal(calls[1]!.url, "http://s:8787/api/v1/retire_workers");
  assert.deepEqual(JSON.parse(calls[1]!.body!), { workers: ["tcp://h:2", "tcp://h:3"] });
});

test("a worker left out of the answer (data not moved) is reported as not retired", async () => {
  const r = await retireDaskWorkers(
    "http://s:8787",
    "k",
    ["dask.worker_1", "dask.worker_2"],
    fakeFetch({ "tcp://h:3": {} }, []),
  );
  assert.deepEqual(r, { retired: ["dask.worker_2"], notRetired: ["dask.worker_1"], unknown: [] });
});

test("an empty answer retires nothing; no POST when no name is known", async () => {
  const none = await retireDaskWorkers("http://s:8787", "k", ["dask.worker_1"], fakeFetch({}, []));
  assert.deepEqual(none, { retired: [], notRetired: ["dask.worker_1"], unknown: [] });
  const calls: { url: string }[] = [];
  const r = await retireDaskWorkers("http://s:8787", "k", ["dask.worker_7"], fakeFetch({}, calls));
  assert.deepEqual(r, { retired: [], notRetired: [], unknown: ["dask.worker_7"] });
  assert.equal(calls.length, 1);
});
