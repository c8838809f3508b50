// What the AM does with the backend's news about slots: match an allocated slot to an instance and
// launch it (or release it), adopt or release a previous attempt's slot reported late, and apply a
// completion to the model (restart policy, the application's outcome). Backend-neutral.
import { CLIENT_STARTED_KEY } from "../control/script-exit.js";
import type { ContainerBackend, Slot } from "./backend.js";
import type { KeyValueStore } from "./control/index.js";
import { EXIT } from "./exit-status.js";
import type { JournalContainer } from "./journal.js";
import { launchDescription } from "./launch-context.js";
import type { AppModel, InstanceRecord } from "./model.js";
import { outcomeOf, type Outcome } from "./outcome.js";
import { adoptLate } from "./recovery.js";
import type { LaunchResources } from "./resources.js";

export interface SlotEventsDeps {
  readonly model: AppModel;
  readonly backend: Pick<ContainerBackend, "start" | "release">;
  readonly kv: KeyValueStore;
  readonly log: (line: string) => void;
  readonly resources: () => LaunchResources;
  /** The application's outcome is set: nothing new is launched. */
  ended(): boolean;
  end(outcome: Outcome | undefined): void;
  /** Journal and wake the loop. */
  changed(): void;
  /** Keep a launch in flight (shutdown waits for it, bounded). */
  track(p: Promise<void>): void;
}

export class SlotEvents {
  /** Journaled slots not handed back at register: they may still come in a later sync. */
  unclaimed = new Map<string, JournalContainer>();

  constructor(private readonly d: SlotEventsDeps) {}

  allocated(slot: Slot): void {
    const rec = this.d.ended() ? undefined : this.d.model.assign(slot);
    if (!rec) {
      const why = this.d.ended() ? "the application is ending" : "no instance of its service is waiting";
      this.d.log(`releasing container ${slot.id} (for ${slot.service ?? "no service"}): ${why}`);
      this.d.backend.release(slot.id);
      return;
    }
    this.d.track(this.launch(rec, slot));
  }

  /**
   * A slot from a previous attempt reported after register (YARN: the RM restarted, docs/design.md §3):
   * ours already, a journaled one to adopt now, or one nobody knows, released.
   */
  previous(slot: Slot): void {
    if (this.d.model.recordOf(slot.id)) return;
    const jc = this.unclaimed.get(slot.id);
    this.unclaimed.delete(slot.id);
    if (jc && !this.d.ended() && adoptLate(this.d.model, jc, slot)) {
      this.d.log(`adopted ${jc.service}_${jc.index} in ${slot.id}, reported late`);
      this.d.changed();
      return;
    }
    this.d.log(`releasing ${slot.id} from a previous attempt: no instance of ours is waiting for it`);
    this.d.backend.release(slot.id);
  }

  completed(slotId: string, exitStatus: number, diagnostics: string): void {
    const ev = this.d.model.completed(slotId, exitStatus, diagnostics, Date.now());
    if (!ev) return;
    const how = ev.restarted ? "; restarting" : "";
    this.d.log(`${ev.record.instanceId} (${slotId}) ${ev.completion.state}: ${ev.completion.reason}${how}`);
    this.d.end(outcomeOf(this.d.model, ev, (id) => this.d.kv.get(CLIENT_STARTED_KEY) === id));
  }

  /** A start that fails (or is no longer wanted) ends the instance and gives the slot back. */
  private async launch(rec: InstanceRecord, slot: Slot): Promise<void> {
    const { model, log } = this.d;
    model.launching(rec);
    try {
      const svc = model.service(rec.service);
      const inputs = await this.d.resources().forService(rec.service);
      // Stopped (scale-down, shutdown) while the inputs were read: not worth starting.
      if (rec.phase !== "launching") throw new Error("stopped before it started");
      await this.d.backend.start(slot, launchDescription(rec.service, svc.spec, rec.instanceId, inputs));
      model.started(rec, Date.now());
      log(`started ${rec.instanceId} in ${slot.id} on ${slot.host}`);
    } catch (err) {
      log(`could not start ${rec.instanceId} in ${slot.id}: ${(err as Error).message}`);
      this.completed(slot.id, EXIT.INVALID, `could not be started: ${(err as Error).message}`);
      this.d.backend.release(slot.id);
    }
    this.d.changed();
  }
}
