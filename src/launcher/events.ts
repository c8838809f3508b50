// What submit reports while it works, for the CLI's progress display (or plain lines when not a
// TTY) and for tests that check what was uploaded. Reporting is one-way: a throwing listener is
// the caller's bug and is not allowed to break a submission half-way (see emitter()).
import type { RuntimeInfo } from "../spec/index.js";
import type { ApplicationState, Resource } from "../yarn-rest/index.js";

/** What an upload is for: the Python environment, the AM runtime, or a service's file. */
export type UploadKind = "environment" | "runtime" | "file";

export type SubmitEvent =
  | { readonly kind: "new-application"; readonly appId: string; readonly maximum: Resource }
  /** The Node the AM and the service wrappers will run on (runtime setting, chosen for the nodes). */
  | { readonly kind: "runtime-chosen"; readonly info: RuntimeInfo }
  | { readonly kind: "runtime-archive"; readonly path: string; readonly packed: boolean; readonly packMs: number }
  | {
      readonly kind: "upload-progress";
      readonly what: UploadKind;
      readonly name: string;
      readonly sent: number;
      readonly total: number | undefined;
    }
  | {
      readonly kind: "uploaded";
      readonly what: UploadKind;
      readonly name: string;
      /** Absolute HDFS path of the cache entry or staged file. */
      readonly path: string;
      /** False: the cache already held it and nothing was transferred. */
      readonly transferred: boolean;
      readonly bytes: number;
      readonly ms: number;
    }
  /** The whole request exceeds what the queue can ever give; sent before any upload. */
  | { readonly kind: "capacity-warning"; readonly appId: string; readonly message: string }
  | { readonly kind: "staged"; readonly stagingDir: string }
  | { readonly kind: "submitted"; readonly appId: string }
  | { readonly kind: "state"; readonly appId: string; readonly state: ApplicationState }
  | { readonly kind: "registered"; readonly appId: string; readonly controlUrl: string }
  | { readonly kind: "cleanup"; readonly appId: string; readonly reason: string }
  /** Partial uploads older than a day, removed from the cache before this submit's upload. */
  | { readonly kind: "partials-removed"; readonly paths: readonly string[]; readonly bytes: number }
  /** Staging directories of the user's ended applications, removed before this submit staged (staging-sweep.ts). */
  | { readonly kind: "staging-swept"; readonly paths: readonly string[] }
  /** Something a failed or interrupted submit could not remove, and how to remove it later. */
  | { readonly kind: "left-behind"; readonly leftover: Leftover }
  /** The cleanup after a failure is over; `leftBehind` lists what it could not remove. */
  | { readonly kind: "cleaned"; readonly appId: string; readonly leftBehind: readonly Leftover[] };

export interface Leftover {
  /** What it is, e.g. "partial upload (128.0 MiB)" or "staging directory". */
  readonly what: string;
  /** HDFS path or application id. */
  readonly where: string;
  readonly reason: string;
  /** The command that removes it. */
  readonly remedy: string;
}

export type SubmitListener = (event: SubmitEvent) => void;

/** Wraps a listener so that its exceptions never escape into the submission. */
export function emitter(listener: SubmitListener | undefined): SubmitListener {
  return (event) => {
    try {
      listener?.(event);
    } catch {
      // A broken progress display must not leave a half-submitted application behind.
    }
  };
}
