// Recovery on AM attempt > 1: the RM kept the containers (keep-containers-across-application-
// attempts) and hands them back at register; the journal says which instance each one is. Running
// workers stay up and connected, and the key-value store (the scheduler's address) is intact.
import { containerIdToString, type Container, type ContainerId } from "../hadoop-rpc/index.js";
import type { KeyValueStore } from "./control/index.js";
import type { AmConfig } from "./config.js";
import { applyJournalCounts, parseJournal, type JournalContainer } from "./journal.js";
import { isActive, type AppModel } from "./model.js";

/** Reading and writing <staging>/journal.json. */
export interface JournalFs {
  /** The journal's text, or undefined when there is none. */
  readJournal(): Promise<string | undefined>;
  writeJournal(text: string): Promise<void>;
}

export interface RecoveryResult {
  readonly adopted: number;
  /** Journaled containers the RM did not hand back (their node was lost, or they ended meanwhile). */
  readonly lost: number;
  /** Containers the RM handed back that the journal does not know (started after its last write). */
  readonly release: ContainerId[];
  /**
   * Journaled containers the RM did not hand back at register, by container id. After an RM restart
   * some arrive later, in allocate responses (notes §5.4): adoptLate() takes them then.
   */
  readonly unclaimed: Map<string, JournalContainer>;
}

/**
 * Applies the journal to a fresh model and adopts the containers the RM handed back. Lost ones are
 * simply not adopted: reconcile() asks for replacements under the same instance ids.
 */
export async function recover(
  fs: JournalFs,
  config: AmConfig,
  model: AppModel,
  kv: KeyValueStore,
  previous: readonly Container[],
): Promise<RecoveryResult> {
  const text = await fs.readJournal();
  const journal = text === undefined ? undefined : parseJournal(text, config.appId);
  const byId = new Map(previous.map((c) => [containerIdToString(c.id), c]));
  let adopted = 0;
  let lost = 0;
  const unclaimed = new Map<string, JournalContainer>();
  if (journal) {
    applyJournalCounts(model, journal);
    kv.restore(journal.kv);
    for (const jc of journal.containers) {
      const c = byId.get(jc.containerId);
      if (c && model.services.has(jc.service)) {
        model.adopt(jc.service, jc.index, c, jc.containerId, jc.startTime);
        byId.delete(jc.containerId);
        adopted++;
      } else {
        lost++;
        unclaimed.set(jc.containerId, jc);
      }
    }
  }
  return { adopted, lost, release: [...byId.values()].map((c) => c.id), unclaimed };
}

/**
 * A journaled container that turned up after register. Adopted unless its instance already has a
 * container again (a replacement was allocated meanwhile); a replacement still only asked for is
 * dropped instead, so the ask shrinks. Returns false when the caller should release the container.
 */
export function adoptLate(model: AppModel, jc: JournalContainer, container: Container): boolean {
  const svc = model.services.get(jc.service);
  if (!svc) return false;
  const slot = svc.records.filter((r) => isActive(r) && r.index === jc.index);
  if (slot.some((r) => r.container)) return false;
  for (const r of slot) svc.records.splice(svc.records.indexOf(r), 1);
  model.adopt(jc.service, jc.index, container, jc.containerId, jc.startTime);
  return true;
}
