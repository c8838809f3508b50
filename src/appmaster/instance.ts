// One service instance's life in one container, as explicit phases:
//   waiting → requested → allocated → launching → running → stopping → done
// waiting: its dependencies have not run yet; requested: asked of the backend; allocated: a slot
// came; launching: start() under way; running: started; stopping: the AM asked the backend to stop
// it; done: its slot completed (result SUCCEEDED | FAILED | KILLED). moveTo() is the only way a
// phase changes and rejects every move the table below does not list, so a late event (an
// allocation after the end, a start answer after a completion) cannot bend a record backwards.
// Waiting and requested records that scale-down cancels are dropped, not moved: they held nothing.
import { TsdaskError } from "../errors.js";
import type { ContainerState } from "../control/types.js";
import type { Slot } from "./backend.js";

export type Phase = "waiting" | "requested" | "allocated" | "launching" | "running" | "stopping" | "done";

export type Result = Extract<ContainerState, "SUCCEEDED" | "FAILED" | "KILLED">;

/** The legal moves from each phase. A slot can complete at any time once allocated. */
const NEXT: Readonly<Record<Phase, readonly Phase[]>> = {
  waiting: ["requested"],
  requested: ["allocated"],
  allocated: ["launching", "stopping", "done"],
  launching: ["running", "stopping", "done"],
  running: ["stopping", "done"],
  stopping: ["done"],
  done: [],
};

export function canMove(from: Phase, to: Phase): boolean {
  return NEXT[from].includes(to);
}

/** A move the phase table does not allow: a bug in the AM, never the user's doing. */
export class IllegalTransitionError extends TsdaskError {
  constructor(instance: string, from: Phase, to: Phase) {
    super("AM_ILLEGAL_TRANSITION", `instance ${instance} cannot move from ${from} to ${to}`);
  }
}

/** Phases in which the record holds a slot the backend must eventually see completed. */
const HOLDS_SLOT: ReadonlySet<Phase> = new Set(["allocated", "launching", "running", "stopping"]);

export class InstanceRecord {
  private current: Phase;
  /** Set when allocated; kept after done (status shows where it ran, with its log link). */
  slot?: Slot;
  result?: Result;
  exitStatus?: number;
  diagnostics?: string;
  /** When the AM got the slot (not journaled: a measure, not state). */
  allocatedTime?: number;
  startTime?: number;
  finishTime?: number;

  constructor(
    readonly service: string,
    /** Stable across restarts: a restarted instance gets the lowest free index, i.e. the one it had. */
    readonly index: number,
    readonly instanceId: string,
    phase: Phase = "waiting",
  ) {
    this.current = phase;
  }

  get phase(): Phase {
    return this.current;
  }

  /** The one transition function: every phase change goes through here. */
  moveTo(to: Phase): void {
    if (!canMove(this.current, to)) throw new IllegalTransitionError(this.instanceId, this.current, to);
    this.current = to;
  }

  /** Not done: counts towards the service until its slot completed. */
  get live(): boolean {
    return this.current !== "done";
  }

  /** Live and not being stopped: counts towards the desired number. */
  get active(): boolean {
    return this.current !== "done" && this.current !== "stopping";
  }

  get holdsSlot(): boolean {
    return HOLDS_SLOT.has(this.current);
  }

  get containerId(): string | undefined {
    return this.slot?.id;
  }

  /** The state the control API shows (a stopping record keeps showing what it was until it ends). */
  get state(): ContainerState {
    switch (this.current) {
      case "waiting":
        return "WAITING";
      case "requested":
      case "allocated":
      case "launching":
        return "REQUESTED";
      case "running":
        return "RUNNING";
      case "stopping":
        return this.startTime !== undefined ? "RUNNING" : "REQUESTED";
      case "done":
        return this.result ?? "KILLED";
    }
  }
}
