import type { SpecErrorCode } from "../error-codes.js";
import { TsdaskError } from "../errors.js";
import type { ValueSource } from "./types.js";

/** Stable codes of spec errors (all of kind "input": the CLI exits 2); the list is in error-codes.ts. */
export type { SpecErrorCode };

export function formatSource(s: ValueSource): string {
  const pos = s.file ? `${s.file}${s.line ? `:${s.line}:${s.col ?? 1}` : ""}` : "";
  switch (s.kind) {
    case "default":
      return pos ? `default (${pos})` : "default";
    case "config":
    case "spec":
      return pos;
    case "env":
      return `env ${s.name ?? "?"}`;
    case "flag":
      return `flag ${s.name ?? "?"}`;
    case "script":
      return "submit SCRIPT";
  }
}

/**
 * Every spec problem. The message starts with the key path and ends with where the value came
 * from ("at spec.yaml:4:11", "from env TSDASK_YARN_QUEUE"), so users can find it; `hint` says what to do.
 */
export class SpecError extends TsdaskError {
  constructor(
    override readonly code: SpecErrorCode,
    /** Display key, e.g. "worker.memory" ("" for the document as a whole). */
    readonly key: string,
    readonly problem: string,
    readonly source?: ValueSource,
    hint?: string,
    options?: { cause?: unknown },
  ) {
    super(code, SpecError.compose(key, problem, source, hint), hint, options);
  }

  private static compose(key: string, problem: string, source?: ValueSource, hint?: string): string {
    let where = "";
    if (source?.file) where = ` (at ${source.file}${source.line ? `:${source.line}:${source.col ?? 1}` : ""})`;
    else if (source) where = ` (from ${formatSource(source)})`;
    return `${key ? `${key}: ` : ""}${problem}${where}${hint ? `. ${hint}` : ""}`;
  }
}
