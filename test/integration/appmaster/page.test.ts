// One generic application on the real cluster for two AM-side checks: the control API refuses
// requests without the right secret (401) and changes nothing; the overview page, opened in
// headless Chromium through the RM web proxy, shows the services and their containers' states
// (screenshot saved under build/screenshots/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:https";
import { waitForFinish, type RunningApplication } from "../../../src/launcher/index.js";
import { readCaPem } from "../../../src/launcher/app-tls.js";
import { launchChromium, passProxyWarning, saveScreenshot } from "../../support/browser.js";
import { cluster, counts, hdfs, killLeftovers, submitServices, until } from "./support.js";

let app: RunningApplication;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  app = await submitServices("page", [
    "web:",
    "  instances: 2",
    "  memory: 128 MiB",
    "  script: exec sleep 600",
    "once:",
    "  instances: 1",
    "  memory: 128 MiB",
    "  script: echo done",
  ]);
  await until(
    app,
    "web running, once done",
    (x) => counts(x, "web").RUNNING === 2 && counts(x, "once").SUCCEEDED === 1,
  );
});
after(async () => {
  if (app) {
    // Wait for the end, so the kill below (for failures) does not race the shutdown.
    await app.client.shutdown("SUCCEEDED", "page test done").catch(() => undefined);
    const env = { ...process.env, HADOOP_CONF_DIR: cluster.confDir };
    await waitForFinish(app.appId, { timeoutMs: 60_000, env }).catch(() => undefined);
  }
  await killLeftovers();
});

/** One https request that trusts the application's CA (fetch cannot be given a CA). */
function httpsRequest(
  url: string,
  ca: string,
  method: string,
  init: { headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: init.headers, ca, agent: false, timeout: 10_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url}`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

const SECRETLESS: [string, Record<string, string>][] = [
  ["no Authorization header", {}],
  ["a wrong bearer secret", { Authorization: "Bearer not-the-secret-not-the-secret" }],
  ["an empty bearer", { Authorization: "Bearer " }],
  ["another scheme", { Authorization: "Basic dXNlcjpwYXNz" }],
];

test("control API: a missing or wrong secret gets 401 and changes nothing", { timeout: 120_000 }, async () => {
  const before = await app.client.status();
  const calls: [string, string, unknown?][] = [
    ["GET", "/api/v1/status"],
    ["POST", "/api/v1/scale", { service: "web", instances: 5 }],
    ["POST", "/api/v1/shutdown", { finalStatus: "FAILED", diagnostics: "not allowed" }],
    ["PUT", "/api/v1/kv/page.test", { value: "x" }],
    ["GET", "/api/v1/kv/page.test"],
  ];
  // The API is https with the application's CA (TLS is the default).
  assert.match(app.controlUrl, /^https:\/\//);
  const ca = (await readCaPem(hdfs, app.stagingDir))!;
  for (const [what, headers] of SECRETLESS) {
    for (const [method, path, body] of calls) {
      const r = await httpsRequest(`${app.controlUrl}${path}`, ca, method, {
        headers: { ...headers, ...(body ? { "Content-Type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      assert.equal(r.status, 401, `${method} ${path} with ${what}`);
      assert.match(String(r.headers["www-authenticate"] ?? ""), /^Bearer/);
      const text = r.text;
      assert.doesNotMatch(text, /not-the-secret/, "the answer never echoes what was sent");
    }
  }
  // Through the RM web proxy (the plain-HTTP page listener) there is no API at all.
  const viaProxy = await fetch(`${cluster.rmWeb}/proxy/${app.appId}/api/v1/status`, {
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(viaProxy.status, 404);

  await sleep(2_000); // a scale that slipped through would show as REQUESTED records by now
  const now = await app.client.status();
  assert.equal(now.application.state, "RUNNING");
  for (const name of ["web", "once"]) {
    const b = before.services.find((s) => s.name === name)!;
    const a = now.services.find((s) => s.name === name)!;
    assert.equal(a.desiredInstances, b.desiredInstances, `${name} desired`);
    assert.deepEqual(a.counts, b.counts, `${name} counts`);
  }
  assert.equal(await app.client.kvGet("page.test"), undefined);
});

test(
  "overview page through the RM proxy in headless Chromium shows services and container states",
  { timeout: 120_000 },
  async (t) => {
    const url = `${cluster.rmWeb}/proxy/${app.appId}/`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url, { waitUntil: "load" });
      const warned = await passProxyWarning(page);
      t.diagnostic(`RM proxy warning page: ${warned ? "shown, clicked through" : "not shown"}`);

      assert.equal(await page.locator("h1").innerText(), "tsdask-it-am-page");
      assert.match(await page.title(), new RegExp(app.appId));
      const sections = page.locator("section");
      assert.deepEqual(await sections.locator("h2").allInnerTexts(), ["web", "once"]);
      const web = sections.filter({ has: page.locator("h2", { hasText: /^web$/ }) });
      assert.match(await web.locator("p").innerText(), /desired 2 · running 2/);
      assert.deepEqual(await web.locator("tbody td:nth-child(1)").allInnerTexts(), ["web_0", "web_1"]);
      assert.deepEqual(await web.locator("tbody .st").allInnerTexts(), ["RUNNING", "RUNNING"]);
      const once = sections.filter({ has: page.locator("h2", { hasText: /^once$/ }) });
      assert.deepEqual(await once.locator("tbody .st").allInnerTexts(), ["SUCCEEDED"]);
      assert.match(await once.locator("tbody td:nth-child(2)").innerText(), /^container_/);
      assert.equal(await web.locator('tbody a:has-text("logs")').count(), 2, "a log link per running container");
      const html = await page.content();
      assert.doesNotMatch(html, /Bearer|secret/i, "the page shows no secret");

      const png = await saveScreenshot(page, "am-overview");
      t.diagnostic(`screenshot: ${png}`);
    } finally {
      await browser.close();
    }
  },
);
