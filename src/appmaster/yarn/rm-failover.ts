// RM HA for the AM: TSDASK_RM_SCHEDULER lists every RM's scheduler address (one per RM id), and
// only the active RM answers. Like Java's ConfiguredRMFailoverProxyProvider, a call that cannot
// reach its RM, or that a standby RM refuses (StandbyException), moves on to the next address and
// is tried there, once round the list per call. What the RM itself says (NotRegistered after a
// failover, …) is passed up untouched: the session resyncs on it.
import { RemoteJavaError } from "../../errors.js";
import { isRemote } from "../../hadoop-rpc/index.js";
import type { RmClient } from "./rm-session.js";

export interface RmAddress {
  readonly host: string;
  readonly port: number;
}

/** Failing over is only right when this RM could not or would not serve the call. */
export function shouldFailOver(err: unknown): boolean {
  return !(err instanceof RemoteJavaError) || isRemote(err, "StandbyException");
}

export class FailoverRmClient implements RmClient {
  private current = 0;
  private readonly clients: (RmClient | undefined)[];

  /** `open` makes the client for one address (lazily, on first use; the AMRMToken comes with it). */
  constructor(
    private readonly addresses: readonly RmAddress[],
    private readonly open: (a: RmAddress) => RmClient,
    private readonly log: (line: string) => void,
  ) {
    if (addresses.length === 0) throw new Error("no RM scheduler address");
    this.clients = addresses.map(() => undefined);
  }

  /** The address calls go to now. */
  get address(): RmAddress {
    return this.addresses[this.current];
  }

  readonly registerApplicationMaster: RmClient["registerApplicationMaster"] = (r) =>
    this.call((c) => c.registerApplicationMaster(r));
  readonly allocate: RmClient["allocate"] = (r) => this.call((c) => c.allocate(r));
  readonly finishApplicationMaster: RmClient["finishApplicationMaster"] = (r) =>
    this.call((c) => c.finishApplicationMaster(r));

  /** The SASL QOP of the connection to the current RM (undefined before the first call). */
  async qop(): Promise<Awaited<ReturnType<NonNullable<RmClient["qop"]>>>> {
    return this.clients[this.current]?.qop?.();
  }

  close(): void {
    for (const c of this.clients) c?.close();
  }

  private client(): RmClient {
    return (this.clients[this.current] ??= this.open(this.address));
  }

  private async call<T>(f: (c: RmClient) => Promise<T>): Promise<T> {
    for (let tried = 1; ; tried++) {
      try {
        return await f(this.client());
      } catch (err) {
        if (this.addresses.length === 1 || !shouldFailOver(err)) throw err;
        const from = this.address;
        // A fresh connection next time this address comes round (the old one may be half-dead).
        this.clients[this.current]?.close();
        this.clients[this.current] = undefined;
        this.current = (this.current + 1) % this.addresses.length;
        this.log(
          `RM ${from.host}:${from.port} failed (${(err as Error).message}); failing over to ${this.address.host}:${this.address.port}`,
        );
        if (tried >= this.addresses.length) throw err;
      }
    }
  }
}
