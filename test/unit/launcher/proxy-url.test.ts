// The tracking page's URL through the YARN web proxy, from the Hadoop configuration alone: the RM's
// web address (https under HTTPS_ONLY, per-id under HA), or yarn.web-proxy.address when a
// standalone proxy runs; a local application has none.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { HadoopConfiguration, resolveAddresses } from "../../../src/hadoop-conf/index.js";
import { proxiedPageUrl, proxiedPageUrlOf } from "../../../src/launcher/proxy-url.js";

const APP = "application_1717000000000_0007";
const conf = (props: Record<string, string>) =>
  Object.entries(props).reduce((c, [k, v]) => c.set(k, v, "yarn-site.xml"), new HadoopConfiguration({}));

const CASES: [string, Record<string, string>, string][] = [
  [
    "the RM's web address, http by default",
    { "yarn.resourcemanager.webapp.address": "rm.example.com:8088" },
    "http://rm.example.com:8088",
  ],
  [
    "https under HTTPS_ONLY",
    { "yarn.http.policy": "HTTPS_ONLY", "yarn.resourcemanager.hostname": "rm.example.com" },
    "https://rm.example.com:8090",
  ],
  [
    "under RM HA the first RM (a standby redirects to the active one)",
    {
      "yarn.resourcemanager.ha.enabled": "true",
      "yarn.resourcemanager.ha.rm-ids": "rm1,rm2",
      "yarn.resourcemanager.hostname.rm1": "rm1.example.com",
      "yarn.resourcemanager.hostname.rm2": "rm2.example.com",
    },
    "http://rm1.example.com:8088",
  ],
  [
    "a standalone web proxy (yarn.web-proxy.address) instead, with the same scheme",
    {
      "yarn.http.policy": "HTTPS_ONLY",
      "yarn.resourcemanager.hostname": "rm.example.com",
      "yarn.web-proxy.address": "proxy.example.com:9046",
    },
    "https://proxy.example.com:9046",
  ],
];

for (const [what, props, base] of CASES) {
  test(what, () => assert.equal(proxiedPageUrl(resolveAddresses(conf(props)), APP), `${base}/proxy/${APP}/`));
}

test("a yarn.web-proxy.address that is not host:port is refused, naming the key", () => {
  const wrong = conf({ "yarn.web-proxy.address": "proxy.example.com" });
  assert.throws(
    () => resolveAddresses(wrong),
    (e: unknown) =>
      e instanceof TsdaskError && /yarn\.web-proxy\.address is 'proxy\.example\.com'.*host:port/.test(e.message),
  );
});

test("a local application (no ResourceManager) has no proxied page", () => {
  assert.equal(proxiedPageUrlOf("local_1717000000000_0001", { env: {} }), undefined);
});
