// The spec loader under random documents: YAML built from the real keys with values of every
// kind, plus raw random text. Each either loads into a spec or fails with a SpecError (a code, the
// key, a position); nothing else escapes (no TypeError from a value of an unexpected shape).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { SpecError, specFromYaml } from "../../../src/spec/index.js";

const KEYS = [
  "name",
  "queue",
  "tags",
  "priority",
  "max-attempts",
  "environment",
  "idle-timeout",
  "tls",
  "acls",
  "dask",
  "master",
  "worker",
  "scheduler",
  "client",
  "services",
  "hadoop",
  "staging-dir",
  "node-label",
];
const SUBKEYS = [
  "memory",
  "vcores",
  "count",
  "env",
  "view",
  "modify",
  "script",
  "files",
  "adaptive",
  "restarts",
  "role",
  "instances",
  "depends",
  "conf-dir",
];
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("2 GiB", "30s", "1:4", "*", "-1"),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...SUBKEYS, "x"), tie("v"), { maxKeys: 4 }),
  ),
})).v;
const doc = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 });

function loadsOrSpecError(text: string): void {
  try {
    specFromYaml(text, { allowMissingEnvironment: true });
  } catch (e) {
    assert.ok(e instanceof SpecError, `not a SpecError for:\n${text}\n${(e as Error)?.stack}`);
    assert.match(e.code, /^SPEC_/);
  }
}

test("random documents of real keys: a spec or a SpecError", { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(doc, (d) => loadsOrSpecError(stringify(d))),
    { numRuns: 1000 },
  );
});

test("random text: a spec or a SpecError", { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (t) => loadsOrSpecError(t)),
    { numRuns: 1000 },
  );
});
