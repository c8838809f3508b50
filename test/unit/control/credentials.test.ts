// POST /api/v1/credentials through the real client and server with a fake AM core: tokens reach
// the core with their expiries; a body without tokens, a token that is not URL-safe base64 or a
// bad expiry is a 400 and never reaches it; a core without tokens answers 404.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ControlError, type CredentialsStatus } from "../../../src/control/index.js";
import { FakeAmCore, harness, type Harness } from "./support.js";

// Token.write by hand: VInt 2 + identifier, VInt 2 + password, Text kind, Text service.
const kind = Buffer.from("HDFS_DELEGATION_TOKEN");
const service = Buffer.from("127.0.0.1:8020");
const TOKEN = Buffer.concat([
  Buffer.from([2, 0xaa, 0xbb, 2, 0xcc, 0xdd, kind.length]),
  kind,
  Buffer.from([service.length]),
  service,
]).toString("base64url");

class TokenCore extends FakeAmCore {
  readonly got: [Readonly<Record<string, string>>, Readonly<Record<string, number>>][] = [];
  async refreshCredentials(tokens: Readonly<Record<string, string>>, expiries: Readonly<Record<string, number>>) {
    this.got.push([tokens, expiries]);
    return { source: "refresh", tokens: [] } satisfies CredentialsStatus;
  }
}

let h: Harness;
let plain: Harness;
let core: TokenCore;
before(async () => {
  core = new TokenCore();
  h = await harness({ handlers: core });
  plain = await harness({ handlers: new FakeAmCore() });
});
after(async () => {
  await h.close();
  await plain.close();
});

const rejectsWith = (p: Promise<unknown>, code: string, message: RegExp) =>
  assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ControlError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });

test("tokens that decode reach the core with their expiries", async () => {
  const r = await h.client.refreshCredentials({
    tokens: { "127.0.0.1:8020": TOKEN },
    expiries: { "127.0.0.1:8020": 5 },
  });
  assert.equal(r.credentials.source, "refresh");
  assert.deepEqual(core.got, [[{ "127.0.0.1:8020": TOKEN }, { "127.0.0.1:8020": 5 }]]);
});

test("no tokens, a token that is not one, or a bad expiry → 400; the core is not called", async () => {
  core.got.length = 0;
  await rejectsWith(h.client.refreshCredentials({ tokens: {} }), "CONTROL_BAD_REQUEST", /at least one token/);
  await rejectsWith(
    h.client.refreshCredentials({ tokens: { a: "not a token!" } }),
    "CONTROL_BAD_REQUEST",
    /token 'a' is not a Hadoop token/,
  );
  await rejectsWith(
    h.client.refreshCredentials({ tokens: { a: TOKEN }, expiries: { a: 1.5 } }),
    "CONTROL_BAD_REQUEST",
    /'expiries.a' is not valid/,
  );
  assert.deepEqual(core.got, []);
});

test("an AM without delegation tokens answers 404", async () => {
  await assert.rejects(plain.client.refreshCredentials({ tokens: { a: TOKEN } }), (err: unknown) => {
    assert.ok(err instanceof ControlError, String(err));
    assert.deepEqual([err.httpStatus, err.serverCode], [404, "NOT_FOUND"]);
    assert.match(err.message, /no delegation tokens/);
    return true;
  });
});
