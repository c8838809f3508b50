// The delegation token identifier layout, on bytes written out by hand from
// AbstractDelegationTokenIdentifier.write (WritableUtils VLong/VInt, Text = VInt length + UTF-8).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDelegationIdentifier } from "../../../src/hadoop-io/index.js";

// version 0, owner "tester", renewer "yarn", realUser "", issueDate 1700000000000,
// maxDate 1700000090000, sequenceNumber 7, masterKeyId 300
const IDENTIFIER = Buffer.from(
  "00" + "06746573746572" + "047961726e" + "00" + "8a018bcfe56800" + "8a018bcfe6c790" + "07" + "8e012c",
  "hex",
);

test("an HDFS delegation token identifier: owner, renewer, issue and max dates", () => {
  assert.deepEqual(parseDelegationIdentifier(IDENTIFIER), {
    owner: "tester",
    renewer: "yarn",
    realUser: "",
    issueDate: 1_700_000_000_000,
    maxDate: 1_700_000_090_000,
    sequenceNumber: 7,
    masterKeyId: 300,
  });
});

test("a truncated identifier or an unknown version is a clear format error", () => {
  assert.throws(() => parseDelegationIdentifier(IDENTIFIER.subarray(0, 20)), /delegation token identifier: issue date/);
  const v1 = Buffer.from(IDENTIFIER);
  v1[0] = 1;
  assert.throws(() => parseDelegationIdentifier(v1), /unknown version 1/);
});
