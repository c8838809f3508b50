// The client side of Hadoop's SASL exchange (hadoop-common SaslRpcClient.saslConnect), as a pure
// state machine: server RpcSaslProto messages in, frames to send out.
//
//   C: NEGOTIATE                     S: NEGOTIATE {auths: [TOKEN/DIGEST-MD5 + challenge]}
//   C: INITIATE {token, auths:[a]}   S: SUCCESS {token: rspauth=…}   (or CHALLENGE → RESPONSE → …)
//
// The echoed SaslAuth keeps the server's fields with their presence (protocol "" included) and
// drops the challenge: the server compares it with proto2 equality.
import { SaslError } from "../errors.js";
import { encodeSaslFrame } from "../wire/rpc-request.js";
import { SaslState, type RpcSaslProto, type SaslAuth } from "../wire/rpc-proto.js";
import { DigestMd5Client } from "./digest-md5.js";
import type { SecurityLayer } from "./digest-security-layer.js";
import type { Qop } from "./qop.js";

export interface SaslTokenCredential {
  identifier: Uint8Array;
  password: Uint8Array;
}

export interface SaslStep {
  /** A frame to send, if any. */
  reply?: Buffer;
  /** True once the server said SUCCESS (and rspauth checked out). */
  done: boolean;
}

const STATE_NAMES = Object.fromEntries(Object.entries(SaslState).map(([k, v]) => [v, k]));

export class SaslNegotiation {
  private mech?: DigestMd5Client;
  private finished = false;

  constructor(
    private readonly token: SaslTokenCredential,
    private readonly allowedQops?: readonly Qop[],
  ) {}

  /** The first frame: an empty NEGOTIATE. */
  start(): Buffer {
    return encodeSaslFrame({ state: SaslState.NEGOTIATE });
  }

  /** Handles one decoded RpcSaslProto from the server. */
  handle(msg: RpcSaslProto): SaslStep {
    if (this.finished) throw new SaslError("SASL: message after SUCCESS");
    switch (msg.state) {
      case SaslState.NEGOTIATE:
        return this.onNegotiate(msg.auths ?? []);
      case SaslState.CHALLENGE: {
        if (!this.mech) throw new SaslError("SASL: CHALLENGE before INITIATE");
        const token = this.mech.evaluateChallenge(msg.token ?? new Uint8Array(0));
        return { reply: encodeSaslFrame({ state: SaslState.RESPONSE, token }), done: false };
      }
      case SaslState.SUCCESS:
        // A SIMPLE-only server answers NEGOTIATE with SUCCESS; YARN's TOKEN servers never do.
        if (!this.mech) throw new SaslError("SASL: server accepted without authentication (SIMPLE); TOKEN expected");
        this.mech.verifyServerFinal(msg.token ?? new Uint8Array(0));
        this.finished = true;
        return { done: true };
      default:
        throw new SaslError(`SASL: unexpected ${STATE_NAMES[msg.state] ?? msg.state} from server`);
    }
  }

  private onNegotiate(auths: SaslAuth[]): SaslStep {
    if (this.mech) throw new SaslError("SASL: second NEGOTIATE");
    const auth = auths.find((a) => a.method === "TOKEN" && a.mechanism === "DIGEST-MD5");
    if (!auth) {
      const offered = auths.map((a) => `${a.method}/${a.mechanism}`).join(", ");
      throw new SaslError(`SASL: server offers [${offered}], not TOKEN/DIGEST-MD5`);
    }
    this.mech = new DigestMd5Client({
      username: Buffer.from(this.token.identifier).toString("base64"),
      password: Buffer.from(this.token.password).toString("base64"),
      protocol: auth.protocol ?? "",
      serverId: auth.serverId ?? "",
      allowedQops: this.allowedQops,
    });
    const echo: SaslAuth = { method: auth.method, mechanism: auth.mechanism };
    if (auth.protocol !== undefined) echo.protocol = auth.protocol;
    if (auth.serverId !== undefined) echo.serverId = auth.serverId;
    const initiate: RpcSaslProto = { state: SaslState.INITIATE, auths: [echo] };
    // The server piggy-backs DIGEST-MD5's first challenge on NEGOTIATE to save a round trip.
    if (auth.challenge !== undefined) initiate.token = this.mech.evaluateChallenge(auth.challenge);
    return { reply: encodeSaslFrame(initiate), done: false };
  }

  get qop(): Qop | undefined {
    return this.mech?.qop;
  }

  /** After SUCCESS: the wrap/unwrap layer, or undefined when QOP is auth. */
  securityLayer(): SecurityLayer | undefined {
    if (!this.finished || !this.mech) throw new SaslError("SASL: not negotiated");
    return this.mech.securityLayer();
  }
}
