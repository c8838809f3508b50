// The only module of hadoop-rpc that does network I/O: a TCP byte stream for RpcConnection.
// Everything above it works on bytes, so tests can hand RpcConnection an in-memory stream.
import { connect as netConnect } from "node:net";
import { RpcConnectionError } from "./errors.js";

/** A bidirectional byte stream, as RpcConnection needs it. */
export interface ByteStream {
  write(data: Buffer): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once, when the stream ends for any reason; `err` when it failed. */
  onClose(listener: (err?: Error) => void): void;
  close(): void;
}

export interface TcpOptions {
  /** Give up connecting after this long (Java: ipc.client.connect.timeout, 20 s). */
  connectTimeoutMs?: number;
}

export function connectTcp(host: string, port: number, opts: TcpOptions = {}): Promise<ByteStream> {
  const timeoutMs = opts.connectTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, noDelay: true, keepAlive: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RpcConnectionError(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(new RpcConnectionError(`connect to ${host}:${port} failed: ${err.message}`, { cause: err }));
    });
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      let closeError: Error | undefined;
      socket.on("error", (err) => (closeError = err));
      resolve({
        write: (data) => void socket.write(data),
        onData: (listener) => void socket.on("data", listener),
        onClose: (listener) => void socket.once("close", () => listener(closeError)),
        close: () => void socket.destroy(),
      });
    });
  });
}
