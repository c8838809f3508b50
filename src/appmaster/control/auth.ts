// Bearer-secret check of the control API. The secret lets its holder scale and shut down the
// application, so: compare in constant time, and never echo, log or put it in an error.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Secrets shorter than this are a configuration mistake (the launcher generates 32 random bytes). */
export const MIN_SECRET_LENGTH = 16;

export type SecretCheck = (req: IncomingMessage) => "ok" | "missing" | "wrong";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * A checker for `Authorization: Bearer <secret>`. Both sides are hashed first so
 * timingSafeEqual always compares 32 bytes: neither the secret's length nor its prefix leaks
 * through response timing.
 */
export function bearerChecker(secret: string): SecretCheck {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the control secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  const expected = digest(secret);
  return (req) => {
    const header = req.headers.authorization;
    if (header === undefined) return "missing";
    const token = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    if (token === undefined) return "missing";
    return timingSafeEqual(digest(token), expected) ? "ok" : "wrong";
  };
}
