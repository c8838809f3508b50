// What the AM core (AppMaster) is built from, besides its ContainerBackend: who it is, where its
// staging dir is and how to read and write it, the key-value store the control API shares, a log.
// main.ts composes these for YARN (env, WebHDFS); another entry (local mode) composes its own.
import type { ApplicationSpec } from "../spec/types.js";
import type { ContainerBackend } from "./backend.js";
import type { KeyValueStore } from "./control/index.js";
import type { StagedFile } from "../control/runtime.js";
import type { CredentialsStatus } from "../control/types.js";

export type { StagedFile };

/** The facts about this application and AM attempt the core needs (AmConfig has them for YARN). */
export interface AmIdentity {
  readonly appId: string;
  /** 1 for the first attempt; > 1 makes the AM recover from the journal and previous slots. */
  readonly attempt: number;
  readonly attemptIdText: string;
  readonly user: string;
  /** The application's staging dir in the staging fs: spec, secret, files, journal. */
  readonly stagingDir: string;
  /** The runtime (node + bundles) and environment archives every container localizes. */
  readonly runtime: StagedFile;
  readonly environment?: StagedFile;
}

/** The staging dir's filesystem (WebHDFS on YARN; a local directory in local mode). */
export interface StagingFs {
  stat(path: string): Promise<{ length: number; modificationTime: number }>;
  delete(path: string, recursive?: boolean): Promise<boolean>;
  /** The journal's text, or undefined when there is none. */
  readJournal(): Promise<string | undefined>;
  writeJournal(text: string): Promise<void>;
}

/** Intervals of the AM loop; tests shorten them. */
export interface AmTiming {
  /** Sync interval while the backend owes slots or launches run. */
  readonly eagerMs: number;
  /** Sync interval when nothing is pending. */
  readonly idleMs: number;
  /** Bound on stopping containers at shutdown (the backend cleans up what is left after finish). */
  readonly stopGraceMs: number;
  /** Debounce of journal writes. */
  readonly journalDelayMs: number;
  /** How long a scale arriving while the AM registers or recovers waits for it before it is refused. */
  readonly readyWaitMs: number;
}

export const DEFAULT_TIMING: AmTiming = {
  eagerMs: 200,
  idleMs: 3_000,
  stopGraceMs: 15_000,
  journalDelayMs: 1_000,
  readyWaitMs: 60_000,
};

/** The application's delegation tokens on a Kerberized cluster (yarn/app-tokens.ts). */
export interface CredentialsKeeper {
  /** Replaces tokens by alias; throws a TsdaskError for one that does not decode. */
  refresh(
    tokens: Readonly<Record<string, string>>,
    expiries: Readonly<Record<string, number>>,
    source: "refresh" | "keytab",
  ): void;
  status(now?: number): CredentialsStatus | undefined;
  /** Starts (stop(): ends) the probe that notices the first refusal once the tokens ended. */
  start(): void;
  stop(): void;
}

export interface AppMasterDeps {
  readonly identity: AmIdentity;
  readonly spec: ApplicationSpec;
  /** The application secret: control API bearer, dask scheduler API key. */
  readonly secret: string;
  readonly backend: ContainerBackend;
  readonly fs: StagingFs;
  readonly kv: KeyValueStore;
  readonly log: (line: string) => void;
  readonly timing?: Partial<AmTiming>;
  /** Absent on a simple-auth cluster (no tokens) and in local mode. */
  readonly tokens?: CredentialsKeeper;
}
