// Property tests: random and truncated input never crashes, hangs, or throws anything but the
// module's typed error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { FrameDecoder } from "../../../src/hadoop-rpc/wire/frame-decoder.js";
import { decodeResponseFrame } from "../../../src/hadoop-rpc/wire/rpc-response.js";
import { parseDigestChallenge } from "../../../src/hadoop-rpc/sasl/digest-challenge.js";
import { SecurityLayer } from "../../../src/hadoop-rpc/sasl/digest-security-layer.js";
import { decodeTokenStorage } from "../../../src/hadoop-rpc/security/token-file.js";
import { FrameError, SaslError, TokenFileError } from "../../../src/hadoop-rpc/errors.js";

const OPTS = { numRuns: 2000 };
const bytes = (max = 200) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

/** Runs fn; passes if it returns or throws an instance of `type`, fails on any other throw. */
function onlyThrows(type: new (...a: any[]) => Error, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof type, `threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
  }
}

test("frame decoder: random chunks yield frames or a FrameError", { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(fc.array(bytes(64), { maxLength: 10 }), (chunks) => {
      const d = new FrameDecoder(4096);
      onlyThrows(FrameError, () => chunks.forEach((c) => d.push(c)));
    }),
    OPTS,
  );
});

test("frame decoder: any split of valid frames yields the same frames", { timeout: 60_000 }, () => {
  const frameArb = bytes(300).map((b) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return { body: b, wire: Buffer.concat([len, b]) };
  });
  fc.assert(
    fc.property(
      fc.array(frameArb, { minLength: 1, maxLength: 5 }),
      fc.array(fc.nat(), { maxLength: 8 }),
      (frames, cuts) => {
        const all = Buffer.concat(frames.map((f) => f.wire));
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const d = new FrameDecoder();
        const out: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, all.length]) {
          out.push(...d.push(all.subarray(prev, p)));
          prev = p;
        }
        assert.deepEqual(
          out,
          frames.map((f) => f.body),
        );
        assert.equal(d.pending, 0);
      },
    ),
    OPTS,
  );
});

test("response decoder: random frame bodies decode or throw FrameError", { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(bytes(), (b) => onlyThrows(FrameError, () => decodeResponseFrame(b))),
    OPTS,
  );
});

const CHALLENGE =
  'realm="default",nonce="TcWpG1FefGQkBWvvlyJeoVrR2rcMNQCBQaRHsqgK",qop="auth-conf,auth",charset=utf-8,cipher="3des,rc4,des,rc4-56,rc4-40",algorithm=md5-sess';

test("DIGEST-MD5 challenge parser: random text and every truncation → result or SaslError", { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 120 }), (s) => onlyThrows(SaslError, () => parseDigestChallenge(s))),
    OPTS,
  );
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'"\\,= abq'.split("")), maxLength: 60 }), (s) =>
      onlyThrows(SaslError, () => parseDigestChallenge(s)),
    ),
    OPTS,
  );
  for (let i = 0; i <= CHALLENGE.length; i++) onlyThrows(SaslError, () => parseDigestChallenge(CHALLENGE.slice(0, i)));
  assert.equal(parseDigestChallenge(CHALLENGE).nonce, "TcWpG1FefGQkBWvvlyJeoVrR2rcMNQCBQaRHsqgK");
});

const fixture = (n: string) => readFileSync(new URL(`../../fixtures/hadoop-rpc/${n}`, import.meta.url));

test(
  "token file reader: random bytes, HDTS + random, truncations, bit flips → result or TokenFileError",
  { timeout: 60_000 },
  () => {
    const magic = Buffer.from("HDTS");
    fc.assert(
      fc.property(bytes(), (b) => onlyThrows(TokenFileError, () => decodeTokenStorage(b))),
      OPTS,
    );
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), bytes(), (v, b) =>
        onlyThrows(TokenFileError, () => decodeTokenStorage(Buffer.concat([magic, Buffer.from([v]), b]))),
      ),
      OPTS,
    );
    for (const name of ["container_tokens.v0", "container_tokens.v1"]) {
      const f = fixture(name);
      for (let i = 0; i < f.length; i++) assert.throws(() => decodeTokenStorage(f.subarray(0, i)), TokenFileError);
      fc.assert(
        fc.property(fc.nat(f.length - 1), fc.integer({ min: 1, max: 255 }), (pos, x) => {
          const g = Buffer.from(f);
          g[pos]! ^= x;
          onlyThrows(TokenFileError, () => decodeTokenStorage(g));
        }),
        OPTS,
      );
    }
  },
);

test("security layer: random tokens never unwrap, always a SaslError", { timeout: 60_000 }, () => {
  const key = Buffer.alloc(16, 3);
  for (const qop of ["auth-int", "auth-conf"] as const) {
    fc.assert(
      fc.property(bytes(100), (b) => {
        if (b.length === 0) return;
        assert.throws(() => new SecurityLayer(key, qop, "server").unwrap(b), SaslError);
      }),
      OPTS,
    );
  }
});
