// What the wrapper reads from its container: SERVICE_ENV, the secret file, the Python interpreter.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { findPython, loadContainer, parseServiceEnv, readSecret } from "../../../src/service/context.js";
import { ServiceError } from "../../../src/service/errors.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "tsdask-ctx-"));
  dirs.push(d);
  return d;
}

function throwsCode(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ServiceError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    assert.ok(err.hint, "every error says what to do");
    return true;
  });
}

const URL_ENV = { TSDASK_CONTROL_URL: "http://am.example.org:41000" };

test("all SERVICE_ENV variables and YARN's CONTAINER_ID are read; sizes are numbers", () => {
  assert.deepEqual(
    parseServiceEnv({
      ...URL_ENV,
      TSDASK_APP_ID: "application_1_0002",
      TSDASK_SERVICE: "dask.worker",
      TSDASK_INSTANCE: "dask.worker_2",
      TSDASK_VCORES: "4",
      TSDASK_MEMORY_MIB: "2048",
      CONTAINER_ID: "container_1_0002_01_000003",
    }),
    {
      controlUrl: "http://am.example.org:41000",
      appId: "application_1_0002",
      service: "dask.worker",
      instance: "dask.worker_2",
      vcores: 4,
      memoryMiB: 2048,
      containerId: "container_1_0002_01_000003",
    },
  );
  const bare = parseServiceEnv(URL_ENV);
  assert.equal(bare.instance, undefined);
  assert.equal(bare.vcores, undefined);
});

test("the control URL is required and must be http(s)", () => {
  throwsCode(() => parseServiceEnv({}), "SERVICE_ENV_MISSING", /TSDASK_CONTROL_URL/);
  throwsCode(() => parseServiceEnv({ TSDASK_CONTROL_URL: "" }), "SERVICE_ENV_MISSING");
  throwsCode(() => parseServiceEnv({ TSDASK_CONTROL_URL: "am:41000/x y" }), "SERVICE_ENV_INVALID");
  throwsCode(() => parseServiceEnv({ TSDASK_CONTROL_URL: "ftp://am/" }), "SERVICE_ENV_INVALID");
});

test("vcores and memory must be positive whole numbers", () => {
  for (const bad of ["0", "-1", "1.5", "2g", "abc", "01"]) {
    throwsCode(() => parseServiceEnv({ ...URL_ENV, TSDASK_VCORES: bad }), "SERVICE_ENV_INVALID", /TSDASK_VCORES/);
    throwsCode(() => parseServiceEnv({ ...URL_ENV, TSDASK_MEMORY_MIB: bad }), "SERVICE_ENV_INVALID");
  }
});

test("the secret file: line end trimmed; missing or empty is SERVICE_NO_SECRET", () => {
  const d = dir();
  throwsCode(() => readSecret(d), "SERVICE_NO_SECRET", /\.tsdask-secret/);
  writeFileSync(join(d, ".tsdask-secret"), "abc def\r\n");
  assert.equal(readSecret(d), "abc def");
  writeFileSync(join(d, ".tsdask-secret"), "\n");
  throwsCode(() => readSecret(d), "SERVICE_NO_SECRET", /empty/);
});

test("python: ./environment/bin/python must exist and be executable", () => {
  const d = dir();
  throwsCode(() => findPython(d), "SERVICE_NO_PYTHON", /environment\/bin\/python/);
  mkdirSync(join(d, "environment", "bin"), { recursive: true });
  const py = join(d, "environment", "bin", "python");
  writeFileSync(py, "#!/bin/sh\n");
  chmodSync(py, 0o644);
  throwsCode(() => findPython(d), "SERVICE_NO_PYTHON");
  chmodSync(py, 0o755);
  assert.equal(findPython(d), py);
  writeFileSync(join(d, ".tsdask-secret"), "s");
  assert.deepEqual({ ...loadContainer(URL_ENV, d) }, { ...parseServiceEnv(URL_ENV), cwd: d, secret: "s", python: py });
});
