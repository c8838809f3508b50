// What submit reports while it works, for the CLI's progress display (or plain lines when not a
// TTY) and for tests that check what was uploaded. Reporting is one-way: a throwing listener is
// the caller's bug and is not allowed to break a submission half-way (see emitter()).
import type { ApplicationState, Resource } from "../yarn-rest/index.js";

/** What an upload is for: the Python environment, the AM runtime, or a service's file. */
export type UploadKind = "environment" | "runtime" | "file";

export type SubmitEvent =
  | { readonly kind: "new-application"; readonly appId: string; readonly maximum: Resource }
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
  | { readonly kind: "cleanup"; readonly appId: string; readonly reason: string };

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
