// ResourceManager REST errors: a RemoteException body becomes a RemoteJavaError that keeps the
// Java class name; anything else becomes a TsdaskError with the HTTP status.
import { RemoteJavaError, remoteExceptionOf, TsdaskError, type ErrorCode } from "../errors.js";

/** The Java classes we act on, by simple name → stable code and what the user can do. */
const KNOWN: Record<string, { code: ErrorCode; hint: string }> = {
  NotFoundException: {
    code: "YARN_NOT_FOUND",
    hint: "Check the application/attempt id; 'tsdask-yarn list' shows the applications the RM knows.",
  },
  BadRequestException: {
    code: "YARN_BAD_REQUEST",
    hint: "The ResourceManager rejected the request as invalid; fix the value the message names.",
  },
  ForbiddenException: {
    code: "YARN_FORBIDDEN",
    hint: "The user is not allowed to do this (queue or application ACLs); ask the cluster admins.",
  },
  AuthorizationException: {
    code: "YARN_FORBIDDEN",
    hint: "The user is not allowed to do this (queue or application ACLs); ask the cluster admins.",
  },
};

export function rmResponseError(what: string, url: string, status: number, body: unknown): TsdaskError {
  const re = remoteExceptionOf(body);
  if (re) {
    const simple = re.exception ?? re.javaClassName?.split(".").pop() ?? "Exception";
    const known = KNOWN[simple];
    // Jersey wraps the message as "java.lang.Exception: <text>"; the prefix tells the user nothing.
    const message = (re.message ?? "").replace(/^java\.lang\.Exception: /, "");
    return new RemoteJavaError(
      known?.code ?? "YARN_REMOTE",
      re.javaClassName ?? simple,
      `${what} failed: ${message} (${simple}, HTTP ${status})`,
      known?.hint ?? "See the ResourceManager log for details.",
    );
  }
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
  // The RM answers an ACL refusal in plain text ("Unauthorized attempt to kill appid ... by remote user ...").
  if (status === 403) {
    return new TsdaskError(
      "YARN_FORBIDDEN",
      `${what} failed: ${text.slice(0, 200)} (HTTP 403)`,
      "YARN's application ACLs do not allow you this: only the owner, the users in the application's acls.modify (acls.view to read it) and the cluster's YARN admins may. Ask the owner or the admins.",
    );
  }
  return new TsdaskError(
    "YARN_HTTP_ERROR",
    `${what} failed: HTTP ${status} from ${url}: ${text.slice(0, 200)}`,
    "Check that the address is a YARN ResourceManager web address (yarn.resourcemanager.webapp.address).",
  );
}
