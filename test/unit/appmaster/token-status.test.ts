// What status says about delegation tokens: the earliest end, the warning window (a day, or a
// quarter of the lifetime when shorter) and the fix.
import assert from "node:assert/strict";
import { test } from "node:test";
import { credentialsStatus, warningWindowMs } from "../../../src/appmaster/token-status.js";

const DAY = 86_400_000;
const week = {
  alias: "10.0.0.1:8020",
  kind: "HDFS_DELEGATION_TOKEN",
  service: "10.0.0.1:8020",
  issueDate: 0,
  maxDate: 7 * DAY,
};
const state = (tokens = [week]) => ({ appId: "application_1_0001", source: "submit" as const, tokens });

test("a week-long token: no warning until a day before its end, then a warning naming the fix", () => {
  assert.equal(warningWindowMs(week), DAY);
  const early = credentialsStatus(state(), 5 * DAY);
  assert.equal(early.endsAt, 7 * DAY);
  assert.equal(early.warning, undefined);
  const late = credentialsStatus(state(), 6 * DAY + 1);
  assert.match(late.warning!, /ends at 1970-01-08T00:00:00.000Z \(in 24 h\)/);
  assert.match(late.warning!, /tsdask-yarn credentials refresh application_1_0001/);
  assert.match(late.warning!, /--keytab-in-am/);
  assert.match(credentialsStatus(state(), 7 * DAY).warning!, /ended at/);
});

test("a 90 s token warns in its last quarter; a known expiry before the max lifetime is the end", () => {
  const short = { ...week, maxDate: 90_000 };
  assert.equal(warningWindowMs(short), 22_500);
  assert.equal(credentialsStatus(state([short]), 60_000).warning, undefined);
  assert.ok(credentialsStatus(state([short]), 70_000).warning);
  const renewable = { ...short, expiry: 45_000 };
  assert.equal(credentialsStatus(state([renewable]), 0).endsAt, 45_000);
});

test("the earliest ending token is the one reported; a failure is passed through", () => {
  const other = { ...week, alias: "ha-hdfs:ns2", service: "ha-hdfs:ns2", maxDate: 3 * DAY };
  const failure = { time: 1, message: "token expired", fix: "refresh" };
  const s = credentialsStatus({ ...state([week, other]), failure }, 2.5 * DAY);
  assert.equal(s.endsAt, 3 * DAY);
  assert.match(s.warning!, /ha-hdfs:ns2/);
  assert.deepEqual(s.failure, failure);
});
