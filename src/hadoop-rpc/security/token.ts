// A Hadoop delegation-style token (hadoop-common security/token/Token.java) and how we pick one.
import { TokenNotFoundError } from "../errors.js";
import type { TokenProto } from "../wire/rpc-proto.js";
import type { Token } from "../../hadoop-io/token.js";

export type { Token };

export const TokenKind = {
  AMRM: "YARN_AM_RM_TOKEN",
  NM: "NMToken",
  CONTAINER: "ContainerToken",
  HDFS_DELEGATION: "HDFS_DELEGATION_TOKEN",
} as const;

/** A decoded TokenProto; an absent one (e.g. a container without a token) is an empty token. */
export function tokenFromProto(p: TokenProto | undefined): Token {
  return {
    identifier: Buffer.from(p?.identifier ?? []),
    password: Buffer.from(p?.password ?? []),
    kind: p?.kind ?? "",
    service: p?.service ?? "",
  };
}

export function tokenToProto(t: Token): TokenProto {
  return { identifier: t.identifier, password: t.password, kind: t.kind, service: t.service };
}

/**
 * Picks a token of `kind`. With a `service`, a token for that service wins (Java's selectors match
 * on service); a token with an empty service is the fallback, as the RM leaves the AMRMToken's
 * service empty and only Java clients fill it in.
 */
export function selectToken(tokens: Iterable<Token>, kind: string, service?: string): Token {
  let fallback: Token | undefined;
  for (const t of tokens) {
    if (t.kind !== kind) continue;
    if (service === undefined || t.service.split(",").includes(service)) return t;
    if (t.service === "") fallback ??= t;
  }
  if (fallback) return fallback;
  throw new TokenNotFoundError(`no ${kind} token${service ? ` for ${service}` : ""} in the credentials`);
}
