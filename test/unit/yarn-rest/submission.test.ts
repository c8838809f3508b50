import assert from "node:assert/strict";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { submissionJson } from "../../../src/yarn-rest/submission.js";
import type { ApplicationSubmission } from "../../../src/yarn-rest/types.js";

const full: ApplicationSubmission = {
  applicationId: "application_1404203615263_0001",
  name: "dask",
  queue: "default",
  priority: 3,
  applicationType: "TSDASK",
  tags: ["a", "b"],
  maxAppAttempts: 2,
  keepContainersAcrossApplicationAttempts: true,
  attemptFailuresValidityIntervalMs: 3_600_000,
  nodeLabel: "gpu",
  amNodeLabel: "",
  amBlacklisting: { enabled: true, disableFailureThreshold: 0.5 },
  logAggregation: { includePattern: ".*", rolledLogsExcludePattern: "tmp" },
  resource: { memoryMb: 1024, vcores: 1 },
  amContainer: {
    command: "tsdask/bin/node tsdask/appmaster.js 1><LOG_DIR>/am.out",
    localResources: {
      tsdask: {
        url: "hdfs://nn:8020/u/r.tgz",
        type: "ARCHIVE",
        visibility: "PRIVATE",
        size: 43004,
        timestamp: 1405452071209,
      },
    },
    environment: { TSDASK_APP_DIR: "/user/u/.tsdask-yarn/apps/x" },
    tokens: { t1: "AAAA" },
    acls: { VIEW_APP: "alice" },
  },
};

test("the full submission context in the RM's JSON shape (expected JSON written by hand)", () => {
  assert.deepEqual(submissionJson(full), {
    "application-id": "application_1404203615263_0001",
    "application-name": "dask",
    queue: "default",
    priority: 3,
    "application-type": "TSDASK",
    "application-tags": { tag: ["a", "b"] },
    "max-app-attempts": 2,
    "keep-containers-across-application-attempts": true,
    "attempt-failures-validity-interval": 3600000,
    "app-node-label-expression": "gpu",
    "am-container-node-label-expression": "",
    "am-black-listing-requests": { "am-black-listing-enabled": true, "disable-failure-threshold": 0.5 },
    "log-aggregation-context": { "log-include-pattern": ".*", "rolled-log-exclude-pattern": "tmp" },
    "unmanaged-AM": false,
    resource: { memory: 1024, vCores: 1 },
    "am-container-spec": {
      commands: { command: "tsdask/bin/node tsdask/appmaster.js 1><LOG_DIR>/am.out" },
      "local-resources": {
        entry: [
          {
            key: "tsdask",
            value: {
              resource: "hdfs://nn:8020/u/r.tgz",
              type: "ARCHIVE",
              visibility: "PRIVATE",
              size: 43004,
              timestamp: 1405452071209,
            },
          },
        ],
      },
      environment: { entry: [{ key: "TSDASK_APP_DIR", value: "/user/u/.tsdask-yarn/apps/x" }] },
      credentials: { tokens: { entry: [{ key: "t1", value: "AAAA" }] }, secrets: { entry: [] } },
      "application-acls": { entry: [{ key: "VIEW_APP", value: "alice" }] },
    },
  });
});

test("a minimal submission leaves out every optional key", () => {
  const min = submissionJson({
    applicationId: "application_1_0002",
    name: "x",
    resource: { memoryMb: 256, vcores: 1 },
    amContainer: { command: "true" },
  });
  assert.deepEqual(Object.keys(min).sort(), [
    "am-container-spec",
    "application-id",
    "application-name",
    "resource",
    "unmanaged-AM",
  ]);
  assert.deepEqual(min["am-container-spec"], { commands: { command: "true" } });
});

test("invalid submissions fail before reaching the RM, naming what is wrong", () => {
  const bad = (patch: Partial<ApplicationSubmission>, re: RegExp) =>
    assert.throws(
      () => submissionJson({ ...full, ...patch }),
      (e: unknown) => e instanceof TsdaskError && e.code === "YARN_SUBMISSION_INVALID" && re.test(e.message),
    );
  bad({ applicationId: "app-1" }, /'app-1' is not an application id/);
  bad({ name: " " }, /name is empty/);
  bad({ resource: { memoryMb: 0, vcores: 1 } }, /0 MiB \/ 1 vcores/);
  bad({ resource: { memoryMb: 512.5, vcores: 1 } }, /512\.5 MiB/);
  bad({ amContainer: { command: "" } }, /command is empty/);
  bad(
    {
      amContainer: {
        command: "x",
        localResources: { env: { url: "hdfs://nn/e", type: "ARCHIVE", visibility: "PRIVATE", size: 0, timestamp: 5 } },
      },
    },
    /'env' \(hdfs:\/\/nn\/e\) has size 0/,
  );
});
