// A Hadoop token (hadoop-common security/token/Token.java) and its Writable form: VInt length +
// identifier, VInt length + password, Text kind, Text service. It lives here, with the other pure
// Hadoop formats, because both the token storage files of hadoop-rpc and the URL form WebHDFS and
// the RM's REST API use (token-url.ts) are made of it: hadoop-rpc builds on hadoop-io, never the
// reverse. Pure: no I/O.
import { WritableReader, writeText, writeVLong } from "./writable.js";

export interface Token {
  identifier: Buffer;
  password: Buffer;
  /** e.g. YARN_AM_RM_TOKEN, NMToken, ContainerToken, HDFS_DELEGATION_TOKEN. */
  kind: string;
  /** Client-side routing hint, usually "ip:port"; empty for the AMRMToken the RM hands out. */
  service: string;
}

/** Token.readFields: VInt len, identifier, VInt len, password, Text kind, Text service. */
export function readToken(r: WritableReader): Token {
  const identifier = r.bytes(r.length("token identifier length"), "token identifier");
  const password = r.bytes(r.length("token password length"), "token password");
  return { identifier, password, kind: r.text("token kind"), service: r.text("token service") };
}

/** Token.write: the inverse of readToken. */
export function writeToken(token: Token): Buffer {
  return Buffer.concat([
    writeVLong(token.identifier.length),
    token.identifier,
    writeVLong(token.password.length),
    token.password,
    writeText(token.kind),
    writeText(token.service),
  ]);
}
