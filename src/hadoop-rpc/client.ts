// A protocol client's view of one server: typed calls over a lazily opened RpcConnection. A
// connection that failed is replaced on the next call, with the credential current at that time
// (so a rolled-over AMRMToken is used for new connections, as Java's AMRMClientImpl does).
import type protobuf from "protobufjs";
import { RpcConnection } from "./connection.js";
import { FrameError } from "./errors.js";
import type { Qop } from "./sasl/qop.js";
import type { Token } from "./security/token.js";
import { connectTcp, type ByteStream } from "./transport.js";

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

  /** Encodes `request` as `reqType`, calls `method`, decodes the response as `respType`. */
  async call(
    method: string,
    reqType: protobuf.Type,
    request: Record<string, unknown>,
    respType: protobuf.Type,
  ): Promise<any> {
    const bytes = reqType.encode(reqType.fromObject(request)).finish();
    const conn = await this.connection();
    const body = await conn.call(method, bytes, this.opts.callTimeoutMs);
    try {
      return respType.decode(body);
    } catch (cause) {
      throw new FrameError(`${method}: malformed ${respType.name}: ${(cause as Error).message}`, { cause });
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
