// The tracking page's dask section on fixtures: the scheduler's summary is checked and capped
// (parseDaskSummary), the AM asks the scheduler at most once per TTL however many pages poll
// (DaskFeed), dask.json is served on the page listener under the proxy base, and the page's one
// inline script is exactly what its CSP hash allows.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { startControlServer, type ControlServer } from "../../../src/appmaster/control/index.js";
import { DaskFeed, type DaskPageData } from "../../../src/appmaster/dask-feed.js";
import { parseDaskSummary, SUMMARY_LIMITS } from "../../../src/appmaster/dask-summary.js";
import { schedulerSummary } from "./dask-fixtures.js";
import { FakeAmCore, raw, SECRET } from "./support.js";

const APP = "application_1717000000000_0003";

test("parseDaskSummary keeps a well-formed summary as it is", () => {
  const s = parseDaskSummary(schedulerSummary());
  assert.deepEqual(s, schedulerSummary());
});

test("parseDaskSummary drops wrong types, cuts long strings and caps every list", () => {
  const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
  const s = parseDaskSummary(
    schedulerSummary({
      workersTotal: -3,
      workers: [
        { name: "x".repeat(5_000), nthreads: "2", memory: Number.NaN, cpu: "busy", processing: 1.7 },
        "not a worker",
        ...many(500, (i) => ({ name: `w${i}` })),
      ],
      tasks: { total: 9, byState: { memory: -1, processing: "3", erred: 2 } },
      prefixes: many(100, (i) => ({ name: `p${i}`, states: { memory: i } })),
      taskStream: [
        ...many(1_000, (i) => ({ prefix: "p", worker: "w", action: "compute", start: i, stop: i + 1 })),
        { prefix: "late", start: "soon", stop: 3 },
      ],
    }),
  );
  assert.equal(s.workersTotal, 0);
  assert.equal(s.workers.length, SUMMARY_LIMITS.workers);
  const [first, second] = s.workers;
  assert.ok(first && second);
  assert.equal(first.name.length, SUMMARY_LIMITS.text);
  assert.deepEqual([first.nthreads, first.memory, first.cpu], [0, null, null]);
  assert.equal(first.processing, 1);
  assert.equal(second.name, "w0", "a non-object entry is dropped");
  assert.deepEqual(s.tasks, { total: 9, byState: { erred: 2 } });
  assert.equal(s.prefixes.length, SUMMARY_LIMITS.prefixes);
  assert.equal(s.taskStream.length, SUMMARY_LIMITS.stream - 1, "the newest records; one without times dropped");
  assert.equal(s.taskStream.at(-1)?.start, 999);
  assert.throws(() => parseDaskSummary({ workers: [] }), /not an object with time and workers/);
  assert.throws(() => parseDaskSummary("<html>"), /not an object/);
});

/** A fetch that answers `body` (or throws) and counts its calls. */
function fakeFetch(answer: () => Response) {
  const calls: { url: string; auth: string | null }[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    calls.push({ url: String(url), auth: new Headers(init?.headers).get("authorization") });
    return answer();
  }) as typeof fetch;
  return { f, calls };
}

test("DaskFeed asks the scheduler once per TTL, shares a request in flight, primes once per dashboard", async () => {
  let now = 1_000;
  let dashboard: string | undefined;
  const { f, calls } = fakeFetch(() => Response.json(schedulerSummary()));
  const logs: string[] = [];
  const feed = new DaskFeed({
    dashboard: () => dashboard,
    secret: SECRET,
    log: (l) => logs.push(l),
    fetchImpl: f,
    ttlMs: 1_000,
    now: () => now,
  });

  const none = await feed.get();
  assert.equal(none.state, "unavailable");
  assert.match((none as { reason: string }).reason, /has not started/);
  assert.equal(calls.length, 0);

  dashboard = "http://10.0.0.4:8787/";
  now += 1_000;
  const [a, b] = await Promise.all([feed.get(), feed.get()]);
  assert.equal(calls.length, 1, "two pages at once: one request");
  assert.deepEqual(calls[0], { url: "http://10.0.0.4:8787/api/v1/tsdask/summary", auth: `Bearer ${SECRET}` });
  assert.equal(a, b);
  assert.equal(a.state, "ok");
  now += 999;
  await feed.get();
  assert.equal(calls.length, 1, "within the TTL: the cache");
  now += 1;
  await feed.get();
  assert.equal(calls.length, 2, "after it: the scheduler again");

  feed.prime();
  feed.prime();
  await new Promise((r) => setImmediate(r));
  assert.equal(calls.length, 2, "primed for this dashboard: the cached answer was fresh enough");
  dashboard = "http://10.0.0.9:8787";
  now += 5_000;
  feed.prime();
  feed.prime();
  await new Promise((r) => setImmediate(r));
  assert.equal(calls.length, 3, "a new dashboard: one early request");
  assert.deepEqual(logs, []);
});

