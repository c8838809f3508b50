// The DIGEST-MD5 security layer (RFC 2831 §2.3, §2.4) as the JDK's DigestMD5Base implements it,
// used after login when the QOP is auth-int or auth-conf.
//
//   auth-int : wrap(m) = m ‖ HMAC-MD5(Ki, seq ‖ m)[0..10] ‖ 00 01 ‖ seq
//   auth-conf: wrap(m) = 3DES-CBC(Kc; m ‖ pad ‖ HMAC-MD5(Ki, seq ‖ m)[0..10]) ‖ 00 01 ‖ seq
//
// seq is a u32 BE per direction starting at 0. The CBC state runs on across messages (one cipher
// object per direction, never finalised), exactly like javax.crypto's update() in the JDK.
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Cipher, Decipher } from "node:crypto";
import { SaslError } from "../errors.js";
import type { Qop } from "./qop.js";

const MAGIC = {
  clientSign: "Digest session key to client-to-server signing key magic constant",
  serverSign: "Digest session key to server-to-client signing key magic constant",
  clientSeal: "Digest H(A1) to client-to-server sealing key magic constant",
  serverSeal: "Digest H(A1) to server-to-client sealing key magic constant",
};
const MESSAGE_TYPE = Buffer.from([0x00, 0x01]);
const MAC_LEN = 10;
const TRAILER_LEN = MAC_LEN + 2 + 4;
const BLOCK = 8;

const md5 = (a: Uint8Array, b: string) => createHash("md5").update(a).update(b, "ascii").digest();

/** Integrity keys: Kic, Kis = MD5(H(A1) ‖ magic). */
export function integrityKeys(ha1: Uint8Array): { kic: Buffer; kis: Buffer } {
  return { kic: md5(ha1, MAGIC.clientSign), kis: md5(ha1, MAGIC.serverSign) };
}

/** Sealing keys for 3des (n = 16): Kcc, Kcs = MD5(H(A1)[0..16] ‖ magic). */
export function sealingKeys(ha1: Uint8Array): { kcc: Buffer; kcs: Buffer } {
  const h = ha1.subarray(0, 16);
  return { kcc: md5(h, MAGIC.clientSeal), kcs: md5(h, MAGIC.serverSeal) };
}

/** Spreads 7 key bytes over 8 DES key bytes, 7 bits each, odd parity in the low bit. */
export function desKeyWithParity(seven: Uint8Array): Buffer {
  let bits = 0n;
  for (const b of seven) bits = (bits << 8n) | BigInt(b);
  const out = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) {
    const b = Number((bits >> BigInt(49 - 7 * i)) & 0x7fn) << 1;
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/** Two-key 3DES: K1 = Kc[0..7], K2 = Kc[7..14], key K1 ‖ K2 ‖ K1; IV = Kc[8..16]. */
export function tripleDesKeyAndIv(kc: Uint8Array): { key: Buffer; iv: Buffer } {
  const k1 = desKeyWithParity(kc.subarray(0, 7));
  const k2 = desKeyWithParity(kc.subarray(7, 14));
  return { key: Buffer.concat([k1, k2, k1]), iv: Buffer.from(kc.subarray(8, 16)) };
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

export class SecurityLayer {
  private mySeq = 0;
  private peerSeq = 0;
  private readonly myKi: Buffer;
  private readonly peerKi: Buffer;
  private readonly enc?: Cipher;
  private readonly dec?: Decipher;

  constructor(
    ha1: Uint8Array,
    readonly qop: Exclude<Qop, "auth">,
    side: "client" | "server",
    /** The peer's maxbuf: the largest wrapped token it accepts. */
    private readonly peerMaxbuf = 65536,
  ) {
    const { kic, kis } = integrityKeys(ha1);
    [this.myKi, this.peerKi] = side === "client" ? [kic, kis] : [kis, kic];
    if (qop === "auth-conf") {
      const { kcc, kcs } = sealingKeys(ha1);
      const [mine, peer] = side === "client" ? [kcc, kcs] : [kcs, kcc];
      const e = tripleDesKeyAndIv(mine);
      const d = tripleDesKeyAndIv(peer);
      this.enc = createCipheriv("des-ede3-cbc", e.key, e.iv).setAutoPadding(false);
      this.dec = createDecipheriv("des-ede3-cbc", d.key, d.iv).setAutoPadding(false);
    }
  }

  /** Largest plaintext one wrap() may carry so the token fits the peer's maxbuf. */
  get maxPlaintext(): number {
    return this.peerMaxbuf - TRAILER_LEN - BLOCK;
  }

  private mac(key: Buffer, seq: Buffer, msg: Uint8Array): Buffer {
    return createHmac("md5", key).update(seq).update(msg).digest().subarray(0, MAC_LEN);
  }

  wrap(msg: Uint8Array): Buffer {
    // Like the JDK: nothing to protect, nothing sent, no sequence number used.
    if (msg.length === 0) return Buffer.alloc(0);
    const seq = u32(this.mySeq);
    this.mySeq = (this.mySeq + 1) >>> 0;
    const mac = this.mac(this.myKi, seq, msg);
    if (!this.enc) return Buffer.concat([msg, mac, MESSAGE_TYPE, seq]);
    const padLen = BLOCK - ((msg.length + MAC_LEN) % BLOCK);
    const plain = Buffer.concat([msg, Buffer.alloc(padLen, padLen), mac]);
    return Buffer.concat([this.enc.update(plain), MESSAGE_TYPE, seq]);
  }

  unwrap(token: Uint8Array): Buffer {
    const t = Buffer.from(token);
    if (t.length === 0) return Buffer.alloc(0);
    if (t.length < TRAILER_LEN) throw new SaslError(`SASL unwrap: token of ${t.length} bytes is too short`);
    const body = t.subarray(0, t.length - 6);
    const type = t.subarray(t.length - 6, t.length - 4);
    const seq = t.subarray(t.length - 4);
    if (!type.equals(MESSAGE_TYPE)) throw new SaslError("SASL unwrap: wrong message type");
    if (seq.readUInt32BE(0) !== this.peerSeq) {
      throw new SaslError(`SASL unwrap: out of order sequence ${seq.readUInt32BE(0)}, expected ${this.peerSeq}`);
    }
    let msg: Buffer;
    let mac: Buffer;
    if (this.dec) {
      if (body.length % BLOCK !== 0 || body.length < BLOCK * 2)
        throw new SaslError("SASL unwrap: ciphertext is not whole blocks");
      const plain = this.dec.update(body);
      mac = plain.subarray(plain.length - MAC_LEN);
      const padLen = plain.readUInt8(plain.length - MAC_LEN - 1);
      if (padLen < 1 || padLen > BLOCK || padLen > plain.length - MAC_LEN)
        throw new SaslError("SASL unwrap: bad padding");
      msg = plain.subarray(0, plain.length - MAC_LEN - padLen);
      const pad = plain.subarray(msg.length, plain.length - MAC_LEN);
      if (!pad.every((b) => b === padLen)) throw new SaslError("SASL unwrap: bad padding");
    } else {
      msg = body.subarray(0, body.length - MAC_LEN);
      mac = body.subarray(body.length - MAC_LEN);
    }
    if (!timingSafeEqual(mac, this.mac(this.peerKi, seq, msg))) throw new SaslError("SASL unwrap: MAC mismatch");
    this.peerSeq = (this.peerSeq + 1) >>> 0;
    return Buffer.from(msg);
  }
}
