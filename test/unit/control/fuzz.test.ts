// The control API under abuse, over TLS as it runs in the AM: random methods, paths, headers and
// bodies (up to and past the body limit) without the secret, slow bodies, and 500 requests at once.
// Bounded: a fixed number of runs, short server timeouts, loopback only. Properties: no 5xx at all
// (503 AM_STOPPING is the one documented 5xx, and only while the server closes), and without the
// secret nothing changes (no scale, no shutdown, no key written).
import assert from "node:assert/strict";
import { request } from "node:https";
import { connect } from "node:tls";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../../../src/control/routes.js";
import { issueLeaf, makeAppCredentials } from "../../../src/security/index.js";
import { auth, harness, type Harness } from "./support.js";

const app = makeAppCredentials("application_1_0001");
const tls = issueLeaf(app.ca, { commonName: "am", hosts: ["127.0.0.1"] });
let h: Harness;
let base: URL;

before(async () => {
  h = await harness({ tls, headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 }, app.ca.cert);
  base = new URL(h.server.url);
});
after(() => h.close());

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One https request trusting the app's CA; a connection the server cuts resolves as status 0. */
function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = request(
        { host: base.hostname, port: base.port, path, method, headers, ca: app.ca.cert, agent: false, timeout: 10_000 },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
    } catch (e) {
      return reject(e);
    }
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.end(body);
  });
}

function unchanged(): void {
  assert.deepEqual(h.core.scaled, []);
  assert.deepEqual(h.core.shutdowns, []);
  assert.equal(h.server.kv.size, 0);
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"];
const PATHS = ["/", "/index.html", "/api/v1", "/api/v1/status", "/api/v1/scale", "/api/v1/shutdown", "/api/v1/adapt"];
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
const pathArb = fc.oneof(
  fc.constantFrom(...PATHS),
  fc.constantFrom(...PATHS).chain((p) => fc.webSegment().map((s) => `${p}/${s}`)),
  fc.webPath().map((p) => (p.startsWith("/") ? p : `/${p}`)),
  fc.string({ maxLength: 40 }).map((s) => `/api/v1/kv/${encodeURIComponent(s)}`),
);
const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.json().map((j) => Buffer.from(j)),
  fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
  fc.constantFrom(MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 4 * MAX_BODY_BYTES).map((n) => Buffer.alloc(n, 0x7b)),
);
const authArb = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, "x")}`),
  fc.constantFrom("Basic Zm9vOmJhcg==", "Bearer", "bearer  ", `Bearer ${"a".repeat(9000)}`),
);

test("random requests without the secret: never a 5xx, never a change", { timeout: 120_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.constantFrom(...METHODS), token),
      pathArb,
      fc.dictionary(token, fc.stringMatching(/^[\x20-\x7e]{0,40}$/), { maxKeys: 4 }),
      authArb,
      bodyArb,
      async (method, path, extra, authorization, body) => {
        const headers: Record<string, string> = { ...extra };
        delete headers.authorization;
        delete headers.Authorization;
        for (const k of Object.keys(headers))
          if (/^(content-length|transfer-encoding|host|connection)$/i.test(k)) delete headers[k];
        if (authorization) headers.Authorization = authorization;
        const r = await send(method, path, headers, method === "GET" || method === "HEAD" ? undefined : body);
        assert.ok(r.status < 500, `${method} ${path} → ${r.status} ${r.body.slice(0, 200)}`);
        unchanged();
      },
    ),
    { numRuns: 300 },
  );
});

test(
  "with the secret, malformed bodies are 4xx, never 5xx; a body past the limit is 413",
  { timeout: 60_000 },
  async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/v1/scale", "/api/v1/shutdown", "/api/v1/adapt"),
        bodyArb,
        async (path, body) => {
          const r = await send("POST", path, { ...auth, "Content-Type": "application/json" }, body);
          // (The fake AM has no adaptive scaling: /adapt is 404 before its body is looked at.)
          if (body && body.length > MAX_BODY_BYTES && !path.endsWith("adapt"))
            assert.ok(r.status === 413 || r.status === 0, `${r.status}`);
          assert.ok(r.status < 500, `${path} → ${r.status} ${r.body.slice(0, 200)}`);
        },
      ),
      { numRuns: 150 },
    );
    h.core.scaled.length = 0;
    h.core.shutdowns.length = 0;
  },
);

/** Sends the headers, then one body byte a second; resolves with what came back and how long it took. */
function slowBody(authorization: string): Promise<{ answer: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const s = connect({ host: base.hostname, port: Number(base.port), ca: app.ca.cert }, () => {
      s.write(
        `POST /api/v1/scale HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\n` +
          `Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"serv`,
      );
      const drip = setInterval(() => s.write("i"), 1_000);
      let got = "";
      s.on("data", (d) => (got += String(d)));
      s.on("close", () => {
        clearInterval(drip);
        resolve({ answer: got, ms: Date.now() - started });
      });
      s.on("error", () => undefined);
    });
  });
}

test(
  "a slow body: refused at once without the secret, cut at the request deadline with it",
  { timeout: 30_000 },
  async () => {
    const stranger = await slowBody("Bearer not-the-secret-at-all");
    assert.match(stranger.answer, /^HTTP\/1\.1 401/, "the secret is checked before the body is read");
    // With the secret the body is awaited, but only until the 1.5 s request deadline.
    const owner = await slowBody(auth.Authorization);
    assert.ok(owner.ms < 10_000, `cut after ${owner.ms} ms`);
    assert.ok(owner.answer === "" || /^HTTP\/1\.1 408/.test(owner.answer), owner.answer.slice(0, 100));
    unchanged();
  },
);

test(
  "500 parallel requests without the secret: all refused 401, then the owner is still served",
  { timeout: 60_000 },
  async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        send(
          i % 2 ? "POST" : "GET",
          i % 2 ? "/api/v1/scale" : "/api/v1/status",
          { Authorization: `Bearer wrong-${i}` },
          i % 2 ? Buffer.from('{"service":"dask.worker","instances":9}') : undefined,
        ),
      ),
    );
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    assert.deepEqual([...byStatus], [[401, 500]], "every one answered, every one refused");
    console.log(`500 parallel unauthenticated https requests answered in ${Date.now() - started} ms`);
    unchanged();
    assert.equal((await h.client.status()).application.state, "RUNNING");
  },
);
