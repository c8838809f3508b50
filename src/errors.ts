// One error base class for the whole project. `code` is stable: --json output and tests
// match on it, never on message text. `hint` says what the user can do about it.
export class TsdaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A Java exception reported by a Hadoop server (RPC error header or REST RemoteException body). */
export class RemoteJavaError extends TsdaskError {
  constructor(
    code: string,
    /** Fully qualified Java class name, e.g. org.apache.hadoop.security.AccessControlException. */
    readonly javaClassName: string,
    message: string,
    hint?: string,
  ) {
    super(code, message, hint);
  }
}
