// How a request proves who it is to a Hadoop web endpoint (hadoop-auth's AuthenticationFilter):
//   simple(user)            ?user.name=<user> (PseudoAuthenticationHandler; simple-auth clusters)
//   spnego(kerberos)        Authorization: Negotiate <GSS token for HTTP/<host>> (Kerberized clusters)
//   delegationToken(token)  ?delegation=<token URL string> (WebHDFS in the AM and its containers,
//                           which hold tokens, never a Kerberos ticket)
// `doAs` adds ?doas=<user>: the authenticated user acts for another one (a proxy user).

/** Produces SPNEGO tokens; implemented over the native Kerberos binding in src/security. */
export interface NegotiateProvider {
  /** The base64 GSS-API token for the service principal HTTP/<host>. */
  negotiateToken(host: string): Promise<string>;
}

export interface HttpAuth {
  readonly scheme: "simple" | "spnego" | "delegation-token";
  /** Query parameters every request carries. */
  readonly params: Readonly<Record<string, string>>;
  /** Headers for one request to `host` (e.g. a fresh Negotiate token). */
  headers(host: string): Promise<Record<string, string>>;
}

const none = async () => ({});

export function simple(user: string | undefined, doAs?: string): HttpAuth {
  return {
    scheme: "simple",
    params: { ...(user ? { "user.name": user } : {}), ...(doAs ? { doas: doAs } : {}) },
    headers: none,
  };
}

export function spnego(kerberos: NegotiateProvider, doAs?: string): HttpAuth {
  return {
    scheme: "spnego",
    params: doAs ? { doas: doAs } : {},
    headers: async (host) => ({ Authorization: `Negotiate ${await kerberos.negotiateToken(host)}` }),
  };
}

/** `token` is Hadoop's Token.encodeToUrlString() form (URL-safe base64 of the Token writable). */
export function delegationToken(token: string, doAs?: string): HttpAuth {
  return { scheme: "delegation-token", params: { delegation: token, ...(doAs ? { doas: doAs } : {}) }, headers: none };
}
