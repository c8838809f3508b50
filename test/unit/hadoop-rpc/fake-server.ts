// An in-memory Hadoop IPC server for RpcConnection tests (L1: no network, no Hadoop): checks the
// preamble, runs the server half of TOKEN/DIGEST-MD5 (with auth-int / auth-conf wrapping),
// expects the connection context, then answers calls through a handler. The digest maths is the
// production one, checked separately against RFC 2831 and JDK vectors.
import { FrameDecoder } from "../../../src/hadoop-rpc/wire/frame-decoder.js";
import { encodeFrame, splitDelimited } from "../../../src/hadoop-rpc/wire/frame.js";
import {
  ipcConnectionContextProto,
  requestHeaderProto,
  rpcRequestHeaderProto,
  rpcResponseHeaderProto,
  rpcSaslProto,
  type RpcResponseHeaderProto,
  type RpcSaslProto,
} from "../../../src/hadoop-rpc/wire/rpc-proto.js";
import { digestResponse, sessionKey, type DigestInputs } from "../../../src/hadoop-rpc/sasl/digest-md5.js";
import { parseDirectives } from "../../../src/hadoop-rpc/sasl/digest-challenge.js";
import { SecurityLayer } from "../../../src/hadoop-rpc/sasl/digest-security-layer.js";
import type { ByteStream } from "../../../src/hadoop-rpc/transport.js";
import type { Token } from "../../../src/hadoop-rpc/security/token.js";

export type Reply =
  { body: Uint8Array } | { error: string; message: string } | { fatal: string; message: string } | "none";

export interface FakeServerOptions {
  /** Tokens the server accepts, by identifier. */
  tokens: Token[];
  qops?: string; // e.g. "auth-conf,auth"
  handler?: (method: string, request: Buffer, callId: number) => Reply;
  badRspauth?: boolean;
}

export class FakeServer {
  readonly seen: { context?: any; pings: number; methods: string[]; users: string[]; rawSaslWraps: number } = {
    pings: 0,
    methods: [],
    users: [],
    rawSaslWraps: 0,
  };
  private readonly raw = new FrameDecoder();
  private readonly plain = new FrameDecoder();
  private layer?: SecurityLayer;
  private preambleLeft = 7;
  private preamble: number[] = [];
  private dataListener?: (b: Buffer) => void;
  private closeListener?: (err?: Error) => void;
  closed = false;
  readonly nonce = "Zm9vYmFyYmF6cXV4bm9uY2U=";

  constructor(private readonly opts: FakeServerOptions) {}

  /** The client's end of the in-memory stream. */
  readonly client: ByteStream = {
    write: (d) => queueMicrotask(() => this.receive(Buffer.from(d))),
    onData: (l) => void (this.dataListener = l),
    onClose: (l) => void (this.closeListener = l),
    close: () => this.hangUp(),
  };

  hangUp(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    queueMicrotask(() => this.closeListener?.(err));
  }

  get preambleBytes(): Buffer {
    return Buffer.from(this.preamble);
  }

  private toClient(frame: Buffer): void {
    if (!this.closed) queueMicrotask(() => this.dataListener?.(frame));
  }

  respond(callId: number, r: Reply): void {
    if (r === "none") return;
    const h: RpcResponseHeaderProto = { callId: callId >>> 0, status: 0 };
    if ("error" in r) Object.assign(h, { status: 1, exceptionClassName: r.error, errorMsg: r.message, errorDetail: 1 });
    if ("fatal" in r)
      Object.assign(h, { status: 2, exceptionClassName: r.fatal, errorMsg: r.message, errorDetail: 15 });
    const parts = [rpcResponseHeaderProto.encode(h)];
    if ("body" in r) parts.push(r.body);
    let frame = encodeFrame(parts);
    if (this.layer) frame = this.saslFrame({ state: 5, token: this.layer.wrap(frame) });
    this.toClient(frame);
    if ("fatal" in r) this.hangUp();
  }

