// Where the aggregated logs of an application are, from yarn-site settings. The expected paths
// are the ones the real cluster wrote (test/fixtures/aggregated-logs/README.md) and Hadoop's
// documented defaults.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HadoopConfiguration, logAggregationDirs, remoteAppLogDirs } from "../../../src/hadoop-conf/index.js";

test("defaults: TFile under /tmp/logs with the suffix logs-tfile, bucketed, then the older layout", () => {
  const [d, ...rest] = logAggregationDirs(new HadoopConfiguration({}));
  assert.deepEqual(rest, []);
  assert.deepEqual(d, { controller: "TFile", remoteDir: "/tmp/logs", suffix: "logs-tfile" });
  assert.deepEqual(remoteAppLogDirs(d, "root", "application_1795691412097_0001"), [
    "/tmp/logs/root/bucket-logs-tfile/0001/application_1795691412097_0001",
    "/tmp/logs/root/logs-tfile/application_1795691412097_0001",
  ]);
  // The bucket is the sequence number modulo 10000, four digits.
  assert.equal(
    remoteAppLogDirs(d, "u", "application_1_123456")[0],
    "/tmp/logs/u/bucket-logs-tfile/3456/application_1_123456",
  );
});

test("file-formats in order; per-controller dir and suffix win; a scheme and authority are dropped", () => {
  const conf = new HadoopConfiguration({})
    .set("yarn.log-aggregation.file-formats", "IndexedFormat, TFile")
    .set("yarn.nodemanager.remote-app-log-dir", "hdfs://nn.example.com:8020/app-logs/")
    .set("yarn.nodemanager.remote-app-log-dir-suffix", "agg")
    .set("yarn.log-aggregation.TFile.remote-app-log-dir-suffix", "tf");
  assert.deepEqual(logAggregationDirs(conf), [
    { controller: "IndexedFormat", remoteDir: "hdfs://nn.example.com:8020/app-logs", suffix: "agg-indexedformat" },
    { controller: "TFile", remoteDir: "hdfs://nn.example.com:8020/app-logs", suffix: "tf" },
  ]);
  assert.equal(
    remoteAppLogDirs(logAggregationDirs(conf)[0]!, "alice", "application_5_0002")[0],
    "/app-logs/alice/bucket-agg-indexedformat/0002/application_5_0002",
  );
});
