// WebHDFS errors. A RemoteException body ({"RemoteException":{exception, javaClassName, message}})
// becomes a RemoteJavaError that keeps the Java class name, with a stable code for the classes
// callers act on (not found, access denied, already exists, safe mode, standby).
import {
  RemoteJavaError,
  remoteExceptionOf,
  TsdaskError,
  type ErrorCode,
  type RemoteExceptionBody,
} from "../errors.js";

interface Known {
  code: ErrorCode;
  hint: string;
}

const BY_CLASS: Record<string, Known> = {
  FileNotFoundException: { code: "HDFS_FILE_NOT_FOUND", hint: "Check the HDFS path (e.g. with 'hdfs dfs -ls')." },
  AccessControlException: {
    code: "HDFS_ACCESS_DENIED",
    hint: "The HDFS user lacks permission on the path or a parent; use a path the user owns (e.g. its home dir).",
  },
  FileAlreadyExistsException: {
    code: "HDFS_ALREADY_EXISTS",
    hint: "Choose another path, delete the existing one, or allow overwriting.",
  },
  SafeModeException: {
    code: "HDFS_SAFE_MODE",
    hint: "The NameNode is in safe mode (starting up, or low on space); wait, or ask an admin to leave safe mode.",
  },
  StandbyException: { code: "HDFS_STANDBY", hint: "This NameNode is standby; list every NameNode of the nameservice." },
};

/** The simple class name, also for safe mode reported as a RetriableException wrapping it. */
function classify(re: RemoteExceptionBody): string {
  const simple = re.exception ?? re.javaClassName?.split(".").pop() ?? "RemoteException";
  if (simple === "RetriableException" && /safe mode/i.test(re.message ?? "")) return "SafeModeException";
  return simple;
}

export function hdfsResponseError(what: string, url: string, status: number, body: unknown): TsdaskError {
  const re = remoteExceptionOf(body);
  if (re) {
    const simple = classify(re);
    const known = BY_CLASS[simple];
    // DataNode errors carry the server's stack trace in the message; the first line is the news.
    const message = (re.message ?? "").split("\n")[0];
    return new RemoteJavaError(
      known?.code ?? "HDFS_REMOTE",
      re.javaClassName ?? simple,
      `${what}: ${message} (${simple}, HTTP ${status})`,
      known?.hint ?? "See the NameNode/DataNode log for details.",
    );
  }
  const text = Buffer.isBuffer(body)
    ? body.toString("utf8")
    : typeof body === "string"
      ? body
      : JSON.stringify(body ?? "");
  return new TsdaskError(
    "HDFS_HTTP_ERROR",
    `${what}: HTTP ${status} from ${url}: ${text.slice(0, 200)}`,
    "Check that the address is a NameNode HTTP address with WebHDFS enabled (dfs.webhdfs.enabled).",
  );
}

export function isStandby(e: unknown): boolean {
  return e instanceof RemoteJavaError && e.code === "HDFS_STANDBY";
}
