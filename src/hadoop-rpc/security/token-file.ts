// Token storage files (hadoop-common Credentials.readTokenStorageStream / writeTokenStorageToStream),
// the format of HADOOP_TOKEN_FILE_LOCATION and of ContainerLaunchContextProto.tokens:
//
//   "HDTS" | version | body
//   version 0 (WRITABLE): VInt n, n × (Text alias, Token); VInt m, m × (Text alias, VInt len, bytes)
//            Token = VInt len, identifier, VInt len, password, Text kind, Text service
//   version 1 (PROTOBUF): varint-delimited CredentialsProto
//
// Hadoop 3.x writes version 0 by default; both are read.
import { TokenFileError } from "../errors.js";
import { readVarint32 } from "../wire/varint.js";
import { credentialsProto, type CredentialsProto } from "../wire/rpc-proto.js";
import { tokenFromProto, type Token } from "./token.js";
import { WritableReader, writeText, writeVLong } from "../../hadoop-io/writable.js";
import { readToken, writeToken } from "../../hadoop-io/token.js";

const tokenFileError = (message: string) => new TokenFileError(message);

export const TOKEN_STORAGE_MAGIC = Buffer.from("HDTS", "ascii");

export interface Credentials {
  tokens: { alias: string; token: Token }[];
  secrets: { alias: string; secret: Buffer }[];
}

export function decodeTokenStorage(bytes: Uint8Array): Credentials {
  const buf = Buffer.from(bytes);
  if (buf.length < 5 || !buf.subarray(0, 4).equals(TOKEN_STORAGE_MAGIC)) {
    throw new TokenFileError("not a Hadoop token storage file (no HDTS magic)");
  }
  const version = buf[4];
  if (version === 0) return decodeWritable(new WritableReader(buf.subarray(5), tokenFileError));
  if (version === 1) return decodeProtobuf(buf.subarray(5));
  throw new TokenFileError(`unknown token storage version ${version}`);
}

function decodeWritable(r: WritableReader): Credentials {
  const out: Credentials = { tokens: [], secrets: [] };
  const nTokens = r.length("token count");
  for (let i = 0; i < nTokens; i++) out.tokens.push({ alias: r.text("token alias"), token: readToken(r) });
  const nSecrets = r.length("secret count");
  for (let i = 0; i < nSecrets; i++) {
    const alias = r.text("secret alias");
    out.secrets.push({ alias, secret: r.bytes(r.length("secret length"), "secret") });
  }
  if (r.remaining !== 0) throw new TokenFileError(`${r.remaining} trailing bytes after the credentials`);
  return out;
}

function decodeProtobuf(body: Buffer): Credentials {
  let len: { value: number; next: number } | undefined;
  try {
    len = readVarint32(body, 0);
  } catch (cause) {
    throw new TokenFileError(`bad CredentialsProto length: ${(cause as Error).message}`, { cause });
  }
  if (!len || len.next + len.value > body.length) throw new TokenFileError("truncated CredentialsProto");
  let p: CredentialsProto;
  try {
    p = credentialsProto.decode(body.subarray(len.next, len.next + len.value));
  } catch (cause) {
    throw new TokenFileError((cause as Error).message, { cause });
  }
  const out: Credentials = { tokens: [], secrets: [] };
  for (const kv of p.tokens ?? []) if (kv.token) out.tokens.push({ alias: kv.alias, token: tokenFromProto(kv.token) });
  for (const kv of p.secrets ?? [])
    if (kv.secret) out.secrets.push({ alias: kv.alias, secret: Buffer.from(kv.secret) });
  return out;
}

/** Version 0 (Writable), what Hadoop itself writes: for ContainerLaunchContextProto.tokens. */
export function encodeTokenStorage(c: Credentials): Buffer {
  const parts: Buffer[] = [TOKEN_STORAGE_MAGIC, Buffer.from([0]), writeVLong(c.tokens.length)];
  for (const { alias, token } of c.tokens) parts.push(writeText(alias), writeToken(token));
  parts.push(writeVLong(c.secrets.length));
  for (const { alias, secret } of c.secrets) parts.push(writeText(alias), writeVLong(secret.length), secret);
  return Buffer.concat(parts);
}
