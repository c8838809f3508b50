// The conf dir `cluster/hadoop up` wrote resolves to the addresses the running cluster uses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterAddresses } from "../../../src/hadoop-conf/index.js";
import { ResourceManagerClient } from "../../../src/yarn-rest/index.js";
import { WebHdfsClient } from "../../../src/webhdfs/index.js";
import { localCluster } from "../../support/cluster.js";

test("HADOOP_CONF_DIR of the local cluster resolves to its live RM and NameNode", async () => {
  const c = localCluster();
  const a = clusterAddresses({ env: { HADOOP_CONF_DIR: c.confDir } });
  assert.deepEqual(
    a.resourceManagers.map((r) => r.webUrl),
    [c.rmWeb],
  );
  assert.equal(a.resourceManagers[0]!.schedulerAddress, "127.0.0.1:8030");
  assert.deepEqual(
    a.nameNodes.map((n) => n.webUrl),
    [c.nnWeb],
  );
  assert.equal(a.defaultFS, c.defaultFS);
  assert.deepEqual(a.rpcProtection, [c.options.rpcProtection]);
  assert.equal(a.securityEnabled, false);
  // And they answer: the addresses are not only well-formed but right.
  assert.equal((await ResourceManagerClient.fromAddresses(a, { user: c.user }).clusterInfo()).state, "STARTED");
  assert.equal(await WebHdfsClient.fromAddresses(a, { user: c.user }).homeDirectory(), `/user/${c.user}`);
});
