// python/tsdask_yarn/_contract.py is generated from the TypeScript tables (scripts/python-contract.ts):
// it must be exactly what the generator renders now, so a code or name changed on the TypeScript
// side and not regenerated fails here. And every CONTROL_* code the Python package names must be a
// code of the error table (Python once built CONTROL_<server code> codes the table did not have).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CONTRACT_PATH, renderPythonContract } from "../../../scripts/python-contract.js";
import { ERROR_KINDS } from "../../../src/error-codes.js";

const PKG = join(import.meta.dirname, "..", "..", "..", "python", "tsdask_yarn");

test("_contract.py is what scripts/python-contract.ts renders (run it after changing a table)", () => {
  assert.equal(readFileSync(CONTRACT_PATH, "utf8"), renderPythonContract());
});

/** The codes the package's sources name: every CONTROL_* string and every TsdaskYarnError's first argument. */
function codesNamedInPython(): Set<string> {
  const named = new Set<string>();
  const patterns = [/["'](CONTROL_[A-Z_]+)["']/g, /TsdaskYarnError\(\s*["']([A-Z][A-Z0-9_]*)["']/g];
  for (const f of readdirSync(PKG).filter((n) => n.endsWith(".py") && n !== "_contract.py"))
    for (const re of patterns)
      for (const [, code] of readFileSync(join(PKG, f), "utf8").matchAll(re)) if (code) named.add(code);
  return named;
}

test("every code the Python package raises or names is in the error table", () => {
  const named = codesNamedInPython();
  // Python-only codes (NODE_NOT_FOUND, WAIT_TIMEOUT, …) once lived outside the table.
  for (const code of ["CONTROL_BAD_REQUEST", "NODE_NOT_FOUND", "WAIT_TIMEOUT", "CLI_FAILED"])
    assert.ok(named.has(code), `${code} is no longer found: the scan is broken`);
  assert.deepEqual(
    [...named].filter((c) => !(c in ERROR_KINDS)),
    [],
  );
});

test("the rendered mapping agrees with the client on every server code", () => {
  const text = renderPythonContract();
  assert.match(text, /"KV_WAIT_TIMEOUT": "CONTROL_KV_WAIT_TIMEOUT"/);
  assert.match(text, /"KV_NOT_FOUND": None/);
  assert.match(text, /"4xx": "CONTROL_BAD_REQUEST"/);
  assert.match(text, /WORKER_SERVICE = "dask.worker"/);
});
