// Parser for a DIGEST-MD5 challenge (RFC 2831 §2.1.1 / §7.1):
//   realm="default",nonce="…",qop="auth-conf,auth",charset=utf-8,cipher="3des,rc4",algorithm=md5-sess
// Quoted values contain commas, so this is a small tokenizer, not a split(",") (gohadoop's bug).
import { SaslError } from "../errors.js";

export interface DigestChallenge {
  realm?: string;
  nonce: string;
  /** Offered QOPs in server order; RFC default is ["auth"]. */
  qop: string[];
  /** Offered ciphers (auth-conf only). */
  cipher: string[];
  charset?: string;
  algorithm: string;
  maxbuf?: number;
  /** Every directive as sent, for anything not modelled above. */
  directives: Record<string, string>;
}

const TOKEN_CHAR = /[^\s()<>@,;:\\"/[\]?={}]/;

/** Splits `k=v` / `k="v"` pairs; throws SaslError on anything malformed. */
export function parseDirectives(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  let i = 0;
  const skip = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === ",")) i++;
  };
  skip();
  while (i < text.length) {
    const keyStart = i;
    while (i < text.length && TOKEN_CHAR.test(text.charAt(i))) i++;
    const key = text.slice(keyStart, i).toLowerCase();
    if (key === "" || text[i] !== "=") throw new SaslError(`DIGEST-MD5 challenge: expected key= at offset ${keyStart}`);
    i++;
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new SaslError(`DIGEST-MD5 challenge: unterminated quoted value for ${key}`);
        const c = text[i++];
        if (c === '"') break;
        if (c === "\\") {
          if (i >= text.length) throw new SaslError(`DIGEST-MD5 challenge: dangling escape in ${key}`);
          value += text[i++];
        } else value += c;
      }
    } else {
      const start = i;
      while (i < text.length && text[i] !== ",") i++;
      value = text.slice(start, i).trim();
    }
    // RFC 2831: realm may repeat (first wins); any other duplicate is a protocol error.
    if (key in out) {
      if (key !== "realm") throw new SaslError(`DIGEST-MD5 challenge: duplicate directive ${key}`);
    } else out[key] = value;
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
    if (i < text.length && text[i] !== ",") throw new SaslError(`DIGEST-MD5 challenge: expected ',' at offset ${i}`);
    skip();
  }
  return out;
}

const list = (v: string | undefined) =>
  v === undefined
    ? []
    : v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");

export function parseDigestChallenge(bytes: Uint8Array | string): DigestChallenge {
  const text = typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8");
  const d = parseDirectives(text);
  if (d.nonce === undefined) throw new SaslError("DIGEST-MD5 challenge: nonce missing");
  if (d.algorithm !== "md5-sess") {
    throw new SaslError(`DIGEST-MD5 challenge: algorithm must be md5-sess, got ${d.algorithm ?? "none"}`);
  }
  let maxbuf: number | undefined;
  if (d.maxbuf !== undefined) {
    maxbuf = Number(d.maxbuf);
    if (!Number.isInteger(maxbuf) || maxbuf <= 16) throw new SaslError(`DIGEST-MD5 challenge: bad maxbuf ${d.maxbuf}`);
  }
  const qop = d.qop === undefined ? ["auth"] : list(d.qop);
  return {
    realm: d.realm,
    nonce: d.nonce,
    qop,
    cipher: list(d.cipher),
    charset: d.charset,
    algorithm: d.algorithm,
    maxbuf,
    directives: { ...d },
  };
}
