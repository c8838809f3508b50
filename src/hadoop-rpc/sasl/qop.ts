// SASL quality of protection. hadoop.rpc.protection authentication|integrity|privacy maps to
// auth|auth-int|auth-conf (SaslRpcServer.QualityOfProtection).
import { SaslError } from "../errors.js";

export type Qop = "auth" | "auth-int" | "auth-conf";

export const QOP_BY_PROTECTION: Record<string, Qop> = {
  authentication: "auth",
  integrity: "auth-int",
  privacy: "auth-conf",
};

/** Strongest first: with several offered, take the best one we accept. */
const RANK: Qop[] = ["auth-conf", "auth-int", "auth"];

/** Picks the strongest QOP both sides allow. */
export function chooseQop(offered: readonly string[], allowed: readonly Qop[] = RANK): Qop {
  for (const q of RANK) if (offered.includes(q) && allowed.includes(q)) return q;
  throw new SaslError(
    `no acceptable QOP: server offers [${offered.join(", ")}], client allows [${allowed.join(", ")}]`,
  );
}
