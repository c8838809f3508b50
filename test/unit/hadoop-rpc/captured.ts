// The calls of a session captured against the real Hadoop 3.4.2 (test/fixtures/hadoop-rpc/real-*.json,
// see its README): each call's method name and the bytes of its request and response messages.
import { readFileSync } from "node:fs";
import { FrameDecoder } from "../../../src/hadoop-rpc/wire/frame-decoder.js";
import { splitDelimited } from "../../../src/hadoop-rpc/wire/frame.js";
import { decodeResponseFrame } from "../../../src/hadoop-rpc/wire/rpc-response.js";
import { requestHeaderProto } from "../../../src/hadoop-rpc/wire/rpc-proto.js";

export interface CapturedCall {
  method: string;
  request: Buffer;
  response: Buffer;
}

export function capturedCalls(name: string): CapturedCall[] {
  const j = JSON.parse(readFileSync(new URL(`../../fixtures/hadoop-rpc/${name}`, import.meta.url), "utf8"));
  // Sent: 7-byte preamble, NEGOTIATE, INITIATE, connection context, then calls 0, 1, …
  const sent = new FrameDecoder().push(Buffer.from(j.sent, "hex").subarray(7)).slice(3);
  // Received: NEGOTIATE, SUCCESS, then the responses in call order.
  const received = new FrameDecoder().push(Buffer.from(j.received, "hex")).slice(2);
  return sent.map((frame, i) => {
    const [, header, request] = splitDelimited(frame);
    const response = decodeResponseFrame(received[i]!);
    if (response.status !== "SUCCESS") throw new Error(`${name}: call ${i} was not answered SUCCESS`);
    return { method: requestHeaderProto.decode(header!).methodName, request: request!, response: response.body! };
  });
}
