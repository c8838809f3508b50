// Typed errors of the Hadoop RPC layer. Callers match on `code`, never on message text.
import { RemoteJavaError, TsdaskError } from "../errors.js";

/** Malformed bytes: a bug or a version skew between us and the server. Never retriable. */
export class FrameError extends TsdaskError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      "HADOOP_RPC_FRAME",
      message,
      "this is a protocol mismatch; please report it with the Hadoop version",
      options,
    );
  }
}

/** The SASL exchange failed; the message names the step (pg's sasl.js style). */
export class SaslError extends TsdaskError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      "HADOOP_RPC_SASL",
      message,
      "check that the token is current and the cluster's hadoop.rpc.protection",
      options,
    );
  }
}

// Token files are hadoop-io Writables; their error lives with them.
export { TokenFileError } from "../hadoop-io/errors.js";

/** No token of the needed kind/service is available for a server. */
export class TokenNotFoundError extends TsdaskError {
  constructor(message: string) {
    super("HADOOP_TOKEN_NOT_FOUND", message);
  }
}

/** Connecting, timing out, or the connection closing under outstanding calls. Retriable. */
export class RpcConnectionError extends TsdaskError {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super("HADOOP_RPC_CONNECTION", message, undefined, options);
  }
}

/**
 * A Java exception from the server. `fatal` = the server closed the connection (FATAL status);
 * otherwise the call failed and the connection stays usable (ERROR status).
 */
export class RpcRemoteError extends RemoteJavaError {
  constructor(
    javaClassName: string,
    message: string,
    readonly fatal: boolean,
    /** RpcErrorCodeProto name, e.g. ERROR_APPLICATION or FATAL_UNAUTHORIZED. */
    readonly errorDetail: string | undefined,
    readonly method: string | undefined,
  ) {
    super(fatal ? "HADOOP_RPC_FATAL" : "HADOOP_RPC_REMOTE", javaClassName, message);
  }
}

/** True when `err` is a remote Java exception of the given class (simple or fully qualified name). */
export function isRemote(err: unknown, javaClassName: string): err is RemoteJavaError {
  if (!(err instanceof RemoteJavaError)) return false;
  return err.javaClassName === javaClassName || err.javaClassName.endsWith("." + javaClassName);
}
