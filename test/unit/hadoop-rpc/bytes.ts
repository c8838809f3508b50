// Test-only byte builder, independent of the production encoders (pg-protocol's BufferList idea):
// hex literals plus a tiny delimiter helper for messages shorter than 128 bytes.
export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ""), "hex");
}

export function ascii(s: string): Buffer {
  return Buffer.from(s, "ascii");
}

/** One-byte length prefix (valid for < 128 bytes) followed by the bytes. */
export function short(bytes: Buffer): Buffer {
  if (bytes.length >= 128) throw new Error("test helper only handles one-byte lengths");
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** u32 BE length + body. */
export function frame(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

export const CLIENT_ID = hex("101112131415161718191a1b1c1d1e1f");
