// The 7-byte preamble a client sends right after TCP connect (hadoop-common
// Client.Connection.writeConnectionHeader); it is not length-prefixed:
//
//   +----+----+----+----+---------+---------------+---------------+
//   | 'h'| 'r'| 'p'| 'c'| version | service class | auth protocol |
//   +----+----+----+----+---------+---------------+---------------+
//                          0x09        0x00         0x00 NONE / 0xDF SASL
//
// YARN's scheduler and NodeManager ports accept only TOKEN auth, so the AM always sends SASL.

export const RPC_MAGIC = Buffer.from("hrpc", "ascii");
export const RPC_VERSION = 9;
export const RPC_SERVICE_CLASS_DEFAULT = 0;
export const AuthProtocol = { NONE: 0x00, SASL: 0xdf } as const;
export type AuthProtocolValue = (typeof AuthProtocol)[keyof typeof AuthProtocol];

export function connectionHeader(auth: AuthProtocolValue = AuthProtocol.SASL): Buffer {
  return Buffer.concat([RPC_MAGIC, Buffer.from([RPC_VERSION, RPC_SERVICE_CLASS_DEFAULT, auth])]);
}
