// RM REST responses captured from the local Hadoop 3.4.2 (test/fixtures/client/capture.sh).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { RemoteJavaError, TsdaskError } from "../../../src/errors.js";
import { rmResponseError } from "../../../src/yarn-rest/errors.js";
import * as R from "../../../src/yarn-rest/reports.js";
import { ROOT } from "../../support/cluster.js";

const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, "test/fixtures/client", name), "utf8"));

test("application report: numbers, comma-separated tags, optional fields", () => {
  const r = R.applicationReport(fixture("rm-app-accepted.json").app);
  assert.match(r.id, /^application_\d+_\d+$/);
  assert.equal(r.state, "ACCEPTED");
  assert.equal(r.finalStatus, "UNDEFINED");
  assert.deepEqual(r.tags, ["capture"]);
  assert.equal(r.applicationType, "TSDASK");
  assert.equal(r.queue, "root.default");
  assert.equal(r.allocatedMb, 256);
  assert.equal(r.runningContainers, 1);
  assert.equal(r.trackingUrl, undefined);
  assert.ok(r.startedTime > 1.7e12);
  const k = R.applicationReport(fixture("rm-app-killed.json").app);
  assert.equal(k.state, "KILLED");
  assert.equal(k.finalStatus, "KILLED");
  assert.match(k.diagnostics, /killed by user root/);
  assert.match(k.trackingUrl!, /^http:\/\/.*\/cluster\/app\/application_/);
});

test("lists: an array, an empty {} and a bare single object all become arrays", () => {
  const apps = R.listOf(fixture("rm-apps-list.json"), "apps", "app").map(R.applicationReport);
  assert.equal(apps.length, 1);
  assert.equal(apps[0]!.name, "capture");
  assert.deepEqual(R.listOf(fixture("rm-apps-empty.json"), "apps", "app"), []);
  assert.deepEqual(R.listOf({ apps: null }, "apps", "app"), []);
  const containers = R.listOf(fixture("rm-attempt-containers.json"), undefined, "container").map(R.containerReport);
  assert.equal(containers.length, 1);
  // Hadoop sends these numbers as strings.
  assert.equal(containers[0]!.allocatedMb, 256);
  assert.equal(containers[0]!.exitStatus, 0);
  assert.equal(containers[0]!.state, "RUNNING");
  assert.match(containers[0]!.containerId, /^container_\d+_\d+_01_000001$/);
});

test("attempts, nodes, cluster info, new-application", () => {
  const [att] = R.listOf(fixture("rm-app-attempts.json"), "appAttempts", "appAttempt").map(R.applicationAttempt);
  assert.equal(att!.id, 1);
  assert.match(att!.appAttemptId, /^appattempt_\d+_\d+_000001$/);
  assert.equal(att!.nodeId, "localhost:8041");
  const [node] = R.listOf(fixture("rm-nodes.json"), "nodes", "node").map(R.nodeReport);
  assert.equal(node!.state, "RUNNING");
  assert.equal(node!.availMemoryMb + node!.usedMemoryMb, 8192);
  assert.equal(node!.nodeHttpAddress, "localhost:8042");
  const info = R.clusterInfo(fixture("rm-cluster-info.json"));
  assert.equal(info.hadoopVersion, "3.4.2");
  assert.equal(info.haState, "ACTIVE");
  const na = R.newApplication(fixture("rm-new-application.json"));
  assert.match(na.applicationId, /^application_\d+_\d+$/);
  assert.deepEqual(na.maximumResourceCapability, { memoryMb: 8192, vcores: 8 });
});

test("RemoteException bodies become RemoteJavaError with a stable code and the Java class", () => {
  const nf = rmResponseError("reading x", "http://rm/ws", 404, fixture("rm-app-not-found.json"));
  assert.ok(nf instanceof RemoteJavaError);
  assert.equal(nf.code, "YARN_NOT_FOUND");
  assert.equal(nf.javaClassName, "org.apache.hadoop.yarn.webapp.NotFoundException");
  assert.equal(nf.message, "reading x failed: app with id: application_1_0001 not found (NotFoundException, HTTP 404)");
  assert.ok(nf.hint);
  const big = rmResponseError("submitting", "http://rm/ws", 400, JSON.stringify(fixture("rm-submit-too-big.json")));
  assert.equal(big.code, "YARN_BAD_REQUEST");
  assert.match(big.message, /Requested more memory than configured max/);
  const kill = rmResponseError("killing", "http://rm/ws", 400, fixture("rm-kill-bad-state.json"));
  assert.match(kill.message, /Only 'KILLED' is allowed/);
  const html = rmResponseError("reading", "http://nn:9870/ws", 404, "<html>nope</html>");
  assert.ok(html instanceof TsdaskError && !(html instanceof RemoteJavaError));
  assert.equal(html.code, "YARN_HTTP_ERROR");
  assert.match(html.message, /HTTP 404 from http:\/\/nn:9870\/ws: <html>nope/);
});

test("the RM's plain-text 403 for an ACL refusal is YARN_FORBIDDEN with a hint about the application's ACLs", () => {
  // The body the secure local cluster's RM (Hadoop 3.4.2, yarn.acl.enable) sent for other's kill.
  const body = "Unauthorized attempt to kill appid application_1795702666753_0008 by remote user other@TSDASK.TEST";
  const e = rmResponseError("killing application_1795702666753_0008", "https://rm/ws", 403, body);
  assert.equal(e.code, "YARN_FORBIDDEN");
  assert.equal(e.message, `killing application_1795702666753_0008 failed: ${body} (HTTP 403)`);
  assert.match(e.hint!, /acls\.modify/);
});
