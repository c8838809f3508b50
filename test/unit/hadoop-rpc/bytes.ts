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

/** A length-delimited field: its tag byte, then the concatenated parts with a one-byte length. */
export function ld(tag: string, ...parts: Buffer[]): Buffer {
  return Buffer.concat([hex(tag), short(Buffer.concat(parts))]);
}

/** ApplicationIdProto { id(1) = 5, cluster_timestamp(2) = 1795664480404 (varint 94 91 c6 af a1 34) }. */
export const APP_5 = hex("08 05  10 94 91 c6 af a1 34");

/**
 * ContainerIdProto of container_1795664480404_0005_01_000002:
 * { app_id(1), app_attempt_id(2) { application_id(1), attemptId(2) = 1 }, id(3) = 2 }.
 */
export const CONTAINER_2 = Buffer.concat([ld("0a", APP_5), ld("12", ld("0a", APP_5), hex("10 01")), hex("18 02")]);
