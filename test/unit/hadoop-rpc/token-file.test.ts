import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTokenStorage, encodeTokenStorage } from "../../../src/hadoop-rpc/security/token-file.js";
import { readContainerTokens } from "../../../src/hadoop-rpc/security/container-tokens.js";
import { WritableReader, writeVLong } from "../../../src/hadoop-io/writable.js";
import { HadoopFormatError } from "../../../src/hadoop-io/errors.js";
import { selectToken, TokenKind, type Token } from "../../../src/hadoop-rpc/security/token.js";
import { NMTokenCache } from "../../../src/hadoop-rpc/security/nm-token-cache.js";
import { TokenFileError, TokenNotFoundError } from "../../../src/hadoop-rpc/errors.js";
import { hex } from "./bytes.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/hadoop-rpc/${name}`, import.meta.url));

// Read off the hexdump of the captured file by hand (see the fixtures README).
const IDENTIFIER = hex("0a0d0a0908051094 91c6afa134100110 caa2e5be06");
const PASSWORD = hex("90afeb20e95b01b6da9179d8826a43eda8b58538");

for (const name of ["container_tokens.v0", "container_tokens.v1"]) {
  test(`${name}: the AMRMToken Hadoop wrote for a real AM container`, () => {
    const c = decodeTokenStorage(fixture(name));
    assert.equal(c.tokens.length, 1);
    assert.equal(c.secrets.length, 0);
    const { alias, token } = c.tokens[0]!;
    assert.equal(alias, "");
    assert.deepEqual(token.identifier, IDENTIFIER);
    assert.deepEqual(token.password, PASSWORD);
    assert.equal(token.kind, "YARN_AM_RM_TOKEN");
    assert.equal(token.service, "");
  });
}

test("encoding the decoded v0 file reproduces Hadoop's bytes exactly", () => {
  const bytes = fixture("container_tokens.v0");
  assert.deepEqual(encodeTokenStorage(decodeTokenStorage(bytes)), bytes);
});

test("readContainerTokens reads HADOOP_TOKEN_FILE_LOCATION; missing file is a TokenFileError", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tokens-"));
  writeFileSync(join(dir, "container_tokens"), fixture("container_tokens.v0"));
  const c = await readContainerTokens(join(dir, "container_tokens"));
  assert.equal(c.tokens[0]!.token.kind, "YARN_AM_RM_TOKEN");
  await assert.rejects(readContainerTokens(join(dir, "nope")), TokenFileError);
  await assert.rejects(readContainerTokens(""), TokenFileError);
});

test("secrets and non-ASCII aliases in a v0 file (hand-built)", () => {
  const bytes = Buffer.concat([
    hex("48445453 00"),
    hex("00"), // no tokens
    hex("01"),
    hex("03"),
    Buffer.from("k\u00e9", "utf8"),
    hex("8f 80"),
    Buffer.alloc(128, 9),
  ]);
  const c = decodeTokenStorage(bytes);
  assert.deepEqual(c.secrets, [{ alias: "k\u00e9", secret: Buffer.alloc(128, 9) }]);
});

test("Hadoop VInt/VLong: hand-computed encodings both ways", () => {
  const cases: [number, string][] = [
    [0, "00"],
    [127, "7f"],
    [-112, "90"],
    [128, "8f80"],
    [300, "8e012c"],
    [-113, "8770"],
    [-1000, "8603e7"],
    [2147483647, "8c7fffffff"],
  ];
  for (const [v, h] of cases) {
    assert.equal(writeVLong(v).toString("hex"), h, `write ${v}`);
    assert.equal(new WritableReader(hex(h)).vint("v"), v, `read ${h}`);
  }
  // The primitives (src/hadoop-io) throw HadoopFormatError unless the format gives its own error.
  assert.throws(() => new WritableReader(hex("88 01 00 00 00 00")).vint("v"), HadoopFormatError);
  const asToken = (m: string) => new TokenFileError(m);
  assert.throws(() => new WritableReader(hex("88 01 00 00 00 00"), asToken).vint("v"), TokenFileError);
});

test("malformed files are TokenFileErrors", () => {
  const v0 = fixture("container_tokens.v0");
  for (const bad of [
    hex(""),
    hex("48445453"),
    hex("4844545302"),
    hex("58445453 00 00 00"),
    v0.subarray(0, 30),
    Buffer.concat([v0, hex("00")]),
  ]) {
    assert.throws(() => decodeTokenStorage(bad), TokenFileError);
  }
  assert.throws(() => decodeTokenStorage(fixture("container_tokens.v1").subarray(0, 40)), TokenFileError);
});

const tok = (kind: string, service: string, tag: number): Token => ({
  identifier: Buffer.from([tag]),
  password: Buffer.from([tag]),
  kind,
  service,
});

test("selectToken: kind, then service; empty service is the fallback", () => {
  const tokens = [
    tok("HDFS_DELEGATION_TOKEN", "127.0.0.1:9000", 1),
    tok(TokenKind.AMRM, "", 2),
    tok(TokenKind.AMRM, "10.0.0.1:8030", 3),
  ];
  assert.equal(selectToken(tokens, TokenKind.AMRM, "10.0.0.1:8030").identifier[0], 3);
  assert.equal(selectToken(tokens, TokenKind.AMRM, "127.0.0.1:8030").identifier[0], 2);
  assert.equal(selectToken(tokens, TokenKind.AMRM).identifier[0], 2);
  assert.throws(() => selectToken(tokens, TokenKind.NM), TokenNotFoundError);
});

test("NMTokenCache: per host:port, newest wins", () => {
  const cache = new NMTokenCache();
  cache.set("nm1", 8041, tok(TokenKind.NM, "nm1:8041", 1));
  cache.set("nm2", 8041, tok(TokenKind.NM, "nm2:8041", 2));
  cache.set("nm1", 8041, tok(TokenKind.NM, "nm1:8041", 3));
  assert.equal(cache.get("nm1", 8041).identifier[0], 3);
  assert.equal(cache.get("nm2", 8041).identifier[0], 2);
  assert.equal(cache.size, 2);
  assert.throws(() => cache.get("nm1", 8042), TokenNotFoundError);
});
