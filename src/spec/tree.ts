// Config layers as trees whose leaves remember where they came from. Layers merge key by key
// (maps and sections deeply, lists and scalars replaced whole, null clears), so the source of
// every effective value survives to `config show` and to error messages.
import type { ConfigEntry, ValueSource } from "./types.js";

export interface Leaf {
  readonly kind: "leaf";
  readonly value: unknown;
  readonly source: ValueSource;
}

export interface Branch {
  readonly kind: "branch";
  readonly entries: Map<string, TreeNode>;
  readonly source: ValueSource;
}

export type TreeNode = Leaf | Branch;

export const leaf = (value: unknown, source: ValueSource): Leaf => ({ kind: "leaf", value, source });
export const branch = (source: ValueSource): Branch => ({ kind: "branch", entries: new Map(), source });

/** Returns a new tree: `over` on top of `base`. Neither input is changed. */
export function merge(base: Branch, over: Branch): Branch {
  const out: Branch = { kind: "branch", entries: new Map(base.entries), source: base.source };
  for (const [key, node] of over.entries) {
    const prev = out.entries.get(key);
    if (prev?.kind === "branch" && node.kind === "branch") out.entries.set(key, merge(prev, node));
    else out.entries.set(key, node);
  }
  return out;
}

/** Follows a path of keys; undefined if any step is missing or a leaf. */
export function lookup(root: Branch, path: readonly string[]): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const key of path) {
    if (node?.kind !== "branch") return undefined;
    node = node.entries.get(key);
  }
  return node;
}

export const displayKey = (path: readonly string[]): string => path.join(".");

/** Every leaf in order, for `config show`. Empty branches are shown as {} so a cleared map is visible. */
export function entriesOf(root: Branch, prefix: string[] = []): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const [key, node] of root.entries) {
    const path = [...prefix, key];
    if (node.kind === "leaf") out.push({ key: displayKey(path), path, value: node.value, source: node.source });
    else if (node.entries.size === 0) out.push({ key: displayKey(path), path, value: {}, source: node.source });
    else out.push(...entriesOf(node, path));
  }
  return out;
}

/** Whether any leaf under `node` came from a layer other than the skeleton defaults. */
export function touchedByUser(node: TreeNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === "leaf") return node.source.kind !== "default";
  if (node.source.kind !== "default" && node.entries.size === 0) return true;
  for (const child of node.entries.values()) if (touchedByUser(child)) return true;
  return false;
}
