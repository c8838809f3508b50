// Recovery on AM attempt > 1: the backend kept the slots (YARN: keep-containers-across-application-
// attempts) and hands them back at register; the journal says which instance each one is. Running
// workers stay up and connected, and the key-value store (the scheduler's address) is intact.
import type { Slot } from "./backend.js";
import type { KeyValueStore } from "./control/index.js";
import type { AmIdentity, StagingFs } from "./deps.js";
import { applyJournalCounts, parseJournal, type JournalContainer } from "./journal.js";
import type { AppModel } from "./model.js";

/** Reading and writing <staging>/journal.json. */
export type JournalFs = Pick<StagingFs, "readJournal" | "writeJournal">;

export interface RecoveryResult {
  readonly adopted: number;
  /** Journaled slots the backend did not hand back (their node was lost, or they ended meanwhile). */
  readonly lost: number;
  /** Slot ids the backend handed back that the journal does not know (started after its last write). */
  readonly release: string[];
  /**
   * Journaled containers the RM did not hand back at register, by container id. After an RM restart
   * some arrive later, in allocate responses (docs/design.md §3, Recovery): adoptLate() takes them then.
   */
  readonly unclaimed: Map<string, JournalContainer>;
}

/**
 * Applies the journal to a fresh model and adopts the containers the RM handed back. Lost ones are
 * simply not adopted: reconcile() asks for replacements under the same instance ids.
 */
export async function recover(
  fs: JournalFs,
  identity: Pick<AmIdentity, "appId">,
  model: AppModel,
  kv: KeyValueStore,
  previous: readonly Slot[],
): Promise<RecoveryResult> {
  const text = await fs.readJournal();
  const journal = text === undefined ? undefined : parseJournal(text, identity.appId);
  const byId = new Map(previous.map((s) => [s.id, s]));
  let adopted = 0;
  let lost = 0;
  const unclaimed = new Map<string, JournalContainer>();
  if (journal) {
    applyJournalCounts(model, journal);
    kv.restore(journal.kv);
    for (const jc of journal.containers) {
      const c = byId.get(jc.containerId);
      if (c && model.services.has(jc.service)) {
        model.adopt(jc.service, jc.index, c, jc.startTime);
        byId.delete(jc.containerId);
        adopted++;
      } else {
        lost++;
        unclaimed.set(jc.containerId, jc);
      }
    }
  }
  return { adopted, lost, release: [...byId.keys()], unclaimed };
}

/**
 * A journaled container that turned up after register. Adopted unless its instance already has a
 * container again (a replacement was allocated meanwhile); a replacement still only asked for is
 * dropped instead, so the ask shrinks. Returns false when the caller should release the container.
 */
export function adoptLate(model: AppModel, jc: JournalContainer, slot: Slot): boolean {
  const svc = model.services.get(jc.service);
  if (!svc) return false;
  const same = svc.records.filter((r) => r.active && r.index === jc.index);
  if (same.some((r) => r.holdsSlot)) return false;
  for (const r of same) svc.records.splice(svc.records.indexOf(r), 1);
  model.adopt(jc.service, jc.index, slot, jc.startTime);
  return true;
}
