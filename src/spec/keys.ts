// Looking up a key in a section, shared by the YAML and the dotted (env, flags) readers.
import { SpecError } from "./errors.js";
import { canonicalKey, envReachablePaths, type Kind, type SectionKind } from "./schema.js";
import { closest } from "./suggest.js";
import type { ValueSource } from "./types.js";

/** The canonical key and its kind, or a SPEC_UNKNOWN_KEY error with a suggestion. */
export function fieldOf(
  section: SectionKind,
  written: string,
  path: readonly string[],
  source: ValueSource,
): [string, Kind] {
  // Own properties only: `constructor` or `toString` must not find Object.prototype's.
  for (const key of [written, canonicalKey(written)]) {
    const kind = Object.hasOwn(section.fields, key) ? section.fields[key] : undefined;
    if (kind !== undefined) return [key, kind];
  }
  throw unknownKey(section, written, path, source);
}

function unknownKey(section: SectionKind, written: string, path: readonly string[], source: ValueSource): SpecError {
  const full = [...path, written].join(".");
  const prefix = path.length ? path.join(".") + "." : "";
  const sibling = closest(canonicalKey(written), Object.keys(section.fields));
  let hint: string | undefined;
  if (sibling) hint = `did you mean '${prefix}${sibling}'?`;
  else if (path.length === 0 && written === "yarn") {
    hint = "dask-yarn's 'yarn:' prefix is not used here: move its keys to the top level";
  } else {
    // A key written at the wrong level: `memory:` at the top instead of under worker:.
    // Workers are what people size most, so a bare `memory:` most likely meant worker.memory.
    const paths = envReachablePaths().sort((a, b) => Number(b[0] === "worker") - Number(a[0] === "worker"));
    const elsewhere = paths.find((p) => p[p.length - 1] === canonicalKey(written));
    if (elsewhere) hint = `did you mean '${elsewhere.join(".")}'?`;
  }
  const known = Object.keys(section.fields).join(", ");
  return new SpecError(
    "SPEC_UNKNOWN_KEY",
    full,
    `unknown key '${written}'`,
    source,
    hint ?? `known keys here: ${known}`,
  );
}
