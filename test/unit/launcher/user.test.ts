// The submitting user is resolved in one place (launcher/user.ts) for the CLI, the library and local
// mode: the given user, else $HADOOP_USER_NAME, else the OS user. An empty HADOOP_USER_NAME is
// unset (as `export HADOOP_USER_NAME=` in a shell means), never an empty user.name.
import assert from "node:assert/strict";
import { userInfo } from "node:os";
import { test } from "node:test";
import { resolveUser } from "../../../src/launcher/user.js";

const os = userInfo().username;

test("the given user wins over $HADOOP_USER_NAME", () => {
  assert.equal(resolveUser("bob", { HADOOP_USER_NAME: "mallory" }), "bob");
});

test("without a given user, $HADOOP_USER_NAME; without that, the OS user", () => {
  assert.equal(resolveUser(undefined, { HADOOP_USER_NAME: "mallory" }), "mallory");
  assert.equal(resolveUser(undefined, {}), os);
});

test("an empty HADOOP_USER_NAME (or given user) counts as unset", () => {
  assert.equal(resolveUser(undefined, { HADOOP_USER_NAME: "" }), os);
  assert.equal(resolveUser("", { HADOOP_USER_NAME: "mallory" }), "mallory");
});
