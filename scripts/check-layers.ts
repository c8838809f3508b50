// Checks the import graph of src/ against the layers of scripts/layers.ts: every import between
// two layers must be an allowed arrow, the arrows must form no cycle, and every file must belong to
// a layer. Run by `npm run lint`; `npx tsx scripts/check-layers.ts [ROOT]` checks another tree
// (the unit test runs it on a temporary copy with a bad import). Exits 1 with one line per problem.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { LAYERS, type Layer } from "./layers.js";

export interface Problem {
  readonly file: string;
  readonly message: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The layer of a path relative to src/ (without .ts/.js): the longest layer path that holds it. */
export function layerOf(path: string, layers: readonly Layer[] = LAYERS): Layer | undefined {
  const p = path.replace(/\.(ts|js)$/, "");
  const holds = (q: string) => p === q || p.startsWith(`${q}/`);
  const paths = layers.flatMap((l) => [l.path, ...(l.also ?? [])].map((q) => ({ q, l })));
  return paths.sort((a, b) => b.q.length - a.q.length).find(({ q }) => holds(q))?.l;
}

/** A cycle among the allowed arrows, as a list of layer paths, or undefined. */
export function arrowCycle(layers: readonly Layer[] = LAYERS): string[] | undefined {
  const may = new Map(layers.map((l) => [l.path, l.may]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const m of may.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const l of layers) {
    const c = visit(l.path);
    if (c) return c;
  }
  return undefined;
}

/** Whether `from` can reach `to` through allowed arrows (what any chain of imports can do). */
export function reaches(from: string, to: string, layers: readonly Layer[] = LAYERS): boolean {
  const may = new Map(layers.map((l) => [l.path, l.may]));
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length > 0) {
    const n = todo.pop() as string;
    for (const m of may.get(n) ?? []) {
      if (m === to) return true;
      if (seen.has(m)) continue;
      seen.add(m);
      todo.push(m);
    }
  }
  return false;
}

export function checkLayers(root: string, layers: readonly Layer[] = LAYERS): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(layers.map((l) => l.path));
  for (const l of layers)
    for (const m of l.may)
      if (!known.has(m))
        problems.push({ file: "scripts/layers.ts", message: `${l.path} may import unknown layer ${m}` });
  const cycle = arrowCycle(layers);
  if (cycle)
    problems.push({ file: "scripts/layers.ts", message: `the allowed arrows form a cycle: ${cycle.join(" → ")}` });
  const src = join(root, "src");
  for (const file of sourceFiles(src)) {
    const rel = relative(src, file);
    const from = layerOf(rel, layers);
    if (!from) {
      problems.push({ file: `src/${rel}`, message: "belongs to no layer of scripts/layers.ts" });
      continue;
    }
    const imports = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
    for (const { fileName } of imports) {
      if (!fileName.startsWith(".")) continue;
      const target = relative(src, resolve(dirname(file), fileName));
      if (target.startsWith("..")) continue; // package.json (version.ts)
      const to = layerOf(target, layers);
      if (!to || to === from) continue;
      if (!from.may.includes(to.path))
        problems.push({ file: `src/${rel}`, message: `${from.path} may not import ${to.path} (${fileName})` });
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  const problems = checkLayers(root);
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) break the layers of scripts/layers.ts (docs/design.md §1)`);
    process.exit(1);
  }
  console.log("layers: every import of src/ follows scripts/layers.ts");
}
