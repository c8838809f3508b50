// ApplicationMasterProtocol (org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB, version 1)
// on the RM scheduler address, authenticated with the AMRMToken. The messages and their codecs
// are in application-master-codec.ts; this client only calls and follows AMRMToken roll-over.
import { RpcClient, type RpcClientOptions } from "../client.js";
import type { Qop } from "../sasl/qop.js";
import type { Token } from "../security/token.js";
import {
  ApplicationMasterMethods as M,
  type AllocateRequest,
  type AllocateResponse,
  type FinishApplicationMasterRequest,
  type FinishApplicationMasterResponse,
  type RegisterApplicationMasterRequest,
  type RegisterApplicationMasterResponse,
} from "./application-master-codec.js";

export const APPLICATION_MASTER_PROTOCOL = "org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB";

export interface ApplicationMasterClientOptions extends Omit<RpcClientOptions, "protocol" | "token"> {
  /** The AMRMToken from the container's token file. */
  amrmToken: Token;
}

export class ApplicationMasterClient {
  private amrm: Token;
  private readonly rpc: RpcClient;

  constructor(opts: ApplicationMasterClientOptions) {
    this.amrm = opts.amrmToken;
    this.rpc = new RpcClient({ ...opts, protocol: APPLICATION_MASTER_PROTOCOL, token: () => this.amrm });
  }

  /** The AMRMToken new connections will use. */
  get amrmToken(): Token {
    return this.amrm;
  }

  registerApplicationMaster(r: RegisterApplicationMasterRequest): Promise<RegisterApplicationMasterResponse> {
    return this.rpc.call(M.registerApplicationMaster, r);
  }

  async allocate(r: AllocateRequest): Promise<AllocateResponse> {
    const res = await this.rpc.call(M.allocate, r);
    // Roll-over: the open connection stays authenticated; the next one must use the new token.
    if (res.amRmToken) this.amrm = res.amRmToken;
    return res;
  }

  /** One call; the RM answers isUnregistered=false until it has stored the final state (retry then). */
  finishApplicationMaster(r: FinishApplicationMasterRequest): Promise<FinishApplicationMasterResponse> {
    return this.rpc.call(M.finishApplicationMaster, r);
  }

  /** The negotiated QOP of the open connection, if any (diagnostics and tests). */
  qop(): Promise<Qop | undefined> {
    return this.rpc.qop();
  }

  close(): void {
    this.rpc.close();
  }
}