  private saslFrame(msg: RpcSaslProto, status = 0): Buffer {
    const h = rpcResponseHeaderProto.encode({ callId: -33 >>> 0, status });
    return encodeFrame([h, rpcSaslProto.encode(msg)]);
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    if (this.preambleLeft > 0) {
      const take = Math.min(this.preambleLeft, chunk.length);
      this.preamble.push(...chunk.subarray(0, take));
      this.preambleLeft -= take;
      chunk = chunk.subarray(take);
    }
    for (const f of this.raw.push(chunk)) {
      const [hb, ...rest] = splitDelimited(f);
      const h: any = rpcRequestHeaderProto.decode(hb!);
      if (h.callId === -33) this.onSasl(rpcSaslProto.decode(rest[0]!));
      else if (this.layer) throw new Error("plain frame after a wrapping QOP was negotiated");
      else this.onPlain(h, rest);
    }
  }

  private inputs?: DigestInputs;

  private onSasl(m: any): void {
    if (m.state === 5) {
      this.seen.rawSaslWraps++;
      for (const f of this.plain.push(this.layer!.unwrap(m.token))) {
        const [hb, ...rest] = splitDelimited(f);
        this.onPlain(rpcRequestHeaderProto.decode(hb!), rest);
      }
      return;
    }
    if (m.state === 1) {
      const challenge = `realm="default",nonce="${this.nonce}",qop="${this.opts.qops ?? "auth"}",charset=utf-8,cipher="3des,rc4",algorithm=md5-sess`;
      const auth = {
        method: "TOKEN",
        mechanism: "DIGEST-MD5",
        protocol: "",
        serverId: "default",
        challenge: Buffer.from(challenge),
      };
      return this.toClient(this.saslFrame({ state: 1, auths: [auth] }));
    }
    if (m.state === 2) {
      const a = m.auths?.[0];
      const echoOk =
        m.auths?.length === 1 &&
        a.method === "TOKEN" &&
        Object.prototype.hasOwnProperty.call(a, "protocol") &&
        a.protocol === "" &&
        a.serverId === "default" &&
        !Object.prototype.hasOwnProperty.call(a, "challenge");
      const d = parseDirectives(Buffer.from(m.token).toString());
      const token = this.opts.tokens.find((t) => t.identifier.toString("base64") === d.username);
      const inputs: DigestInputs = {
        username: d.username!,
        realm: d.realm!,
        password: token ? token.password.toString("base64") : "",
        nonce: this.nonce,
        cnonce: d.cnonce!,
        nc: d.nc!,
        qop: d.qop as DigestInputs["qop"],
        digestUri: d["digest-uri"]!,
      };
      if (!echoOk || !token || d.response !== digestResponse(inputs, "AUTHENTICATE")) {
        this.respond(-33, {
          fatal: "javax.security.sasl.SaslException",
          message: "DIGEST-MD5: digest response format violation",
        });
        return;
      }
      this.seen.users.push(d.username!);
      this.inputs = inputs;
      const rspauth = this.opts.badRspauth ? "0".repeat(32) : digestResponse(inputs, "");
      this.toClient(this.saslFrame({ state: 0, token: Buffer.from(`rspauth=${rspauth}`) }));
      if (inputs.qop !== "auth") this.layer = new SecurityLayer(sessionKey(inputs), inputs.qop, "server");
    }
  }

  private onPlain(h: any, rest: Buffer[]): void {
    if (h.callId === -3) return void (this.seen.context = ipcConnectionContextProto.decode(rest[0]!));
    if (h.callId === -4) return void this.seen.pings++;
    if (!this.seen.context) throw new Error("call before connection context");
    const rh: any = requestHeaderProto.decode(rest[0]!);
    this.seen.methods.push(rh.methodName);
    const reply = this.opts.handler?.(rh.methodName, rest[1] ?? Buffer.alloc(0), h.callId) ?? {
      body: rest[1] ?? Buffer.alloc(0),
    };
    this.respond(h.callId, reply);
  }
}
