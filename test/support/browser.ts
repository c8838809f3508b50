// Headless Chromium for the tracking-page tests (the system's /usr/bin/chromium driven by
// playwright-core) and their screenshots under build/screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "./cluster.js";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * With security on, the RM proxy first shows a warning page for apps of other users; its link
 * (…?proxyapproved=true) sets the checked_<appId> cookie. Clicks it as a user would; true if shown.
 */
export async function passProxyWarning(page: Page): Promise<boolean> {
  const approve = page.locator('a[href*="proxyapproved=true"]');
  const warned = (await approve.count()) > 0;
  if (warned) await Promise.all([page.waitForLoadState("load"), approve.first().click()]);
  return warned;
}

/** A full-page PNG at build/screenshots/<name>.png, checked to be one; resolves with its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = join(ROOT, "build", "screenshots");
  mkdirSync(dir, { recursive: true });
  const png = join(dir, `${name}.png`);
  rmSync(png, { force: true });
  await page.screenshot({ path: png, fullPage: true });
  assert.ok(statSync(png).size > 1_000, "a non-empty screenshot");
  assert.deepEqual(
    [...readFileSync(png).subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    "PNG signature",
  );
  return png;
}
