// The queue's capacity from the CapacityScheduler's JSON (shape as Hadoop 3.4's RM serves it) and
// the warning for a request larger than the queue can ever give.
import assert from "node:assert/strict";
import { test } from "node:test";
import { capacityWarning, findQueueCapacity, totalRequest } from "../../../src/launcher/capacity.js";
import { appSpec, service } from "../appmaster/support.js";

const SCHEDULER = {
  type: "capacityScheduler",
  queueName: "root",
  queues: {
    queue: [
      {
        type: "capacitySchedulerLeafQueueInfo",
        queuePath: "root.default",
        queueName: "default",
        resourcesUsed: { memory: 6144, vCores: 6 },
        maxEffectiveCapacity: { memory: 8192, vCores: 8 },
      },
      {
        queuePath: "root.eng",
        queueName: "eng",
        queues: {
          queue: {
            queuePath: "root.eng.batch",
            queueName: "batch",
            resourcesUsed: { memory: 0, vCores: 0 },
            maxEffectiveCapacity: { memory: 4096, vCores: 4 },
          },
        },
      },
    ],
  },
};

test("findQueueCapacity: leaf queues by name or path, nested ones too; others undefined", () => {
  assert.deepEqual(findQueueCapacity(SCHEDULER, "default"), {
    queue: "default",
    maximum: { memoryMiB: 8192, vcores: 8 },
    used: { memoryMiB: 6144, vcores: 6 },
  });
  assert.equal(findQueueCapacity(SCHEDULER, "root.eng.batch")?.maximum.memoryMiB, 4096);
  assert.equal(findQueueCapacity(SCHEDULER, "nope"), undefined);
  assert.equal(findQueueCapacity({ type: "fifoScheduler" }, "default"), undefined);
});

test("capacityWarning: the whole request (AM + every instance) against the queue's maximum", () => {
  const spec = appSpec({ w: service({ instances: 20, memoryMiB: 1024, vcores: 1 }), s: service({ memoryMiB: 512 }) });
  assert.deepEqual(totalRequest(spec), { memoryMiB: 256 + 20 * 1024 + 512, vcores: 1 + 20 + 1 });
  const cap = findQueueCapacity(SCHEDULER, "default")!;
  assert.equal(
    capacityWarning(spec, cap),
    "the application asks for 21248 MiB of memory (8192 MiB) and 22 vcores (8) in all, more than queue 'default' can " +
      "ever give (its maximum in brackets): some containers will wait until others end, and a script runs with the workers that fit",
  );
  assert.equal(
    capacityWarning(appSpec({ w: service({ instances: 2 }) }), cap),
    undefined,
    "fits, however full the queue is now",
  );
});
