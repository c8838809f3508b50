import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameDecoder } from "../../../src/hadoop-rpc/wire/frame-decoder.js";
import { FrameError } from "../../../src/hadoop-rpc/errors.js";
import { hex } from "./bytes.js";

const A = hex("00 00 00 03 0a 0b 0c");
const B = hex("00 00 00 00");
const C = hex("00 00 01 02").length === 4 ? Buffer.concat([hex("00 00 01 02"), Buffer.alloc(258, 7)]) : hex("");

test("one byte at a time", () => {
  const d = new FrameDecoder();
  const out: Buffer[] = [];
  for (const b of Buffer.concat([A, B, C])) out.push(...d.push(Buffer.from([b])));
  assert.deepEqual(out, [hex("0a 0b 0c"), hex(""), Buffer.alloc(258, 7)]);
  assert.equal(d.pending, 0);
});

test("split inside the length prefix", () => {
  const d = new FrameDecoder();
  assert.deepEqual(d.push(A.subarray(0, 2)), []);
  assert.equal(d.pending, 2);
  assert.deepEqual(d.push(A.subarray(2)), [hex("0a 0b 0c")]);
});

test("split inside the body", () => {
  const d = new FrameDecoder();
  assert.deepEqual(d.push(A.subarray(0, 5)), []);
  assert.deepEqual(d.push(A.subarray(5)), [hex("0a 0b 0c")]);
});

test("two frames and the start of a third in one chunk", () => {
  const d = new FrameDecoder();
  const all = Buffer.concat([A, B, C]);
  assert.deepEqual(d.push(all.subarray(0, A.length + B.length + 6)), [hex("0a 0b 0c"), hex("")]);
  assert.deepEqual(d.push(all.subarray(A.length + B.length + 6)), [Buffer.alloc(258, 7)]);
});

test("returned frames are not aliased to later input", () => {
  const d = new FrameDecoder();
  const chunk = Buffer.from(A);
  const [f] = d.push(chunk);
  chunk.fill(0);
  assert.deepEqual(f, hex("0a 0b 0c"));
});

test("a length over the maximum is a FrameError, before the body arrives", () => {
  const d = new FrameDecoder(1024);
  assert.throws(() => d.push(hex("00 00 04 01")), FrameError);
  assert.throws(() => new FrameDecoder().push(hex("ff ff ff ff")), FrameError);
});

test("a large frame in many small chunks comes out once, intact", () => {
  const body = Buffer.alloc(1_000_000);
  for (let i = 0; i < body.length; i++) body[i] = i % 251;
  const wire = Buffer.concat([hex("00 0f 42 40"), body]);
  const d = new FrameDecoder();
  const out: Buffer[] = [];
  for (let off = 0; off < wire.length; off += 1000) out.push(...d.push(wire.subarray(off, off + 1000)));
  assert.equal(out.length, 1);
  assert.ok(out[0]!.equals(body));
});

test("mutating a pushed chunk afterwards does not change buffered bytes", () => {
  const d = new FrameDecoder();
  for (const cut of [2, 5]) {
    const chunk = Buffer.from(A.subarray(0, cut));
    assert.deepEqual(d.push(chunk), []);
    chunk.fill(0xff);
    assert.deepEqual(d.push(A.subarray(cut)), [hex("0a 0b 0c")]);
  }
});
