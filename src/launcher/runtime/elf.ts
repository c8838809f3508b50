// What a Node binary needs from the node it runs on, read from its bytes (no readelf, no I/O here):
// the CPU architecture (ELF e_machine) and the newest glibc symbol version it was linked against
// (the GLIBC_x.y names in .gnu.version_r, the version-needs section). A binary whose newest need
// is GLIBC_2.28 does not start on a RHEL 7 node (glibc 2.17); an aarch64 one not on x86-64.
// Mach-O and PE files are recognized only to say which OS they are for.

export type ElfArch = "x64" | "arm64" | "ia32" | "arm" | "other";

export interface BinaryFacts {
  /** "linux" for any ELF (it is what YARN nodes run), else the OS the file format belongs to. */
  readonly os: "linux" | "darwin" | "win32";
  readonly arch: ElfArch;
  /** e_machine as written, for a message about an arch we do not name. */
  readonly machine?: number;
  /** The newest GLIBC_x.y the binary needs, e.g. "2.17"; undefined when it needs none (static, musl). */
  readonly glibc?: string;
}

export class NotABinaryError extends Error {}

const SHT_GNU_VERNEED = 0x6ffffffe;
/** e_machine values (System V ABI, "Machine" table). */
const MACHINES: Record<number, ElfArch> = { 3: "ia32", 40: "arm", 62: "x64", 183: "arm64" };

/** The facts of an executable's bytes; throws NotABinaryError for anything that is no executable. */
export function binaryFacts(bytes: Uint8Array): BinaryFacts {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 4 && b.readUInt32BE(0) === 0x7f454c46) return elfFacts(b);
  if (b.length >= 4 && [0xcffaedfe, 0xcefaedfe, 0xcafebabe].includes(b.readUInt32BE(0))) {
    // Mach-O 64/32 (little-endian magic as stored) and fat binaries.
    return { os: "darwin", arch: b.readUInt32BE(0) === 0xcafebabe ? "other" : machoArch(b) };
  }
  if (b.length >= 2 && b.toString("latin1", 0, 2) === "MZ") return { os: "win32", arch: "other" };
  throw new NotABinaryError("not an executable (no ELF, Mach-O or PE header)");
}

function machoArch(b: Buffer): ElfArch {
  const cpu = b.length >= 8 ? b.readUInt32LE(4) : 0;
  return cpu === 0x01000007 ? "x64" : cpu === 0x0100000c ? "arm64" : "other";
}

interface Section {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
}

function elfFacts(b: Buffer): BinaryFacts {
  const is64 = b[4] === 2;
  if (b[5] !== 1) throw new NotABinaryError("big-endian ELF: no YARN node runs it");
  const machine = b.readUInt16LE(18);
  const arch = MACHINES[machine] ?? "other";
  const sections = sectionHeaders(b, is64);
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  const strtab = verneed ? sections[verneed.link] : undefined;
  const glibc = verneed && strtab ? newestGlibc(b, verneed, strtab) : undefined;
  return { os: "linux", arch, machine, ...(glibc ? { glibc } : {}) };
}

function sectionHeaders(b: Buffer, is64: boolean): Section[] {
  const shoff = is64 ? Number(b.readBigUInt64LE(0x28)) : b.readUInt32LE(0x20);
  const entsize = b.readUInt16LE(is64 ? 0x3a : 0x2e);
  const count = b.readUInt16LE(is64 ? 0x3c : 0x30);
  if (shoff === 0 || shoff + entsize * count > b.length) return []; // stripped of section headers, or cut
  const out: Section[] = [];
  for (let i = 0; i < count; i++) {
    const o = shoff + i * entsize;
    out.push(
      is64
        ? {
            type: b.readUInt32LE(o + 4),
            offset: Number(b.readBigUInt64LE(o + 24)),
            size: Number(b.readBigUInt64LE(o + 32)),
            link: b.readUInt32LE(o + 40),
            info: b.readUInt32LE(o + 44),
          }
        : {
            type: b.readUInt32LE(o + 4),
            offset: b.readUInt32LE(o + 16),
            size: b.readUInt32LE(o + 20),
            link: b.readUInt32LE(o + 24),
            info: b.readUInt32LE(o + 28),
          },
    );
  }
  return out;
}

function cString(b: Buffer, at: number): string {
  const end = b.indexOf(0, at);
  return b.toString("latin1", at, end < 0 ? b.length : end);
}

/** Walks the Verneed entries (sh_info of them) and their Vernaux lists for GLIBC_x.y[.z] names. */
function newestGlibc(b: Buffer, verneed: Section, strtab: Section): string | undefined {
  let best: number[] | undefined;
  let need = verneed.offset;
  for (let n = 0; n < verneed.info && need + 16 <= b.length; n++) {
    const cnt = b.readUInt16LE(need + 2);
    let aux = need + b.readUInt32LE(need + 8);
    for (let a = 0; a < cnt && aux + 16 <= b.length; a++) {
      const name = cString(b, strtab.offset + b.readUInt32LE(aux + 8));
      const version = /^GLIBC_(\d+(?:\.\d+)+)$/.exec(name)?.[1];
      if (version) {
        const v = version.split(".").map(Number);
        if (!best || compareVersions(v, best) > 0) best = v;
      }
      const next = b.readUInt32LE(aux + 12);
      if (next === 0) break;
      aux += next;
    }
    const next = b.readUInt32LE(need + 12);
    if (next === 0) break;
    need += next;
  }
  return best?.join(".");
}

/** Numeric comparison of dotted versions: 2.17 < 2.28 < 2.3.4 is wrong as text, right here. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
