// One Hadoop IPC frame, either direction (hadoop-common Client.Connection.sendRpcRequest,
// Server.setupResponseForProtobuf):
//
//   +------------------+---------------+--------+---------------+--------+----
//   | u32 BE length N  | varint len(A) | A      | varint len(B) | B      | ...
//   +------------------+---------------+--------+---------------+--------+----
//                       \_____________________ N bytes ______________________/
//
// A is the Rpc{Request,Response}HeaderProto; B.. are RequestHeaderProto and the message.
import { FrameError } from "../errors.js";
import { encodeVarint32, readVarint32 } from "./varint.js";

/** ipc.maximum.data.length default: the server refuses anything larger, so do we. */
export const MAX_FRAME_LENGTH = 64 * 1024 * 1024;

/** Frames already-encoded messages: u32 length, then each one varint-delimited. */
export function encodeFrame(messages: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  for (const m of messages) parts.push(encodeVarint32(m.length), Buffer.from(m.buffer, m.byteOffset, m.length));
  const out = Buffer.concat(parts);
  out.writeUInt32BE(out.length - 4, 0);
  return out;
}

/** Splits a frame body (without its u32 length) into its varint-delimited messages. */
export function splitDelimited(body: Uint8Array): Buffer[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.length);
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const len = readVarint32(buf, pos);
    if (!len) throw new FrameError(`frame ends inside a length delimiter at offset ${pos}`);
    if (len.next + len.value > buf.length) {
      throw new FrameError(
        `delimited message of ${len.value} bytes at offset ${pos} overruns the ${buf.length}-byte frame`,
      );
    }
    out.push(buf.subarray(len.next, len.next + len.value));
    pos = len.next + len.value;
  }
  return out;
}
