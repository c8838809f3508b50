// One Hadoop IPC connection: preamble, SASL, connection context, then many outstanding calls
// matched by call id. Owns no socket (see transport.ts), so it runs against in-memory streams too.
// With QOP auth-int/auth-conf every byte after SASL travels inside WRAP envelopes both ways, and
// the unwrapped bytes go through a second frame decoder (Java SaslRpcClient.WrappedInputStream).
import { RpcConnectionError, SaslError } from "./errors.js";
import { SaslNegotiation, type SaslTokenCredential } from "./sasl/negotiate.js";
import type { SecurityLayer } from "./sasl/digest-security-layer.js";
import type { Qop } from "./sasl/qop.js";
import type { ByteStream } from "./transport.js";
import { CallId, CallIdCounter } from "./wire/call-ids.js";
import { connectionHeader } from "./wire/connection-header.js";
import { FrameDecoder } from "./wire/frame-decoder.js";
import { rpcSaslProto, SaslState, type RpcSaslProto } from "./wire/rpc-proto.js";
import {
  encodeCallFrame,
  encodeConnectionContextFrame,
  encodePingFrame,
  encodeSaslFrame,
  PROCESS_CLIENT_ID,
} from "./wire/rpc-request.js";
import { decodeResponseFrame, remoteErrorOf, type RpcResponse } from "./wire/rpc-response.js";

export interface RpcConnectionOptions {
  /** e.g. org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB */
  protocol: string;
  protocolVersion?: number;
  /** The TOKEN credential (AMRMToken for the RM, NMToken for a NodeManager). */
  token: SaslTokenCredential;
  allowedQops?: readonly Qop[];
  clientId?: Uint8Array;
  /** Send a ping after this long without sending anything (Java ipc.ping.interval, 60 s). */
  pingIntervalMs?: number;
  /** Fail the handshake after this long. */
  handshakeTimeoutMs?: number;
  /** For diagnostics: "host:port". */
  address?: string;
}

interface Pending {
  method: string;
  resolve: (body: Buffer) => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

export class RpcConnection {
  private readonly raw = new FrameDecoder();
  private readonly plain = new FrameDecoder();
  private readonly callIds = new CallIdCounter();
  private readonly pending = new Map<number, Pending>();
  private readonly clientId: Uint8Array;
  private layer?: SecurityLayer;
  private closedWith?: Error;
  private lastSend = Date.now();
  private pingTimer?: NodeJS.Timeout;
  private onSasl?: (r: RpcResponse) => void;

  private constructor(
    private readonly stream: ByteStream,
    private readonly opts: RpcConnectionOptions,
  ) {
    this.clientId = opts.clientId ?? PROCESS_CLIENT_ID;
    stream.onData((chunk) => this.guard(() => this.receive(chunk)));
    stream.onClose((err) =>
      this.fail(
        new RpcConnectionError(`connection to ${this.where} closed${err ? `: ${err.message}` : ""}`, { cause: err }),
      ),
    );
  }

  /** Runs the handshake on `stream`; resolves when calls can be made. */
  static async open(stream: ByteStream, opts: RpcConnectionOptions): Promise<RpcConnection> {
    const c = new RpcConnection(stream, opts);
    try {
      await c.handshake();
    } catch (err) {
      c.close();
      throw err;
    }
    return c;
  }

  private get where(): string {
    return this.opts.address ?? this.opts.protocol;
  }

  get qop(): Qop {
    return this.layer?.qop ?? "auth";
  }

