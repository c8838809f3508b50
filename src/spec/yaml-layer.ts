// A YAML config file → a tree of leaves with file:line:col sources. Keys are checked against the
// schema here (so an unknown key points at itself); value types are checked after merging.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { SpecError } from "./errors.js";
import { fieldOf } from "./keys.js";
import { checkDepth, checkNotBuiltin } from "./limits.js";
import { describeKind, ROOT, type Kind, type SectionKind } from "./schema.js";
import { branch, leaf, type Branch, type TreeNode } from "./tree.js";
import type { ValueSource } from "./types.js";

type FileKind = "default" | "config" | "spec";

interface Ctx {
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly kind: FileKind;
  readonly file: string;
}

export function parseYamlLayer(text: string, file: string, kind: FileKind): Branch {
  checkDepth(text, { kind, file });
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    const firstLine = (err.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+.*$/, "");
    throw new SpecError(
      "SPEC_YAML_SYNTAX",
      "",
      `invalid YAML: ${firstLine}`,
      { kind, file, line: pos.line, col: pos.col },
      "fix the YAML syntax at that position (indentation, a missing ':' or an unclosed quote are the usual causes)",
    );
  }
  const ctx: Ctx = { doc, lines, kind, file };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return branch(sourceAt(ctx, undefined));
  if (!isMap(root)) {
    throw new SpecError(
      "SPEC_TYPE",
      "",
      "the document must be a map of keys",
      sourceAt(ctx, root),
      "see skeleton.yaml",
    );
  }
  return walkSection(root, ROOT, [], ctx);
}

function sourceAt(ctx: Ctx, node: Node | null | undefined): ValueSource {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = ctx.lines.linePos(offset);
  return { kind: ctx.kind, file: ctx.file, line, col };
}

function resolve(ctx: Ctx, node: unknown): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(ctx.doc) as Node | undefined) ?? null;
  return node as Node;
}

function typeError(path: readonly string[], kind: Kind, got: string, source: ValueSource): SpecError {
  return new SpecError("SPEC_TYPE", path.join("."), `expected ${describeKind(kind)}, got ${got}`, source);
}

/** Iterates a YAML map's pairs as (written key, key node, value node). */
function* pairsOf(ctx: Ctx, map: Node, path: readonly string[]): Generator<[string, Node, Node | null]> {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const keyNode = resolve(ctx, pair.key);
    if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
      throw new SpecError("SPEC_TYPE", path.join("."), "keys must be plain strings", sourceAt(ctx, keyNode ?? map));
    }
    yield [String(keyNode.value), keyNode, resolve(ctx, pair.value)];
  }
}

/** `Memory:` beside `memory:` name one key: refused, not merged (which one would win is a guess). */
function duplicateKey(path: readonly string[], key: string, first: string, again: string, source: ValueSource) {
  return new SpecError(
    "SPEC_DUPLICATE_KEY",
    [...path, key].join("."),
    `'${again}' and '${first}' are the same key`,
    source,
    `keep one of them, spelled '${key}'`,
  );
}

function walkSection(map: Node, kind: SectionKind, path: readonly string[], ctx: Ctx): Branch {
  const out = branch(sourceAt(ctx, map));
  const spelled = new Map<string, string>(); // canonical key → how it was first written
  for (const [written, keyNode, value] of pairsOf(ctx, map, path)) {
    const [key, field] = fieldOf(kind, written, path, sourceAt(ctx, keyNode));
    const first = spelled.get(key);
    if (first !== undefined) throw duplicateKey(path, key, first, written, sourceAt(ctx, keyNode));
    spelled.set(key, written);
    out.entries.set(key, walkValue(value, keyNode, field, [...path, key], ctx));
  }
  return out;
}

function walkValue(node: Node | null, keyNode: Node, kind: Kind, path: readonly string[], ctx: Ctx): TreeNode {
  // `key:` with nothing after it has no value node: point at the key.
  const source = sourceAt(ctx, node ?? keyNode);
  if (node === null || (isScalar(node) && node.value === null)) return leaf(null, source);
  const got = isMap(node) ? "a map" : isSeq(node) ? "a list" : JSON.stringify((node as { value?: unknown }).value);
  switch (kind.t) {
    case "section": {
      if (isMap(node)) return walkSection(node, kind, path, ctx);
      const expanded = isScalar(node) && typeof node.value === "string" ? kind.scalar?.(node.value) : undefined;
      if (!expanded) throw typeError(path, kind, got, source);
      const out = branch(source);
      for (const [k, v] of Object.entries(expanded)) out.entries.set(k, leaf(v, source));
      return out;
    }
    case "named": {
      if (!isMap(node)) throw typeError(path, kind, got, source);
      const out = branch(source);
      for (const [name, nameNode, value] of pairsOf(ctx, node, path)) {
        checkNotBuiltin(name, path, sourceAt(ctx, nameNode));
        out.entries.set(name, walkValue(value, nameNode, kind.of, [...path, name], ctx));
      }
      return out;
    }
    case "map": {
      if (!isMap(node)) throw typeError(path, kind, got, source);
      const out = branch(source);
      for (const [name, nameNode, value] of pairsOf(ctx, node, path)) {
        checkNotBuiltin(name, path, sourceAt(ctx, nameNode));
        if (value !== null && !isScalar(value)) {
          const what = isMap(value) ? "a map" : "a list";
          throw typeError(
            [...path, name],
            kind.values === "int" ? { t: "int", min: 0 } : { t: "string" },
            what,
            sourceAt(ctx, value),
          );
        }
        out.entries.set(name, leaf(value?.value ?? null, sourceAt(ctx, value ?? nameNode)));
      }
      return out;
    }
    case "options":
      // Kept whole: dask's keyword arguments may nest (resources: {GPU: 1}); checked by the reader.
      return leaf(isMap(node) || isSeq(node) ? node.toJSON(ctx.doc) : (node as { value: unknown }).value, source);
    case "list":
      if (isMap(node)) throw typeError(path, kind, got, source);
      return leaf(isSeq(node) ? node.toJSON(ctx.doc) : (node as { value: unknown }).value, source);
    default:
      if (!isScalar(node)) throw typeError(path, kind, got, source);
      return leaf(node.value, source);
  }
}
