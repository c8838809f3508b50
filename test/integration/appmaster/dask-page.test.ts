// The tracking page's dask section through the real RM web proxy, in headless Chromium, while a
// dask computation runs (one app: scheduler + 1 worker, scaled to 2 during the test). The RM proxy
// carries no websockets: the section is filled by the page polling dask.json (relative to
// /proxy/<appId>/). Two reads of the same page, without a reload in between, show the second
// worker arrive and the task counts move; the screenshot is saved under build/screenshots/.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { waitForFinish } from "../../../src/launcher/index.js";
import { credentialsDir } from "../../support/dask-python.js";
import { PySession } from "../../support/py-session.js";
import { launchChromium, passProxyWarning, saveScreenshot } from "../../support/browser.js";
import { cluster, counts, hdfs, killLeftovers, until } from "./support.js";
import { submitDask } from "./dask-support.js";

after(killLeftovers);

/** What the section shows now: worker rows (name, memory, CPU cells) and the task line. */
async function read(page: Page) {
  const rows = page.locator("#dask-workers tbody tr");
  const workers = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
  );
  return { workers, tasks: await page.locator("#dask-tasks").innerText() };
}

async function waitFor<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
    v = await get();
  }
  return v;
}

test(
  "dask section through the RM proxy: workers and task counts change while a computation runs",
  { timeout: 240_000 },
  async (t) => {
    const app = await submitDask("dask-page", ["scheduler: {memory: 512 MiB}", "worker: {count: 1, memory: 512 MiB}"]);
    let py: PySession | undefined;
    const browser = await launchChromium();
    try {
      const s = await until(app, "1 worker and the scheduler", (x) => (x.dask?.workers ?? 0) === 1, 180_000);
      const scheduler = s.dask?.schedulerAddress;
      assert.ok(scheduler, "the scheduler's address is published");
      py = new PySession(scheduler, await credentialsDir(hdfs, app.stagingDir, app.appId));
      // 240 sleeps of 0.25 s: about a minute on one thread, half that once the second worker joins.
      await py.run("import time\nfuts = c.map(time.sleep, [0.25] * 240, pure=False)");

      const url = `${cluster.rmWeb}/proxy/${app.appId}/`;
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(url, { waitUntil: "load" });
      await passProxyWarning(page);
      // A reload would lose this: the second read must come from the polling alone.
      await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));

      const first = await waitFor(
        "the dask section with one worker and running tasks",
        () => read(page),
        (r) => r.workers.length === 1 && /processing [1-9]/.test(r.tasks),
        30_000,
      );
      t.diagnostic(`first read: ${JSON.stringify(first)}`);
      const [name, , , memory, cpu] = first.workers[0] ?? [];
      assert.equal(name, "dask.worker_0");
      assert.match(memory ?? "", /^\d+ MiB \/ 512 MiB$/, "memory used / limit");
      assert.match(cpu ?? "", /^\d+ %$/, "CPU");
      assert.match(await page.locator("#dask-progress").innerText(), /running · .* of \d+ tasks · sleep/);

      await app.client.scale("dask.worker", 2);
      const second = await waitFor(
        "the second worker and new task counts, without a reload",
        () => read(page),
        (r) => r.workers.length === 2 && r.tasks !== first.tasks,
        90_000,
      );
      t.diagnostic(`second read: ${JSON.stringify(second)}`);
      assert.deepEqual(
        second.workers.map((w) => w[0]),
        ["dask.worker_0", "dask.worker_1"],
      );
      assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 42, "no reload");
      const done = (r: { tasks: string }) => Number(/memory (\d+)/.exec(r.tasks)?.[1] ?? 0);
      assert.ok(done(second) > done(first), `more results in memory: ${done(first)} then ${done(second)}`);
      // The services tables are refreshed by the same script (every 10 s).
      await page.locator("#services section", { hasText: /desired 2 · running 2/ }).waitFor({ timeout: 30_000 });
      assert.ok((await page.locator("#dask-stream rect").count()) > 0, "task stream records drawn");
      assert.doesNotMatch(await page.content(), /Bearer|secret/i, "the page shows no secret");

      const png = await saveScreenshot(page, "dask-page");
      t.diagnostic(`screenshot: ${png}`);

      await py.run("wait(futs)");
      assert.equal(counts(await app.client.status(), "dask.worker").RUNNING, 2);
    } finally {
      await browser.close();
      py?.close();
      await app.client.shutdown("SUCCEEDED", "dask page test done").catch(() => undefined);
      const env = { ...process.env, HADOOP_CONF_DIR: cluster.confDir };
      await waitForFinish(app.appId, { timeoutMs: 60_000, env }).catch(() => undefined);
    }
  },
);
