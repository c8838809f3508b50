// The shared HTTP layer against small loopback servers that answer the way Hadoop's
// AuthenticationFilter does: which auth goes on the wire, how a 401/403 reads, failover.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { delegationToken, HadoopHttp, simple, spnego } from "../../../src/hadoop-http/index.js";

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** A port nothing listens on (a server opened and closed again). */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

const negotiate = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(401, { "WWW-Authenticate": "Negotiate", "Content-Type": "text/plain" });
  res.end("Authentication required");
};

test("simple auth against a Kerberized endpoint: KERBEROS_REQUIRED naming the challenge", async () => {
  const url = await serve(negotiate);
  const http = new HadoopHttp({ urls: [url], auth: simple("alice"), timeoutMs: 2000, role: "ResourceManager" });
  await assert.rejects(http.exchange({ method: "GET", url: `${url}/ws/v1/cluster` }), (e: any) => {
    assert.equal(e.code, "KERBEROS_REQUIRED");
    assert.match(e.message, /WWW-Authenticate: Negotiate/);
    assert.match(e.hint, /kinit/);
    return true;
  });
});

test("SPNEGO puts the provider's token in the header, for the URL's host; a 401 is SPNEGO_REFUSED", async () => {
  const seen: { auth?: string; url?: string }[] = [];
  const url = await serve((req, res) => {
    seen.push({ auth: req.headers.authorization, url: req.url });
    negotiate(req, res);
  });
  const hosts: string[] = [];
  const provider = { negotiateToken: async (host: string) => (hosts.push(host), "dG9rZW4=") };
  const http = new HadoopHttp({ urls: [url], auth: spnego(provider, "bob"), timeoutMs: 2000, role: "NameNode" });
  await assert.rejects(http.exchange({ method: "GET", url: `${url}/webhdfs/v1/?op=LISTSTATUS` }), /SPNEGO|refused/);
  assert.deepEqual(hosts, ["127.0.0.1"]);
  assert.equal(seen[0]!.auth, "Negotiate dG9rZW4=");
  assert.match(seen[0]!.url!, /doas=bob/);
  assert.doesNotMatch(seen[0]!.url!, /user\.name/);
});

test("a 403 that clears hadoop.auth (a refused SPNEGO ticket) is SPNEGO_REFUSED with the server's reason", async () => {
  // What Hadoop 3.4's AuthenticationFilter sent for a ticket its keytab could not decrypt.
  const reason = "GSSException: Failure unspecified at GSS-API level (Mechanism level: Checksum failed)";
  const url = await serve((_req, res) => {
    res.writeHead(403, reason, { "Set-Cookie": "hadoop.auth=; Path=/; Secure; HttpOnly", "Content-Type": "text/html" });
    res.end(`<html><title>Error 403 ${reason}</title></html>`);
  });
  const provider = { negotiateToken: async () => "dG9rZW4=" };
  const http = new HadoopHttp({ urls: [url], auth: spnego(provider), timeoutMs: 2000, role: "ResourceManager" });
  await assert.rejects(http.exchange({ method: "GET", url: `${url}/ws/v1/cluster/info` }), (e: any) => {
    assert.equal(e.code, "SPNEGO_REFUSED");
    assert.match(
      e.message,
      /ResourceManager at 127\.0\.0\.1:\d+ refused our Kerberos \(SPNEGO\) ticket for HTTP\/127\.0\.0\.1 \(HTTP 403\): GSSException.*Checksum failed/,
    );
    assert.match(e.hint, /keytab is out of date/);
    return true;
  });
});

test("a 403 after authentication (an ACL, a permission) is left to the caller, body readable", async () => {
  const url = await serve((_req, res) => {
    res.writeHead(403, {
      "Set-Cookie": 'hadoop.auth="u=other&p=other@R&t=kerberos&e=1"; Path=/',
      "Content-Type": "application/json",
    });
    res.end('{"RemoteException":{"message":"Permission denied"}}');
  });
  const provider = { negotiateToken: async () => "dG9rZW4=" };
  const http = new HadoopHttp({ urls: [url], auth: spnego(provider), timeoutMs: 2000, role: "NameNode" });
  const res = await http.exchange({ method: "GET", url: `${url}/webhdfs/v1/x` });
  assert.equal(res.status, 403);
  assert.match(JSON.stringify(res.data), /Permission denied/);
});

test("a delegation token goes in the query; a 403 for doas is PROXY_USER_REFUSED", async () => {
  let query = "";
  const url = await serve((req, res) => {
    query = req.url ?? "";
    res.writeHead(403, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        RemoteException: {
          exception: "SecurityException",
          message: "Failed to obtain user group information: User: alice@R is not allowed to impersonate bob",
        },
      }),
    );
  });
  const http = new HadoopHttp({ urls: [url], auth: delegationToken("QUJD", "bob"), timeoutMs: 2000, role: "NameNode" });
  await assert.rejects(http.exchange({ method: "GET", url: `${url}/webhdfs/v1/x` }), (e: any) => {
    assert.equal(e.code, "PROXY_USER_REFUSED");
    assert.match(e.message, /act as 'bob'.*not allowed to impersonate bob/);
    return true;
  });
  assert.match(query, /delegation=QUJD/);
});

test("failover skips a dead address, remembers the one that answered, and names every address tried", async () => {
  const dead = await deadUrl();
  const live = await serve((_req, res) => res.end("{}"));
  const http = new HadoopHttp({ urls: [dead, live], auth: simple("alice"), timeoutMs: 2000, role: "NameNode" });
  const ok = await http.failover(
    async (base) => ({ ok: (await http.exchange({ method: "GET", url: base + "/" })).status }),
    () => new Error("unreachable"),
  );
  assert.equal(ok, 200);
  assert.equal(http.activeUrl, live);
  const none = new HadoopHttp({ urls: [dead], auth: simple("a"), timeoutMs: 2000, role: "NameNode" });
  await assert.rejects(
    none.failover(
      async (base) => ({ ok: await none.exchange({ method: "GET", url: base }) }),
      (tried) => new Error(`tried ${tried.join(", ")}`),
    ),
    new RegExp(`tried ${dead} \\(ECONNREFUSED\\)`),
  );
});

test("a CA file that is missing or not PEM is refused before any request", () => {
  const make = (caFile: string) =>
    new HadoopHttp({ urls: ["https://h:1"], auth: simple("a"), timeoutMs: 1, role: "NameNode", tls: { caFile } });
  assert.throws(() => make("/nonexistent/ca.pem"), { code: "CA_FILE_UNREADABLE" });
  assert.throws(() => make(import.meta.filename), /holds no PEM certificate/);
});
