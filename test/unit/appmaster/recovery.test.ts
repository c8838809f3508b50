// Recovery details beyond the round trip in launch.test.ts: journaled containers the RM reports only
// after register (RM restart, docs/design.md §3), and the check of asked resource types against the RM's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { journalOf } from "../../../src/appmaster/journal.js";
import { AppModel } from "../../../src/appmaster/model.js";
import { adoptLate, recover } from "../../../src/appmaster/recovery.js";
import { unknownResourceTypes } from "../../../src/appmaster/wants.js";
import { KeyValueStore } from "../../../src/appmaster/control/index.js";
import { appSpec, launched, service, slot } from "./support.js";

const APP = "application_1700000000000_0007";

async function recoveredWithout(late: number[]) {
  const m = new AppModel(appSpec({ w: service({ instances: 3 }) }));
  m.reconcile();
  const svc = m.service("w");
  const cs = [0, 1, 2].map(() => slot(svc.name));
  for (const c of cs) launched(m, c, 100);
  const text = JSON.stringify(journalOf(m, APP, 1, new KeyValueStore().snapshot(), 200));
  const m2 = new AppModel(appSpec({ w: service({ instances: 3 }) }));
  const config = { appId: APP } as Parameters<typeof recover>[1];
  const handedBack = cs.filter((_, i) => !late.includes(i));
  const r = await recover(
    { readJournal: async () => text, writeJournal: async () => {} },
    config,
    m2,
    new KeyValueStore(),
    handedBack,
  );
  return { m2, cs, r };
}

test("recovery: a journaled container missing at register is kept as unclaimed and adopted when it shows up", async () => {
  const { m2, cs, r } = await recoveredWithout([1]);
  assert.deepEqual([r.adopted, r.lost, [...r.unclaimed.keys()]], [2, 1, [cs[1]!.id]]);
  m2.reconcile();
  const w = m2.service("w");
  assert.equal(m2.outstanding(w), 1, "meanwhile w_1 is asked for again");
  assert.equal(adoptLate(m2, r.unclaimed.get(cs[1]!.id)!, cs[1]!), true);
  assert.equal(m2.outstanding(w), 0, "the replacement ask is dropped");
  assert.equal(m2.recordOf(cs[1]!.id)?.instanceId, "w_1");
  assert.deepEqual(w.records.map((x) => [x.instanceId, x.state]).sort(), [
    ["w_0", "RUNNING"],
    ["w_1", "RUNNING"],
    ["w_2", "RUNNING"],
  ]);
  assert.deepEqual(m2.reconcile(), [], "nothing to stop: exactly the desired count");
});

test("recovery: too late when the instance already has a new container: the old one is to be released", async () => {
  const { m2, cs, r } = await recoveredWithout([2]);
  m2.reconcile();
  const w = m2.service("w");
  const replacement = slot(w.name);
  m2.assign(replacement);
  assert.equal(adoptLate(m2, r.unclaimed.get(cs[2]!.id)!, cs[2]!), false);
  assert.equal(m2.recordOf(cs[2]!.id), undefined);
});

test("resource types: an unknown one is named with the service; known ones and old RMs pass", () => {
  const m = new AppModel(appSpec({ a: service(), g: service({ resources: { "yarn.io/gpu": 1 } }) }));
  assert.equal(unknownResourceTypes(m.services.values(), ["memory-mb", "vcores", "yarn.io/gpu"]), undefined);
  assert.equal(unknownResourceTypes(m.services.values(), []), undefined);
  assert.equal(
    unknownResourceTypes(m.services.values(), ["memory-mb", "vcores"]),
    "service 'g' asks for resource type 'yarn.io/gpu', which this cluster does not have (it has memory-mb, vcores)",
  );
});
