// A ContainerBackend driven by the test: every call is recorded in order (one event log for the
// whole AM: backend calls, staging-fs deletes, journal writes), sync() answers with what the test
// queued (empty otherwise) or, when held, waits until the test lets it go. Stops complete the slot
// at the next sync, as a NodeManager's stop does. With the AM's deps around it for AppMaster tests.
import type * as B from "../../../src/appmaster/backend.js";
import { AppMaster } from "../../../src/appmaster/app-master.js";
import { KeyValueStore } from "../../../src/appmaster/control/index.js";
import type { AppMasterDeps, StagingFs } from "../../../src/appmaster/deps.js";
import { EXIT } from "../../../src/appmaster/exit-status.js";
import type { FinalStatus } from "../../../src/control/types.js";
import type { ApplicationSpec } from "../../../src/spec/types.js";

const EMPTY: B.SyncResult = { allocated: [], completed: [], previous: [], nodes: [], owes: false };

export class ScriptedBackend implements B.ContainerBackend {
  readonly events: string[] = [];
  readonly wants: (readonly B.Wanted[])[] = [];
  readonly launches = new Map<string, B.LaunchDescription>();
  registration: B.Registration = { queue: "default", resourceTypes: [], previous: [] };
  /** start() of these slot ids rejects with the message. */
  readonly failStart = new Map<string, string>();
  private readonly queue: Partial<B.SyncResult>[] = [];
  private readonly stopped: string[] = [];
  private gate?: { opened: Promise<void>; open: () => void };
  private readonly gates: (() => void)[] = [];
  private entered?: () => void;

  /** Answer of a later sync (in order). */
  next(r: Partial<B.SyncResult>): void {
    this.queue.push(r);
  }

  /** The next sync waits (the AM is blocked in it) until open(); resolves once the AM is in it. */
  hold(): { inSync: Promise<void>; open: () => void } {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    this.gate = { opened, open };
    this.gates.push(open);
    const inSync = new Promise<void>((r) => (this.entered = r));
    return { inSync, open };
  }

  async register(am: B.AmEndpoint): Promise<B.Registration> {
    this.events.push(`register ${am.host}:${am.port}`);
    return this.registration;
  }

  async sync(wanted: readonly B.Wanted[]): Promise<B.SyncResult> {
    this.wants.push(wanted);
    const gate = this.gate;
    if (gate) {
      this.gate = undefined;
      this.entered?.();
      await gate.opened;
    }
    const completed = this.stopped
      .splice(0)
      .map((slotId) => ({ slotId, exitStatus: EXIT.KILLED_BY_APPMASTER, diagnostics: "" }));
    const r = { ...EMPTY, ...this.queue.shift() };
    return { ...r, completed: [...r.completed, ...completed] };
  }

  async start(slot: B.Slot, launch: B.LaunchDescription): Promise<void> {
    this.events.push(`start ${slot.id}`);
    const failure = this.failStart.get(slot.id);
    if (failure) throw new Error(failure);
    this.launches.set(slot.id, launch);
  }

  async stop(slot: B.Slot): Promise<void> {
    this.events.push(`stop ${slot.id}`);
    this.stopped.push(slot.id);
  }

  release(slotId: string): void {
    this.events.push(`release ${slotId}`);
  }

  async finish(status: FinalStatus, diagnostics: string): Promise<boolean> {
    this.events.push(`finish ${status}: ${diagnostics}`);
    return true;
  }

  close(): void {
    this.events.push("close");
  }

  /** Lets every held sync go (test cleanup). */
  openAll(): void {
    this.gate = undefined;
    for (const open of this.gates.splice(0)) open();
  }

  /** The last want the AM sent for a service. */
  wanted(service: string): number | undefined {
    return this.wants.at(-1)?.find((w) => w.service === service)?.count;
  }
}

/** An in-memory staging dir whose journal reads can be held, logging into the backend's events. */
export function memoryStaging(events: string[], journal?: string) {
  let text = journal;
  let readGate: Promise<void> | undefined;
  let openReads = (): void => {};
  let writeGate: Promise<void> | undefined;
  let writes = 0;
  const fs: StagingFs = {
    stat: async () => ({ length: 10, modificationTime: 20 }),
    delete: async (p) => (events.push(`delete ${p}`), true),
    readJournal: async () => {
      await readGate;
      return text;
    },
    writeJournal: async (t) => {
      events.push("journal");
      writes++;
      await writeGate; // the text lands only when the write ends, as on HDFS
      text = t;
    },
  };
  return {
    fs,
    journal: () => (text === undefined ? undefined : JSON.parse(text)),
    /** Holds journal reads until the returned function is called. */
    holdReads: (): (() => void) => {
      readGate = new Promise((r) => (openReads = r));
      return openReads;
    },
    openReads: () => openReads(),
    /** Holds journal writes (they land when the returned function is called). */
    holdWrites: (): (() => void) => {
      let open = (): void => {};
      writeGate = new Promise((r) => (open = r));
      return () => {
        writeGate = undefined;
        open();
      };
    },
    writes: () => writes,
  };
}

export const APP_ID = "application_1700000000000_0007";
export const STAGING = `/user/u/.tsdask-yarn/apps/${APP_ID}`;

/** An AppMaster on a scripted backend with fast timings; `lines` collects its log. */
export function scriptedAm(
  spec: ApplicationSpec,
  o: { attempt?: number; journal?: string; readyWaitMs?: number } = {},
) {
  const backend = new ScriptedBackend();
  const staging = memoryStaging(backend.events, o.journal);
  const lines: string[] = [];
  const attempt = o.attempt ?? 1;
  const deps: AppMasterDeps = {
    identity: {
      appId: APP_ID,
      attempt,
      attemptIdText: `appattempt_1700000000000_0007_00000${attempt}`,
      user: "u",
      stagingDir: STAGING,
      runtime: { path: "/user/u/.tsdask-yarn/cache/a/tsdask.tar.gz", size: 1, timestamp: 2 },
    },
    spec,
    secret: "s3cret",
    backend,
    fs: staging.fs,
    kv: new KeyValueStore(),
    log: (l) => lines.push(l),
    timing: { eagerMs: 2, idleMs: 5, stopGraceMs: 2_000, journalDelayMs: 5, readyWaitMs: o.readyWaitMs ?? 5_000 },
  };
  const am = new AppMaster(deps);
  const h = { am, backend, staging, lines, deps };
  live.add(h);
  return h;
}

const live = new Set<{ am: AppMaster; backend: ScriptedBackend; staging: ReturnType<typeof memoryStaging> }>();
const runs = new Map<AppMaster, Promise<number>>();

/** Runs the AM as main.ts does (the control server's address faked). */
export function run(am: AppMaster): Promise<number> {
  const code = am.run({ host: "am-host", port: 4242, url: "http://am-host:4242" });
  runs.set(am, code);
  void code.finally(() => runs.delete(am));
  return code;
}

/**
 * After each test (passed or failed): ends every AM still running, so a failed assertion cannot
 * leave an AM loop keeping the test process alive. Bounded: 5 s per AM.
 */
export async function stopAll(): Promise<void> {
  for (const h of live) {
    h.backend.openAll();
    h.staging.openReads();
    if (runs.has(h.am)) {
      await h.am.handlers.shutdown("KILLED", "test cleanup");
      await until("the AM to end after the test", () => !runs.has(h.am), 5_000);
    }
  }
  live.clear();
}

/** Waits until `ok()` holds, polling; fails naming `what` after `ms`. */
export async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
