// How a Hadoop web endpoint says "not you": the answers of hadoop-auth's AuthenticationFilter
// (and WebHDFS's proxy-user check) turned into typed errors that say what to run.
//   401 + WWW-Authenticate: Negotiate   the request carried no credentials the filter accepts
//   403 + a cleared hadoop.auth cookie  the filter tried our SPNEGO token and refused it: it answers
//                                       a failed GSS accept (stale keytab, wrong key) with 403, the
//                                       GSSException as the status text and no WWW-Authenticate
//   403 "not allowed to impersonate"    authenticated, but we may not act for the doas user
// Any other 403 (an ACL, HDFS permissions) is the caller's to read.
import type { AxiosResponse } from "axios";
import { TsdaskError } from "../errors.js";
import type { HttpAuth } from "./auth.js";
import { bodyText } from "./body.js";

/** Who answered, for messages: "the ResourceManager at 127.0.0.1:8090". */
const serverOf = (role: string, url: string) => `the ${role} at ${new URL(url).host}`;

const SPNEGO_HINT =
  "Check that your principal's realm is trusted by the cluster and that the server's HTTP/<host> principal is in its keytab; 'klist' shows your ticket.";

export async function unauthorized(
  res: AxiosResponse,
  url: string,
  role: string,
  auth: HttpAuth,
): Promise<TsdaskError> {
  const challenge = String(res.headers["www-authenticate"] ?? "");
  const body = await bodyText(res.data);
  if (auth.scheme === "simple" && /negotiate/i.test(challenge)) {
    return new TsdaskError(
      "KERBEROS_REQUIRED",
      `${serverOf(role, url)} asks for Kerberos (WWW-Authenticate: ${challenge}) but the client used simple authentication`,
      "Point HADOOP_CONF_DIR at the cluster's configuration (hadoop.security.authentication=kerberos), then 'kinit <you>@<REALM>' or pass --keytab/--principal.",
    );
  }
  return new TsdaskError(
    auth.scheme === "spnego" ? "SPNEGO_REFUSED" : "HTTP_UNAUTHORIZED",
    `${serverOf(role, url)} refused our ${auth.scheme} authentication (HTTP 401${challenge ? `, WWW-Authenticate: ${challenge}` : ""}): ${body.slice(0, 200)}`,
    auth.scheme === "spnego"
      ? SPNEGO_HINT
      : "The delegation token may have expired or been cancelled; submit the application again.",
  );
}

/** The filter clears its cookie (hadoop.auth=, empty) exactly when authentication failed. */
function authCookieCleared(res: AxiosResponse): boolean {
  const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  return cookies.some((c) => /^hadoop\.auth=(;|$)/.test(c.trim()));
}

/**
 * Throws for a 403 that is an authentication refusal (SPNEGO_REFUSED, PROXY_USER_REFUSED);
 * returns for any other 403, with a streamed body read into res.data if it had to look at it.
 */
export async function checkForbidden(res: AxiosResponse, url: string, role: string, auth: HttpAuth): Promise<void> {
  if (auth.scheme === "spnego" && authCookieCleared(res)) {
    const reason = res.statusText || (await bodyText(res.data)).slice(0, 200);
    throw new TsdaskError(
      "SPNEGO_REFUSED",
      `${serverOf(role, url)} refused our Kerberos (SPNEGO) ticket for HTTP/${new URL(url).hostname} (HTTP 403${res.headers["www-authenticate"] ? `, WWW-Authenticate: ${String(res.headers["www-authenticate"])}` : ""}): ${reason}`,
      `${SPNEGO_HINT} 'Checksum failed' or 'Specified version of key is not available' means the server's keytab is out of date for that principal: the cluster admins must export it again; 'kvno HTTP/${new URL(url).hostname}' shows the key version the KDC issues.`,
    );
  }
  if (!auth.params.doas) return;
  const body = await bodyText(res.data);
  if (!/not allowed to impersonate/i.test(body)) {
    res.data = body;
    return;
  }
  const reason = /User: [^"\n]*?not allowed to impersonate [^"\n]*/i.exec(body)?.[0] ?? body.slice(0, 200);
  throw new TsdaskError(
    "PROXY_USER_REFUSED",
    `${serverOf(role, url)} refused to let us act as '${auth.params.doas}': ${reason}`,
    "Submit without --user (as yourself), or ask the cluster admins for proxy-user rights (hadoop.proxyuser.<you>.hosts and .groups in core-site.xml).",
  );
}