  private handshake(): Promise<void> {
    const sasl = new SaslNegotiation(this.opts.token, this.opts.allowedQops);
    const timeoutMs = this.opts.handshakeTimeoutMs ?? 20_000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new RpcConnectionError(`SASL handshake with ${this.where} timed out`)),
        timeoutMs,
      );
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.onSasl = undefined;
        if (err) reject(err);
        else resolve();
      };
      // Reuse the pending table so a FATAL or a close during SASL ends the handshake too.
      this.pending.set(CallId.SASL, { method: "sasl", resolve: () => undefined, reject: done });
      this.onSasl = (r) => {
        let msg: RpcSaslProto;
        try {
          msg = rpcSaslProto.decode(r.body!);
        } catch (cause) {
          throw new SaslError(`SASL: ${(cause as Error).message}`, { cause });
        }
        const step = sasl.handle(msg);
        if (step.reply) this.writeRaw(step.reply);
        if (!step.done) return;
        this.pending.delete(CallId.SASL);
        this.layer = sasl.securityLayer();
        this.send(encodeConnectionContextFrame(this.opts.protocol, this.clientId));
        this.startPings();
        done();
      };
      this.writeRaw(Buffer.concat([connectionHeader(), sasl.start()]));
    });
  }

  /** Sends one call; resolves with the response message bytes, rejects with RpcRemoteError on ERROR. */
  call(method: string, request: Uint8Array, timeoutMs?: number): Promise<Buffer> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const callId = this.callIds.take();
    return new Promise<Buffer>((resolve, reject) => {
      const p: Pending = { method, resolve, reject };
      if (timeoutMs) {
        p.timer = setTimeout(() => {
          this.pending.delete(callId);
          reject(new RpcConnectionError(`${method} on ${this.where}: no response after ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.pending.set(callId, p);
      this.send(
        encodeCallFrame({
          callId,
          clientId: this.clientId,
          method,
          protocol: this.opts.protocol,
          protocolVersion: this.opts.protocolVersion ?? 1,
          request,
        }),
      );
    });
  }

  get isOpen(): boolean {
    return !this.closedWith;
  }

  get outstanding(): number {
    return this.pending.size;
  }

  close(): void {
    this.fail(new RpcConnectionError(`connection to ${this.where} closed by the client`));
  }

  private writeRaw(bytes: Buffer): void {
    this.lastSend = Date.now();
    this.stream.write(bytes);
  }

  /** Sends plain frame bytes, wrapped when a security layer was negotiated. */
  private send(plain: Buffer): void {
    if (this.closedWith) return;
    if (!this.layer) return this.writeRaw(plain);
    for (let off = 0; off < plain.length; off += this.layer.maxPlaintext) {
      const token = this.layer.wrap(plain.subarray(off, off + this.layer.maxPlaintext));
      this.writeRaw(encodeSaslFrame({ state: SaslState.WRAP, token }));
    }
  }

  private startPings(): void {
    const interval = this.opts.pingIntervalMs ?? 60_000;
    this.pingTimer = setInterval(
      () => {
        if (Date.now() - this.lastSend >= interval) this.send(encodePingFrame(this.clientId));
      },
      Math.max(10, Math.floor(interval / 2)),
    );
    this.pingTimer.unref();
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.raw.push(chunk)) {
      const r = decodeResponseFrame(frame);
      if (this.layer && r.callId === CallId.SASL && r.status === "SUCCESS") {
        const msg = rpcSaslProto.decode(r.body!);
        if (msg.state !== SaslState.WRAP)
          throw new SaslError(`SASL: expected WRAP after login, got state ${msg.state}`);
        for (const inner of this.plain.push(this.layer.unwrap(msg.token ?? Buffer.alloc(0)))) {
          this.dispatch(decodeResponseFrame(inner));
        }
      } else this.dispatch(r);
    }
  }

  private dispatch(r: RpcResponse): void {
    if (r.status === "FATAL") {
      const p = this.pending.get(r.callId);
      return this.fail(remoteErrorOf(r, p?.method));
    }
    if (r.callId === CallId.SASL && this.onSasl) {
      if (r.status !== "SUCCESS") return this.fail(remoteErrorOf(r, "sasl"));
      return this.onSasl(r);
    }
    const p = this.pending.get(r.callId);
    if (!p) return; // a call that already timed out
    this.pending.delete(r.callId);
    if (p.timer) clearTimeout(p.timer);
    if (r.status === "SUCCESS") p.resolve(r.body!);
    else p.reject(remoteErrorOf(r, p.method));
  }

  /** Any exception while handling input poisons the connection: framing is lost. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private fail(err: Error): void {
    if (this.closedWith) return;
    this.closedWith = err;
    if (this.pingTimer) clearInterval(this.pingTimer);
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const p of calls) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
    this.stream.close();
  }
}
