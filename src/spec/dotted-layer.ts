// Layers that arrive as flat key → value pairs: command-line flags ({"worker.memory": "4 GiB"}) and
// TSDASK_YARN_* environment variables. Both become the same kind of tree as a YAML file.
import { SpecError } from "./errors.js";
import { fieldOf } from "./keys.js";
import { checkNotBuiltin } from "./limits.js";
import { canonicalKey, describeKind, envNameOf, envReachablePaths, ROOT, type Kind } from "./schema.js";
import { closest } from "./suggest.js";
import { branch, leaf, type Branch, type TreeNode } from "./tree.js";
import type { ValueSource } from "./types.js";

/** The variable naming the user config file; not a config key itself. */
export const CONFIG_ENV_VAR = "TSDASK_YARN_CONFIG";
const PREFIX = "TSDASK_YARN_";

/** Flags: dotted keys (kebab, snake or camelCase segments). Values may be strings, numbers, arrays, objects. */
export function flagLayer(
  flags: Readonly<Record<string, unknown>>,
  names: Readonly<Record<string, string>> = {},
): Branch {
  const root = branch({ kind: "flag" });
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue; // commander leaves unset options undefined
    const name = names[key] ?? `--${key.replace(/\./g, "-")}`;
    insert(root, key.split("."), value, { kind: "flag", name });
  }
  return root;
}

/** TSDASK_YARN_* variables; unknown ones are returned as warnings rather than failing a submit. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): { layer: Branch; warnings: string[] } {
  const byName = new Map(envReachablePaths().map((p) => [envNameOf(p), p]));
  const layer = branch({ kind: "env" });
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || name === CONFIG_ENV_VAR) continue;
    if (value === undefined || value === "") continue;
    const path = byName.get(name);
    if (!path) {
      // Compare without the common prefix, or every name would look close to every other.
      const near = closest(
        name.slice(PREFIX.length),
        [...byName.keys()].map((n) => n.slice(PREFIX.length)),
      );
      warnings.push(`ignoring unknown variable ${name}${near ? ` (did you mean ${PREFIX}${near}?)` : ""}`);
      continue;
    }
    insert(layer, path, value, { kind: "env", name });
  }
  return { layer, warnings };
}

function insert(root: Branch, segments: readonly string[], value: unknown, source: ValueSource): void {
  let node: Branch = root;
  let kind: Kind = ROOT;
  const path: string[] = [];
  let i = 0;
  for (;;) {
    const segment = segments[i];
    if (segment === undefined) return;
    if (kind.t === "section") {
      const [key, field] = fieldOf(kind, segment, path, source);
      path.push(key);
      i++;
      if (i === segments.length) {
        node.entries.set(key, toNode(value, field, path, source));
        return;
      }
      node = child(node, key, source);
      kind = field;
    } else if (kind.t === "named") {
      // Names may contain dots (dask.worker): take the shortest name whose rest starts with a field.
      const fields = kind.of.fields;
      const isField = (seg: string) => Object.hasOwn(fields, seg) || Object.hasOwn(fields, canonicalKey(seg));
      const fieldAfter = segments.slice(i + 1).findIndex(isField);
      const n = fieldAfter < 0 ? segments.length - i : fieldAfter + 1;
      const name = segments.slice(i, i + n).join(".");
      checkNotBuiltin(name, path, source);
      path.push(name);
      i += n;
      if (i === segments.length) {
        node.entries.set(name, toNode(value, kind.of, path, source));
        return;
      }
      node = child(node, name, source);
      kind = kind.of;
    } else if (kind.t === "map") {
      const name = segments.slice(i).join(".");
      checkNotBuiltin(name, path, source);
      node.entries.set(name, leaf(value, source));
      return;
    } else {
      throw new SpecError("SPEC_UNKNOWN_KEY", [...path, ...segments.slice(i)].join("."), "no such key", source);
    }
  }
}

function child(node: Branch, key: string, source: ValueSource): Branch {
  const existing = node.entries.get(key);
  if (existing?.kind === "branch") return existing;
  const fresh = branch(source);
  node.entries.set(key, fresh);
  return fresh;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toNode(value: unknown, kind: Kind, path: readonly string[], source: ValueSource): TreeNode {
  if (value === null) return leaf(null, source);
  const typeError = () =>
    new SpecError("SPEC_TYPE", path.join("."), `expected ${describeKind(kind)}, got ${JSON.stringify(value)}`, source);
  switch (kind.t) {
    case "section": {
      const obj = isPlainObject(value) ? value : typeof value === "string" ? kind.scalar?.(value) : undefined;
      if (!obj) throw typeError();
      const out = branch(source);
      for (const [k, v] of Object.entries(obj)) insertInto(out, kind, k, v, path, source);
      return out;
    }
    case "named": {
      if (!isPlainObject(value)) throw typeError();
      const out = branch(source);
      for (const [name, v] of Object.entries(value)) {
        checkNotBuiltin(name, path, source);
        out.entries.set(name, toNode(v, kind.of, [...path, name], source));
      }
      return out;
    }
    case "map": {
      const out = branch(source);
      // A pair without '=' gets its own message: "expected a map, got [\"X\"]" did not say what to write.
      const badPair = (text: string) =>
        new SpecError(
          "SPEC_TYPE",
          path.join("."),
          `expected NAME=VALUE, got ${JSON.stringify(text)}`,
          source,
          "write each variable as NAME=VALUE, e.g. OMP_NUM_THREADS=1",
        );
      for (const [k, v] of mapPairs(value, typeError, badPair)) {
        checkNotBuiltin(k, path, source);
        out.entries.set(k, leaf(v, source));
      }
      return out;
    }
    default:
      return leaf(value, source);
  }
}

function insertInto(
  out: Branch,
  kind: Kind & { t: "section" },
  k: string,
  v: unknown,
  path: readonly string[],
  source: ValueSource,
) {
  const [key, field] = fieldOf(kind, k, path, source);
  out.entries.set(key, toNode(v, field, [...path, key], source));
}

/** "K=V,K2=V2", ["K=V", ...] or {K: V}. */
function mapPairs(
  value: unknown,
  typeError: () => SpecError,
  badPair: (text: string) => SpecError,
): [string, unknown][] {
  if (isPlainObject(value)) return Object.entries(value);
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (!items) throw typeError();
  return items
    .filter((s) => String(s).trim() !== "")
    .map((s) => {
      const text = String(s);
      const eq = text.indexOf("=");
      if (eq <= 0) throw badPair(text);
      return [text.slice(0, eq).trim(), text.slice(eq + 1)];
    });
}
