// Limits a spec is checked against before anything is staged: lengths the ResourceManager would
// refuse (or, for the name, store and hand to every user's `list`), key names that are JavaScript
// built-ins, and YAML nesting deeper than any spec needs. Pure: no I/O.
import { SpecError } from "./errors.js";
import type { Reader } from "./reader.js";
import type { ValueSource } from "./types.js";

/** Our own limit on the application name: YARN has none, and stores and lists whatever it gets. */
export const MAX_NAME_LENGTH = 1024;
/** YARN's limits on application tags (YarnConfiguration: APPLICATION_MAX_TAG_LENGTH, _MAX_TAGS). */
export const MAX_TAG_LENGTH = 100;
export const MAX_TAGS = 10;
/** The deepest spec is about 5 levels (services.NAME.files.F.source); 64 leaves room for scripts. */
export const MAX_DEPTH = 64;

/** The start of a long value, for messages that must not echo all of it. */
export function preview(value: string, chars = 40): string {
  return value.length <= chars ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, chars))}…`;
}

/** The application name, at most MAX_NAME_LENGTH characters. */
export function checkName(r: Reader, name: string): string {
  if (name.length > MAX_NAME_LENGTH)
    throw new SpecError(
      "SPEC_TOO_LONG",
      "name",
      `is ${name.length} characters long (${preview(name)}); the limit is ${MAX_NAME_LENGTH}`,
      r.sourceOf("name"),
      "give a shorter name (it is shown by every user's 'list')",
    );
  return name;
}

/** Application tags as YARN accepts them: at most MAX_TAGS, each at most MAX_TAG_LENGTH characters. */
export function checkTags(r: Reader, tags: readonly string[]): readonly string[] {
  if (tags.length > MAX_TAGS)
    throw new SpecError(
      "SPEC_TOO_LONG",
      "tags",
      `has ${tags.length} tags; YARN allows at most ${MAX_TAGS}`,
      r.sourceOf("tags"),
      "keep the tags you search by",
    );
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (long !== undefined)
    throw new SpecError(
      "SPEC_TOO_LONG",
      "tags",
      `tag ${preview(long)} is ${long.length} characters long; YARN allows at most ${MAX_TAG_LENGTH}`,
      r.sourceOf("tags"),
      "shorten the tag",
    );
  return tags;
}

/**
 * Names every plain JavaScript object already has (constructor, toString, __proto__, ...). As keys
 * they would read the built-in instead of the user's value, or replace an object's prototype.
 */
export function isBuiltinName(name: string): boolean {
  return name in Object.prototype;
}

/** Refuses a built-in name as a user-chosen key (a service, file, env variable or resource name). */
export function checkNotBuiltin(name: string, path: readonly string[], source: ValueSource): void {
  if (isBuiltinName(name))
    throw new SpecError(
      "SPEC_RESERVED_KEY",
      [...path, name].join("."),
      `'${name}' is a reserved name`,
      source,
      "choose another name",
    );
}

/**
 * The deepest nesting of a YAML text, by a linear scan: flow brackets outside quotes and comments,
 * plus block indentation levels. It over-counts rather than under-counts (a block scalar's own
 * indentation counts too), which is fine for a bound this far above any real spec. The YAML parser
 * recurses per level, so a bound checked before parsing keeps it off its stack limit.
 */
export function nestingDepth(text: string): { depth: number; line: number } {
  let worst = { depth: 0, line: 1 };
  const indents: number[] = [];
  let flow = 0;
  let quote = "";
  let lineNo = 0;
  for (const line of text.split("\n")) {
    lineNo++;
    const body = line.trimStart();
    // "- - - x" nests one sequence per dash on a single line.
    let dashes = 0;
    if (flow === 0 && !quote && body !== "" && !body.startsWith("#")) {
      const indent = line.length - body.length;
      while ((indents.at(-1) ?? -1) > indent) indents.pop();
      if ((indents.at(-1) ?? -1) < indent) indents.push(indent);
      dashes = (/^(?:-[ \t]+)+/.exec(body)?.[0].match(/-/g) ?? []).length;
    }
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quote) {
        if (ch === quote) quote = "";
        continue;
      }
      if (ch === "#" && (i === 0 || /\s/.test(line.charAt(i - 1)))) break;
      if (ch === '"' || (ch === "'" && (i === 0 || /[\s[{,:]/.test(line.charAt(i - 1))))) quote = ch;
      else if (ch === "[" || ch === "{") flow++;
      else if ((ch === "]" || ch === "}") && flow > 0) flow--;
      const depth = indents.length + dashes + flow;
      if (depth > worst.depth) worst = { depth, line: lineNo };
    }
    if (quote === "'") quote = ""; // a single-quoted scalar rarely spans lines; do not let one stray quote hide the rest
  }
  return worst;
}

/** SPEC_TOO_DEEP when a YAML text nests deeper than MAX_DEPTH. */
export function checkDepth(text: string, source: ValueSource): void {
  const { depth, line } = nestingDepth(text);
  if (depth > MAX_DEPTH)
    throw new SpecError(
      "SPEC_TOO_DEEP",
      "",
      `the YAML nests more than ${MAX_DEPTH} levels deep`,
      { ...source, line, col: 1 },
      "a spec needs a few levels (services.NAME.env.VAR): remove the nesting",
    );
}
