// The page's script in headless Chromium against a control server whose summary is hostile (markup
// in worker names, prefixes and states, as a scheduler running the user's code could send): every
// value shows as text, nothing turns into an element or runs, and the section fills from
// dask.json under the proxy base with no request leaving the page's origin.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startControlServer } from "../../../src/appmaster/control/index.js";
import type { DaskPageData } from "../../../src/appmaster/dask-feed.js";
import { parseDaskSummary } from "../../../src/appmaster/dask-summary.js";
import { launchChromium } from "../../support/browser.js";
import { FakeAmCore, SECRET } from "./support.js";
import { schedulerSummary } from "./dask-fixtures.js";

const APP = "application_1717000000000_0004";
const EVIL = `<img src=x onerror="window.pwned=1">`;

test("hostile values from the scheduler show as text in a real browser", { timeout: 60_000 }, async () => {
  const body = schedulerSummary();
  const workers = body.workers as Record<string, unknown>[];
  workers[0] = { ...workers[0], name: EVIL, host: `</td><script>window.pwned=2</script>` };
  const summary = parseDaskSummary({
    ...body,
    prefixes: [{ name: EVIL, states: { [`<b>memory</b>`]: 3 } }],
    taskStream: [{ prefix: EVIL, worker: EVIL, action: "compute", start: 1_800_000_001, stop: 1_800_000_002 }],
  });
  const data: DaskPageData = { state: "ok", fetchedAt: Date.now(), summary };
  const requests: string[] = [];
  const handlers = Object.assign(new FakeAmCore(), { daskSummary: async () => data });
  const server = await startControlServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    handlers,
    proxyBase: `/proxy/${APP}`,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on("request", (r) => requests.push(r.url()));
    const dialogs: string[] = [];
    page.on("dialog", (d) => void dialogs.push(d.message()));
    await page.goto(`${server.url}/proxy/${APP}`); // no trailing slash: the script must still find dask.json
    await page.locator("#dask-body").waitFor({ state: "visible", timeout: 20_000 });
    const cells = await page.locator("#dask-workers tbody tr").first().locator("td").allInnerTexts();
    assert.equal(cells[0], EVIL);
    assert.equal(cells[1], `</td><script>window.pwned=2</script>`);
    assert.equal(await page.locator("#dask-prefixes tbody td").first().innerText(), EVIL);
    assert.match(await page.locator("#dask-prefixes tbody").innerText(), /<b>memory<\/b> 3/);
    assert.equal(await page.locator("img").count(), 0, "no element made from a value");
    assert.equal(await page.locator("#dask-workers script, #dask b").count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { pwned?: number }).pwned), undefined);
    assert.deepEqual(dialogs, []);
    const origin = new URL(server.url).origin;
    assert.ok(
      requests.every((u) => u.startsWith(origin)),
      `only the page's origin: ${requests.join(" ")}`,
    );
    assert.ok(requests.includes(`${origin}/proxy/${APP}/dask.json`), requests.join(" "));
  } finally {
    await browser.close();
    await server.close();
  }
});
