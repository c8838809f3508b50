// One error base class for the whole project. `code` is stable: --json output and tests match on
// it, never on message text. `kind` (given by the code, error-codes.ts) decides the exit code.
// `hint` says what the user can do about it.
import { kindOf, type ErrorCode, type ErrorKind } from "./error-codes.js";

export type { ErrorCode, ErrorKind } from "./error-codes.js";

export class TsdaskError extends Error {
  /** Who can fix it (input, remote, unavailable, internal) or how a wait ended: cli/exit.ts maps it to an exit code. */
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.kind = kindOf(code);
  }
}

/** A Java exception reported by a Hadoop server (RPC error header or REST RemoteException body). */
export class RemoteJavaError extends TsdaskError {
  constructor(
    code: ErrorCode,
    /** Fully qualified Java class name, e.g. org.apache.hadoop.security.AccessControlException. */
    readonly javaClassName: string,
    message: string,
    hint?: string,
  ) {
    super(code, message, hint);
  }
}

/** The `RemoteException` object Hadoop's REST servers (RM web services, WebHDFS) put in error bodies. */
export interface RemoteExceptionBody {
  exception?: string;
  javaClassName?: string;
  message?: string;
}

/** The RemoteException inside a response body (Buffer, string or parsed JSON), or undefined. */
export function remoteExceptionOf(body: unknown): RemoteExceptionBody | undefined {
  let v = body;
  if (Buffer.isBuffer(v)) v = v.toString("utf8");
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const re = v && typeof v === "object" ? (v as { RemoteException?: unknown }).RemoteException : undefined;
  return re && typeof re === "object" ? re : undefined;
}
