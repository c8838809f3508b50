// WebHDFS RemoteException bodies captured from the local Hadoop 3.4.2 (test/fixtures/client/capture.sh).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { RemoteJavaError, TsdaskError } from "../../../src/errors.js";
import { hdfsResponseError } from "../../../src/webhdfs/errors.js";
import { webhdfsPath } from "../../../src/webhdfs/namenode-http.js";
import { ROOT } from "../../support/cluster.js";

const raw = (name: string) => readFileSync(join(ROOT, "test/fixtures/client", name));

const cases: [file: string, status: number, code: string, javaClass: string, message: RegExp][] = [
  [
    "hdfs-file-not-found.json",
    404,
    "HDFS_FILE_NOT_FOUND",
    "java.io.FileNotFoundException",
    /^op: File does not exist: \/nonexistent-\d+ \(FileNotFoundException, HTTP 404\)$/,
  ],
  [
    "hdfs-access-denied.json",
    403,
    "HDFS_ACCESS_DENIED",
    "org.apache.hadoop.security.AccessControlException",
    /Permission denied: user=nobody-\d+, access=EXECUTE/,
  ],
  [
    "hdfs-already-exists.json",
    403,
    "HDFS_ALREADY_EXISTS",
    "org.apache.hadoop.fs.FileAlreadyExistsException",
    /^op: \/tmp\/tsdask-capture-\d+\/a\.txt for client 127\.0\.0\.1 already exists \(FileAlreadyExistsException, HTTP 403\)$/,
  ],
  [
    "hdfs-mkdirs-parent-is-file.json",
    403,
    "HDFS_ALREADY_EXISTS",
    "org.apache.hadoop.fs.FileAlreadyExistsException",
    /Path is not a directory/,
  ],
  ["hdfs-bad-op.json", 400, "HDFS_REMOTE", "java.lang.IllegalArgumentException", /BOGUS is not a valid GET operation/],
];

for (const [file, status, code, javaClass, message] of cases) {
  test(`${file} → ${code}`, () => {
    const e = hdfsResponseError("op", "http://nn/x", status, raw(file));
    assert.ok(e instanceof RemoteJavaError);
    assert.equal(e.code, code);
    assert.equal(e.javaClassName, javaClass);
    assert.match(e.message, message);
    assert.ok(!e.message.includes("\tat "), "no Java stack trace in the message");
    assert.ok(e.hint);
  });
}

test("safe mode, also when wrapped in a RetriableException, and standby get their own codes", () => {
  const sm = hdfsResponseError("op", "u", 403, {
    RemoteException: {
      exception: "RetriableException",
      javaClassName: "org.apache.hadoop.ipc.RetriableException",
      message:
        "org.apache.hadoop.hdfs.server.namenode.SafeModeException: Cannot create directory /x. Name node is in safe mode.",
    },
  });
  assert.equal(sm.code, "HDFS_SAFE_MODE");
  assert.equal((sm as RemoteJavaError).javaClassName, "org.apache.hadoop.ipc.RetriableException");
  const sb = hdfsResponseError("op", "u", 403, {
    RemoteException: {
      exception: "StandbyException",
      javaClassName: "org.apache.hadoop.ipc.StandbyException",
      message: "Operation category READ is not supported in state standby",
    },
  });
  assert.equal(sb.code, "HDFS_STANDBY");
});

test("a body that is not a RemoteException is an HTTP error with the status and a snippet", () => {
  const e = hdfsResponseError("listing /", "http://rm:8088/webhdfs/v1/", 404, "<html>Not Found</html>");
  assert.ok(e instanceof TsdaskError && !(e instanceof RemoteJavaError));
  assert.equal(e.code, "HDFS_HTTP_ERROR");
  assert.match(e.message, /HTTP 404 from http:\/\/rm:8088\/webhdfs\/v1\/: <html>Not Found/);
});

test("paths are absolute and percent-encoded per segment", () => {
  assert.equal(webhdfsPath("/user/a b/x%y#z"), "/webhdfs/v1/user/a%20b/x%25y%23z");
  assert.equal(webhdfsPath("/"), "/webhdfs/v1/");
  assert.throws(
    () => webhdfsPath("user/x"),
    (e: unknown) => e instanceof TsdaskError && e.code === "HDFS_PATH_INVALID",
  );
});
