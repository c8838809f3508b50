// The one generated-shape boundary of hadoop-rpc. protobufjs builds its encoders and decoders at
// run time from our .proto text, so it can only hand back untyped objects; here they become the
// typed message interfaces written beside each .proto definition (wire/rpc-proto.ts,
// protocols/*-proto.ts). Nothing else in hadoop-rpc touches a protobufjs Message.
//
// What the cast relies on (checked by the byte tests of every message):
// - keepCase: field names are exactly those of the .proto text, as the interfaces spell them;
// - toObject with defaults off keeps proto2 presence: an absent field is absent, not its default;
// - longs: Number turns int64/uint64 (Long) into numbers: ids, timestamps and sizes stay < 2^53;
// - proto2 `required` fields are there: the decoder checks them once the root is resolved
//   (resolveAll after each parse), and a missing one is a FrameError;
// - enums stay numbers; bytes stay Uint8Array (a Buffer when decoded from one).
import type protobuf from "protobufjs";
import { FrameError } from "../errors.js";

export interface ProtoCodec<T extends object> {
  /** The message's proto name, for error messages. */
  readonly name: string;
  encode(message: T): Uint8Array;
  /** Throws FrameError on bytes that are not this message. */
  decode(bytes: Uint8Array): T;
}

const AS_PLAIN_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: false };

/** A typed codec over `lookup()`'s type, looked up on first use (so definitions may load in any order). */
export function protoCodec<T extends object>(lookup: () => protobuf.Type): ProtoCodec<T> {
  let type: protobuf.Type | undefined;
  const resolved = () => (type ??= lookup());
  return {
    get name() {
      return resolved().name;
    },
    encode(message: T): Uint8Array {
      const t = resolved();
      return t.encode(t.fromObject(message)).finish();
    },
    decode(bytes: Uint8Array): T {
      const t = resolved();
      let message: protobuf.Message;
      try {
        message = t.decode(bytes);
      } catch (cause) {
        throw new FrameError(`malformed ${t.name}: ${(cause as Error).message}`, { cause });
      }
      // The boundary: a plain object with exactly the fields the interface T describes.
      return t.toObject(message, AS_PLAIN_OBJECT) as unknown as T;
    },
  };
}
