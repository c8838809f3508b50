// One member of a zip file (a Python wheel), found through the central directory. Pure: the
// caller inflates `data` (method 8, raw deflate) or takes it as is (method 0, stored).

export interface ZipMember {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  /** The member's bytes as stored (compressed for method 8). */
  readonly data: Uint8Array;
  readonly size: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The member named `name`, or undefined; throws when the bytes are not a zip file. */
export function zipMember(bytes: Uint8Array, name: string): ZipMember | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes plus a comment of up to 64 KiB: search backwards.
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("not a zip file (no end of central directory record)");
  const entries = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (b.readUInt32LE(at) !== CENTRAL) throw new Error(`zip central directory is damaged at byte ${at}`);
    const method = b.readUInt16LE(at + 10);
    const compressed = b.readUInt32LE(at + 20);
    const size = b.readUInt32LE(at + 24);
    const nameLen = b.readUInt16LE(at + 28);
    const extraLen = b.readUInt16LE(at + 30);
    const commentLen = b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    const entryName = b.toString("utf8", at + 46, at + 46 + nameLen);
    if (entryName === name) {
      if (b.readUInt32LE(local) !== LOCAL) throw new Error(`zip member ${name} has no local header`);
      const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      return { name, method, size, data: bytes.subarray(start, start + compressed) };
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  return undefined;
}
