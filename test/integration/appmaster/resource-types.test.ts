// A resource type the cluster does not have (the local cluster has no GPUs configured): the AM
// checks the asks against the RM's resource types at register and ends the application FAILED with
// a diagnostic naming the service and the type, instead of the RM silently dropping the type.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { waitForFinish } from "../../../src/launcher/index.js";
import { cluster, killLeftovers, submitServices } from "./support.js";

after(killLeftovers);

test(
  "asking yarn.io/gpu on a cluster without it ends FAILED naming the service and the type",
  { timeout: 300_000 },
  async () => {
    let appId: string | undefined;
    try {
      const app = await submitServices("gpu", [
        "trainer:",
        "  memory: 128 MiB",
        "  resources: {yarn.io/gpu: 1}",
        "  script: sleep 600",
      ]);
      appId = app.appId;
    } catch (err) {
      // The AM may finish before submit() saw it registered: the id is in the error's message.
      appId = /application_\d+_\d+/.exec((err as Error).message)?.[0];
      if (!appId) throw err;
    }
    const end = await waitForFinish(appId, {
      timeoutMs: 120_000,
      env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir },
    });
    assert.equal(end.finalStatus, "FAILED");
    assert.match(
      end.diagnostics ?? "",
      /service 'trainer' asks for resource type 'yarn.io\/gpu', which this cluster does not have/,
    );
  },
);