test("DaskFeed: a refusing, wrong or oversized answer is 'unavailable' with the reason, logged once", async () => {
  let now = 0;
  const cases: [() => Response, RegExp][] = [
    [() => Response.json({ Error: "Forbidden" }, { status: 403 }), /HTTP 403/],
    [() => new Response("<html>not json</html>"), /JSON/],
    [() => Response.json({ workers: "many" }), /not an object with time and workers/],
    [() => new Response("x".repeat(3 * 1024 * 1024)), /larger than 2097152 bytes/],
  ];
  for (const [answer, why] of cases) {
    const logs: string[] = [];
    const { f } = fakeFetch(answer);
    const feed = new DaskFeed({
      dashboard: () => "http://s:1",
      secret: SECRET,
      log: (l) => logs.push(l),
      fetchImpl: f,
      now: () => (now += 5_000),
    });
    const d = await feed.get();
    assert.equal(d.state, "unavailable");
    assert.match((d as { reason: string }).reason, why);
    await feed.get();
    assert.equal(logs.length, 1, "the same failure is logged once");
  }
});

let server: ControlServer;
let plain: ControlServer;
const served: DaskPageData = { state: "ok", fetchedAt: 5, summary: parseDaskSummary(schedulerSummary()) };
before(async () => {
  const core = new FakeAmCore();
  const handlers = Object.assign(core, { daskSummary: async () => served });
  server = await startControlServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    handlers,
    proxyBase: `/proxy/${APP}`,
  });
  plain = await startControlServer({ host: "127.0.0.1", port: 0, secret: SECRET, handlers: new FakeAmCore() });
});
after(() => Promise.all([server.close(), plain.close()]));

test("dask.json: served without a secret, under the proxy base too; GET only; 404 without dask", async () => {
  for (const path of ["/dask.json", `/proxy/${APP}/dask.json`]) {
    const r = await raw(server.url + path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(r.headers["cache-control"], "no-store");
    assert.deepEqual(JSON.parse(r.body), served);
  }
  assert.equal((await raw(server.url + "/dask.json", { method: "POST" })).status, 405);
  assert.equal((await raw(plain.url + "/dask.json")).status, 404);
});

test("the dask page carries the section and one script that its CSP hash allows; others stay script-free", async () => {
  const r = await raw(`${server.url}/proxy/${APP}/`);
  const html = r.body;
  const csp = String(r.headers["content-security-policy"]);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
  assert.equal(scripts.length, 1);
  const [script = ""] = scripts;
  const hash = createHash("sha256").update(script, "utf8").digest("base64");
  assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /default-src 'none'/);
  assert.match(html, /<section id="dask">/);
  assert.match(html, /<noscript><meta http-equiv="refresh" content="10"><\/noscript>/, "reloads only without JS");
  assert.doesNotMatch(script, /innerHTML|insertAdjacentHTML|document\.write/, "values reach the DOM as text only");
  assert.doesNotMatch(script, /fetch\("\//, "every URL is relative to the page");

  const other = await raw(`${plain.url}/`);
  assert.doesNotMatch(other.body, /<script|id="dask"/);
  assert.doesNotMatch(String(other.headers["content-security-policy"]), /script-src/);
  assert.match(other.body, /<meta http-equiv="refresh" content="10">/);
});
