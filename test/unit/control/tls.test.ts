// The control API over TLS, in process: the API on https with a certificate from the app's CA,
// the overview page on its own plain-HTTP port (what the RM proxy fetches), and a client that
// trusts the app's CA only: another CA's certificate, a wrong host name, or no CA at all fail.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ControlClient, ControlError } from "../../../src/control/index.js";
import { issueLeaf, makeAppCredentials } from "../../../src/security/index.js";
import { auth, harness, raw, SECRET, type Harness } from "./support.js";

const app = makeAppCredentials("application_1_0001");
const tls = issueLeaf(app.ca, { commonName: "am", hosts: ["localhost", "127.0.0.1"] });
let h: Harness;

before(async () => {
  h = await harness({ tls, proxyBase: "/proxy/application_1_0001" }, app.ca.cert);
});
after(() => h.close());

test("the API URL is https, the page URL plain http on another port", () => {
  assert.match(h.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(h.server.pageUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(h.server.pageUrl, h.server.url.replace("https", "http"));
});

test("a client with the app's CA gets the status; scale still needs the secret", async () => {
  const client = new ControlClient(h.server.url, SECRET, { ca: app.ca.cert, timeoutMs: 5_000 });
  assert.equal((await client.status()).application.id, "application_1717000000000_0003");
  const wrong = new ControlClient(h.server.url, "x".repeat(40), { ca: app.ca.cert, timeoutMs: 5_000 });
  await assert.rejects(wrong.scale("dask.worker", 9), (e: ControlError) => e.httpStatus === 401);
  assert.deepEqual(h.core.scaled, []);
});

test("another application's CA is refused: no trust on first use", async () => {
  const other = makeAppCredentials("application_1_0002").ca.cert;
  const client = new ControlClient(h.server.url, SECRET, { ca: other, timeoutMs: 5_000 });
  await assert.rejects(client.status(), (e: ControlError) => {
    assert.equal(e.code, "CONTROL_UNREACHABLE");
    assert.match(e.message, /self-signed|unable to verify|certificate/i);
    return true;
  });
});

test("the host name is checked: a certificate for other hosts is refused", async () => {
  const elsewhere = issueLeaf(app.ca, { commonName: "am", hosts: ["nm9.example.org"] });
  const h2 = await harness({ tls: elsewhere }, app.ca.cert);
  try {
    const client = new ControlClient(h2.server.url, SECRET, { ca: app.ca.cert, timeoutMs: 5_000 });
    await assert.rejects(client.status(), /does not match|altnames|Hostname\/IP/i);
  } finally {
    await h2.close();
  }
});

test("an https URL without the CA is refused before any request", () => {
  assert.throws(
    () => new ControlClient(h.server.url, SECRET),
    (e: ControlError) => e.code === "CONTROL_BAD_REQUEST",
  );
});

test("the page listener serves the overview without a secret and no API at all", async () => {
  const page = await raw(`${h.server.pageUrl}/`);
  assert.equal(page.status, 200);
  assert.match(String(page.headers["content-type"]), /text\/html/);
  const proxied = await raw(`${h.server.pageUrl}/proxy/application_1_0001/`);
  assert.equal(proxied.status, 200);
  const api = await raw(`${h.server.pageUrl}/api/v1/status`, { headers: auth });
  assert.equal(api.status, 404, "the secret never travels in clear text to a working endpoint");
  const post = await raw(`${h.server.pageUrl}/api/v1/scale`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ service: "dask.worker", instances: 5 }),
  });
  assert.equal(post.status, 404);
  assert.deepEqual(h.core.scaled, []);
});

test("plain HTTP to the https port gets no answer from the API", async () => {
  const r = await raw(`${h.server.url.replace("https", "http")}/api/v1/status`, { headers: auth }).catch((e) => e);
  // Node's TLS server answers a plain request with a 400 and closes, or resets the connection.
  assert.ok(r instanceof Error || r.status === 400, `got ${JSON.stringify(r)}`);
});
