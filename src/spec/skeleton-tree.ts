// The defaults layer pre-parsed at build time: scripts/build.mjs parses skeleton.yaml once
// (scripts/skeleton-tree.ts) and embeds the tree as JSON, so a command that reads no config file
// never loads the YAML parser. Run from source there is no embedded tree and skeleton.yaml is
// parsed as before. The tree keeps every value's source (file, line, column) for `config show`.
import type { Branch, TreeNode } from "./tree.js";

/** Replaced by scripts/build.mjs with serializeTree(the parsed skeleton); not defined from source. */
declare const TSDASK_EMBEDDED_SKELETON_TREE: string | undefined;

type Plain = { kind: "leaf"; value: unknown; source: Branch["source"] } | PlainBranch;
interface PlainBranch {
  kind: "branch";
  entries: [string, Plain][];
  source: Branch["source"];
}

/** A tree as JSON text (branches' Maps as [key, node] lists, in order). */
export function serializeTree(tree: Branch): string {
  const plain = (n: TreeNode): Plain =>
    n.kind === "leaf"
      ? n
      : { kind: "branch", entries: [...n.entries].map(([k, v]) => [k, plain(v)]), source: n.source };
  return JSON.stringify(plain(tree));
}

/** The tree serializeTree wrote. */
export function reviveTree(text: string): Branch {
  const node = (p: Plain): TreeNode =>
    p.kind === "leaf"
      ? p
      : { kind: "branch", entries: new Map(p.entries.map(([k, v]) => [k, node(v)])), source: p.source };
  return node(JSON.parse(text) as PlainBranch) as Branch;
}

/** The embedded defaults tree (a fresh copy, as a parse gives), or undefined when running from source. */
export function builtSkeletonTree(): Branch | undefined {
  if (typeof TSDASK_EMBEDDED_SKELETON_TREE !== "string") return undefined;
  return reviveTree(TSDASK_EMBEDDED_SKELETON_TREE);
}
