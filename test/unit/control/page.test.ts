// The overview page at "/": served without a secret, escaped, no script, only relative links to the
// AM itself (so it works behind the RM web proxy's /proxy/<appId>/), and reachable under a proxy base.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { escapeHtml, renderOverview } from "../../../src/appmaster/control/index.js";
import { harness, raw, sampleStatus, SECRET, type Harness } from "./support.js";
import type { StatusReport } from "../../../src/control/index.js";

const APP = "application_1717000000000_0003";
let h: Harness;
before(async () => (h = await harness({ proxyBase: `/proxy/${APP}` })));
after(() => h.close());

/** Every href/src/action value in the page. */
function urls(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!);
}

function hostile(): StatusReport {
  const base = sampleStatus();
  const worker = base.services[1]!;
  return {
    ...base,
    application: { ...base.application, name: `<script>alert("name")</script>` },
    services: [
      {
        ...worker,
        name: `evil<script>alert(1)</script>`,
        containers: [
          {
            ...worker.containers[1]!,
            instanceId: `x"><img src=x onerror=alert(2)>`,
            diagnostics: `Exception in thread "main" <script>alert('diag')</script> & more`,
            logUrl: "javascript:alert(3)",
          },
        ],
      },
    ],
    dask: { dashboardUrl: `http://h:8787/status"><script>alert(4)</script>` },
  };
}

test("the page lists services, containers, states, hosts, log links and the dashboard", async () => {
  const r = await raw(h.server.url + "/");
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-type"], "text/html; charset=utf-8");
  const html = r.body;
  for (const text of [
    APP,
    "dask.scheduler",
    "dask.worker",
    "dask.worker_0",
    "dask.worker_1",
    "RUNNING",
    "FAILED",
    "REQUESTED",
    "nm2.example.org",
    "killed: physical memory limit (2 GiB) exceeded",
    "-104",
    "restarts 1 (unlimited)",
    "60 MiB",
    "tcp://nm1.example.org:8786",
  ]) {
    assert.ok(html.includes(text), `page shows ${text}`);
  }
  assert.ok(
    html.includes('href="http://nm2.example.org:8042/node/containerlogs/container_1717000000000_0003_01_000003/alice"'),
  );
  assert.ok(html.includes('href="http://nm1.example.org:8787/status"'));
  assert.match(html, /<meta http-equiv="refresh" content="\d+">/);
});

test("no script, no secret, and every link to the AM itself is relative", async () => {
  const html = (await raw(h.server.url + "/")).body;
  assert.ok(!/<script/i.test(html));
  assert.ok(!html.includes(SECRET));
  for (const url of urls(html)) {
    // Either an absolute link elsewhere (NodeManager logs, dask dashboard) or relative to this page.
    if (/^https?:\/\//.test(url)) assert.ok(!url.includes(h.server.url), url);
    else assert.ok(!url.startsWith("/"), `link ${url} must not be root-relative: it would escape /proxy/<appId>/`);
  }
});

test("the same page is served under the proxy base, with and without a trailing slash", async () => {
  const direct = (await raw(h.server.url + "/")).body;
  for (const path of [`/proxy/${APP}/`, `/proxy/${APP}`, `/proxy/${APP}/index.html`]) {
    const r = await raw(h.server.url + path);
    assert.equal(r.status, 200, path);
    assert.equal(r.body, direct);
  }
  assert.equal((await raw(h.server.url + `/proxy/${APP}/api/v1/status`)).status, 401);
});

test("hostile service names, instance ids, diagnostics and URLs are escaped or dropped", async () => {
  h.core.status = hostile();
  try {
    const html = (await raw(h.server.url + "/")).body;
    assert.ok(!/<script/i.test(html), "no <script> tag survives");
    assert.ok(!/<img/i.test(html), "no injected tag survives");
    assert.ok(html.includes("evil&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.includes("&lt;script&gt;alert(&#39;diag&#39;)&lt;/script&gt; &amp; more"));
    assert.ok(html.includes("x&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert.ok(!html.includes('javascript:alert(3)"'), "a javascript: log URL is not a link");
    assert.ok(urls(html).every((u) => !u.toLowerCase().startsWith("javascript:")));
    assert.ok(urls(html).every((u) => !u.includes('"')));
  } finally {
    h.core.status = sampleStatus();
  }
});

test("a Content-Security-Policy forbids scripts even if something slipped through", async () => {
  const r = await raw(h.server.url + "/");
  assert.match(String(r.headers["content-security-policy"]), /default-src 'none'/);
  assert.equal(r.headers["x-content-type-options"], "nosniff");
});

test("HEAD gives headers only; other methods → 405", async () => {
  const head = await raw(h.server.url + "/", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
  const post = await raw(h.server.url + "/", { method: "POST", body: "x" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, "GET, HEAD");
});

test("when the AM core cannot report, the page says so and the failure is logged", async () => {
  const original = h.core.getStatus;
  h.core.getStatus = () => {
    throw new Error("allocator state is being rebuilt");
  };
  try {
    const r = await raw(h.server.url + "/");
    assert.equal(r.status, 200);
    assert.match(r.body, /Status unavailable/);
    assert.ok(!r.body.includes("allocator state"));
    assert.ok(h.logs.some((l) => l.includes("allocator state is being rebuilt")));
  } finally {
    h.core.getStatus = original;
  }
});

test("escapeHtml escapes the five HTML metacharacters; refresh can be turned off", () => {
  assert.equal(escapeHtml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  assert.ok(!renderOverview(sampleStatus(), { refreshSeconds: 0 }).includes("http-equiv"));
});

test("an adaptive service shows its limits next to the desired count", () => {
  const base = sampleStatus();
  const services = base.services.map((s, i) => (i === 1 ? { ...s, adaptive: { minimum: 1, maximum: 3 } } : s));
  const html = renderOverview({ ...base, services });
  assert.match(html, /desired \d+ \(adaptive 1–3\) · /);
  assert.equal(html.match(/adaptive/g)?.length, 1, "only the adaptive service says so");
});
