// DIGEST-MD5 client (RFC 2831) as Hadoop uses it for TOKEN auth: username and password are the
// base64 text of the token identifier and password, digest-uri is protocol "/" serverId
// ("/default"), algorithm md5-sess. The server's rspauth is verified, unlike gohadoop and Elly.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { SaslError } from "../errors.js";
import { parseDigestChallenge, parseDirectives } from "./digest-challenge.js";
import { chooseQop, type Qop } from "./qop.js";
import { SecurityLayer } from "./digest-security-layer.js";

const md5 = (...parts: (string | Uint8Array)[]) => {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return h.digest();
};

export interface DigestInputs {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  cnonce: string;
  /** Nonce count as 8 hex digits. */
  nc: string;
  qop: Qop;
  digestUri: string;
  authzid?: string;
}

/** H(A1) as raw bytes: MD5(MD5(user:realm:pass) ":" nonce ":" cnonce [":" authzid]). */
export function sessionKey(i: DigestInputs): Buffer {
  const inner = md5(`${i.username}:${i.realm}:${i.password}`);
  const tail = i.authzid === undefined ? `:${i.nonce}:${i.cnonce}` : `:${i.nonce}:${i.cnonce}:${i.authzid}`;
  return md5(inner, tail);
}

/** The 32-hex response value; `a2Prefix` is "AUTHENTICATE" for the client, "" for rspauth. */
export function digestResponse(i: DigestInputs, a2Prefix: "AUTHENTICATE" | ""): string {
  let a2 = `${a2Prefix}:${i.digestUri}`;
  if (i.qop !== "auth") a2 += ":00000000000000000000000000000000";
  const ha1 = sessionKey(i).toString("hex");
  const ha2 = md5(a2).toString("hex");
  return md5(`${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`).toString("hex");
}

const quote = (s: string) => `"${s.replace(/(["\\])/g, "\\$1")}"`;

export interface DigestMd5Options {
  username: string;
  password: string;
  /** SaslAuth.protocol ("" for TOKEN). */
  protocol: string;
  /** SaslAuth.serverId ("default" for TOKEN). */
  serverId: string;
  allowedQops?: readonly Qop[];
  /** Only for tests: a fixed client nonce. */
  cnonce?: string;
}

/** Our receive buffer size, sent as maxbuf; Java's default too. */
export const CLIENT_MAXBUF = 65536;

export class DigestMd5Client {
  private inputs?: DigestInputs;
  private cipher?: string;
  private serverMaxbuf = CLIENT_MAXBUF;
  private complete = false;

  constructor(private readonly opts: DigestMd5Options) {}

  /** Answers the server's challenge (the first and only step that sends data). */
  evaluateChallenge(challenge: Uint8Array): Buffer {
    if (this.inputs) throw new SaslError("DIGEST-MD5: unexpected second challenge");
    const c = parseDigestChallenge(challenge);
    const qop = chooseQop(c.qop, this.opts.allowedQops);
    if (qop === "auth-conf") {
      if (!c.cipher.includes("3des")) {
        throw new SaslError(
          `DIGEST-MD5: server ciphers [${c.cipher.join(", ")}] lack 3des, the only one Node's OpenSSL offers`,
        );
      }
      this.cipher = "3des";
    }
    if (c.maxbuf !== undefined) this.serverMaxbuf = c.maxbuf;
    const i: DigestInputs = {
      username: this.opts.username,
      password: this.opts.password,
      realm: c.realm ?? "",
      nonce: c.nonce,
      cnonce: this.opts.cnonce ?? randomBytes(24).toString("base64"),
      nc: "00000001",
      qop,
      digestUri: `${this.opts.protocol}/${this.opts.serverId}`,
    };
    this.inputs = i;
    const fields = [
      c.charset === "utf-8" ? "charset=utf-8" : undefined,
      `username=${quote(i.username)}`,
      c.realm === undefined ? undefined : `realm=${quote(i.realm)}`,
      `nonce=${quote(i.nonce)}`,
      `nc=${i.nc}`,
      `cnonce=${quote(i.cnonce)}`,
      `digest-uri=${quote(i.digestUri)}`,
      `maxbuf=${CLIENT_MAXBUF}`,
      `response=${digestResponse(i, "AUTHENTICATE")}`,
      `qop=${qop}`,
      this.cipher === undefined ? undefined : `cipher=${quote(this.cipher)}`,
    ];
    return Buffer.from(fields.filter((f) => f !== undefined).join(","), "utf8");
  }

  /** Checks the server's final `rspauth=…`; throws SaslError when it does not prove the password. */
  verifyServerFinal(token: Uint8Array): void {
    if (!this.inputs) throw new SaslError("DIGEST-MD5: SUCCESS before any challenge");
    const d = parseDirectives(Buffer.from(token).toString("utf8"));
    if (d.rspauth === undefined) throw new SaslError("DIGEST-MD5: server final message lacks rspauth");
    const want = Buffer.from(digestResponse(this.inputs, ""), "ascii");
    const got = Buffer.from(d.rspauth.toLowerCase(), "ascii");
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      throw new SaslError("DIGEST-MD5: server rspauth does not match: the server does not know the token password");
    }
    this.complete = true;
  }

  get isComplete(): boolean {
    return this.complete;
  }

  get qop(): Qop | undefined {
    return this.inputs?.qop;
  }

  /** The security layer for auth-int / auth-conf; undefined for auth (no wrapping). */
  securityLayer(): SecurityLayer | undefined {
    if (!this.complete || !this.inputs) throw new SaslError("DIGEST-MD5: negotiation not complete");
    if (this.inputs.qop === "auth") return undefined;
    return new SecurityLayer(sessionKey(this.inputs), this.inputs.qop, "client", this.serverMaxbuf);
  }
}
