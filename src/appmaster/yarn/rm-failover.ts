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

/** One RM: its address and, once used, its client. */
interface Slot {
  readonly address: RmAddress;
  client?: RmClient;
}

export class FailoverRmClient implements RmClient {
  private readonly slots: Slot[];
  private slot: Slot;

  /** `open` makes the client for one address (lazily, on first use; the AMRMToken comes with it). */
  constructor(
    addresses: readonly RmAddress[],
    private readonly open: (a: RmAddress) => RmClient,
    private readonly log: (line: string) => void,
  ) {
    this.slots = addresses.map((address) => ({ address }));
    const [first] = this.slots;
    if (first === undefined) throw new Error("no RM scheduler address");
    this.slot = first;
  }

  /** The address calls go to now. */
  get address(): RmAddress {
    return this.slot.address;
  }

  readonly registerApplicationMaster: RmClient["registerApplicationMaster"] = (r) =>
    this.call((c) => c.registerApplicationMaster(r));
  readonly allocate: RmClient["allocate"] = (r) => this.call((c) => c.allocate(r));
  readonly finishApplicationMaster: RmClient["finishApplicationMaster"] = (r) =>
    this.call((c) => c.finishApplicationMaster(r));

  /** The SASL QOP of the connection to the current RM (undefined before the first call). */
  async qop(): Promise<Awaited<ReturnType<NonNullable<RmClient["qop"]>>>> {
    return this.slot.client?.qop?.();
  }

  close(): void {
    for (const s of this.slots) s.client?.close();
  }

  private client(): RmClient {
    return (this.slot.client ??= this.open(this.slot.address));
  }

  private async call<T>(f: (c: RmClient) => Promise<T>): Promise<T> {
    for (let tried = 1; ; tried++) {
      try {
        return await f(this.client());
      } catch (err) {
        if (this.slots.length === 1 || !shouldFailOver(err)) throw err;
        const from = this.slot;
        // A fresh connection next time this address comes round (the old one may be half-dead).
        from.client?.close();
        from.client = undefined;
        this.slot = this.slots[(this.slots.indexOf(from) + 1) % this.slots.length] ?? from;
        this.log(
          `RM ${from.address.host}:${from.address.port} failed (${(err as Error).message}); failing over to ${this.address.host}:${this.address.port}`,
        );
        if (tried >= this.slots.length) throw err;
      }
    }
  }
}
