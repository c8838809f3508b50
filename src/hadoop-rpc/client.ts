// A protocol client's view of one server: typed calls over a lazily opened RpcConnection. A
// connection that failed is replaced on the next call, with the credential current at that time
// (so a rolled-over AMRMToken is used for new connections, as Java's AMRMClientImpl does).
import { RpcConnection } from "./connection.js";
import { FrameError } from "./errors.js";
import type { Qop } from "./sasl/qop.js";
import type { Token } from "./security/token.js";
import { connectTcp, type ByteStream } from "./transport.js";
import type { RpcMethod } from "./wire/rpc-method.js";

export interface RpcClientOptions {
  host: string;
  port: number;
  /** e.g. org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB */
  protocol: string;
  /** The TOKEN credential to use for the next connection. */
  token: () => Token;
  allowedQops?: readonly Qop[];
  /** Per-call timeout; none by default (like Java's ipc.client.rpc-timeout.ms = 0). */
  callTimeoutMs?: number;
  pingIntervalMs?: number;
  connectTimeoutMs?: number;
  /** Injected in tests; connectTcp by default. */
  connect?: (host: string, port: number) => Promise<ByteStream>;
}

export class RpcClient {
  private conn?: Promise<RpcConnection>;

  constructor(private readonly opts: RpcClientOptions) {}

  get address(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  private connection(): Promise<RpcConnection> {
    const current = this.conn;
    if (current) {
      return current.then(
        (c) => (c.isOpen ? c : this.reconnect()),
        () => this.reconnect(),
      );
    }
    return this.reconnect();
  }

  private reconnect(): Promise<RpcConnection> {
    const o = this.opts;
    const connect = o.connect ?? ((h, p) => connectTcp(h, p, { connectTimeoutMs: o.connectTimeoutMs }));
    this.conn = connect(o.host, o.port).then((stream) =>
      RpcConnection.open(stream, {
        protocol: o.protocol,
        token: o.token(),
        allowedQops: o.allowedQops,
        pingIntervalMs: o.pingIntervalMs,
        address: this.address,
        handshakeTimeoutMs: o.connectTimeoutMs,
      }),
    );
    return this.conn;
  }

  /** Encodes `request` with the method's codec, calls it, decodes the response with its codec. */
  async call<Req, Res>(method: RpcMethod<Req, Res>, request: Req): Promise<Res> {
    const bytes = method.requestTo(request);
    const conn = await this.connection();
    const body = await conn.call(method.name, bytes, this.opts.callTimeoutMs);
    try {
      return method.responseFrom(body);
    } catch (cause) {
      // Bytes our codec cannot read: a version skew, never retriable (the codec's message names the message).
      throw new FrameError(`${method.name}: ${(cause as Error).message}`, { cause });
    }
  }

  /** The QOP of the open connection (for diagnostics), if one is open. */
  async qop(): Promise<Qop | undefined> {
    return this.conn ? (await this.conn).qop : undefined;
  }

  close(): void {
    const c = this.conn;
    this.conn = undefined;
    c?.then(
      (x) => x.close(),
      () => undefined,
    );
  }
}
