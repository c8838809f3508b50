// Typed reads from the merged config tree. Every conversion failure becomes a SpecError that names
// the key and the source of that very value (file:line:col, env var or flag).
import { MAX_INSTANCES } from "../control/routes.js";
import { SpecError } from "./errors.js";
import { describeKind, type Kind } from "./schema.js";
import type { Branch, Leaf, TreeNode } from "./tree.js";
import type { ValueSource } from "./types.js";
import { parseDashboardRange, parsePortRange, PortSyntaxError, type DashboardRange, type PortRange } from "./ports.js";
import { parseDurationSeconds, parseMemoryMiB, UnitError } from "./units.js";

export class Reader {
  constructor(
    readonly node: Branch | undefined,
    readonly path: readonly string[],
  ) {}

  key(k: string): string {
    return [...this.path, k].join(".");
  }

  get source(): ValueSource {
    return this.node?.source ?? { kind: "default" };
  }

  sourceOf(k: string): ValueSource {
    return this.node?.entries.get(k)?.source ?? this.source;
  }

  has(k: string): boolean {
    const n = this.node?.entries.get(k);
    return n !== undefined && !(n.kind === "leaf" && n.value === null);
  }

  /** The leaf under k, or undefined when absent or null. */
  private leaf(k: string, kind: Kind): Leaf | undefined {
    const n: TreeNode | undefined = this.node?.entries.get(k);
    if (!n) return undefined;
    if (n.kind === "branch") throw this.typeError(k, kind, "a map", n.source);
    return n.value === null ? undefined : n;
  }

  typeError(k: string, kind: Kind, got: string, source: ValueSource): SpecError {
    return new SpecError("SPEC_TYPE", this.key(k), `expected ${describeKind(kind)}, got ${got}`, source);
  }

  str(k: string): string | undefined {
    const l = this.leaf(k, { t: "string" });
    if (!l) return undefined;
    if (typeof l.value === "number") return String(l.value);
    if (typeof l.value !== "string") throw this.typeError(k, { t: "string" }, show(l.value), l.source);
    return l.value;
  }

  /** A whole number from min to max (max: an instance count's MAX_INSTANCES, else any safe integer). */
  int(k: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const kind: Kind = { t: "int", min };
    const l = this.leaf(k, kind);
    if (!l) return undefined;
    const v = typeof l.value === "string" && /^\s*-?\d+\s*$/.test(l.value) ? Number(l.value) : l.value;
    if (typeof v !== "number" || !Number.isInteger(v)) throw this.typeError(k, kind, show(l.value), l.source);
    if (v < min) {
      const hint = min === -1 ? "use -1 for unlimited, or 0 or more" : `use ${min} or more`;
      throw new SpecError("SPEC_RANGE", this.key(k), `must be ≥ ${min}, got ${v}`, l.source, hint);
    }
    if (v > max) {
      const hint = max === MAX_INSTANCES ? `${MAX_INSTANCES} instances is the limit (the same as scale's)` : undefined;
      throw new SpecError(
        "SPEC_RANGE",
        this.key(k),
        `must be ≤ ${max}, got ${Number.isSafeInteger(v) ? v : "a number too large to count exactly"}`,
        l.source,
        hint ?? `use ${max} or less`,
      );
    }
    return v;
  }

  memory(k: string): number | undefined {
    return this.unit(k, { t: "memory" }, parseMemoryMiB);
  }

  duration(k: string): number | undefined {
    return this.unit(k, { t: "duration" }, parseDurationSeconds);
  }

  private unit(k: string, kind: Kind, parse: (v: string | number) => number): number | undefined {
    const l = this.leaf(k, kind);
    if (!l) return undefined;
    if (typeof l.value !== "string" && typeof l.value !== "number") {
      throw this.typeError(k, kind, show(l.value), l.source);
    }
    try {
      return parse(l.value);
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      throw new SpecError("SPEC_UNIT", this.key(k), e.message, l.source, `write ${describeKind(kind)}`);
    }
  }

  bool(k: string): boolean | undefined {
    const l = this.leaf(k, { t: "bool" });
    if (!l) return undefined;
    if (typeof l.value === "boolean") return l.value;
    const s = typeof l.value === "string" ? l.value.trim().toLowerCase() : undefined;
    if (s === "true" || s === "yes" || s === "1") return true;
    if (s === "false" || s === "no" || s === "0") return false;
    throw this.typeError(k, { t: "bool" }, show(l.value), l.source);
  }

  enumOf<T extends string>(k: string, values: readonly T[]): T | undefined {
    const kind: Kind = { t: "enum", values };
    const l = this.leaf(k, kind);
    if (!l) return undefined;
    const v = typeof l.value === "boolean" ? String(l.value) : l.value;
    if (typeof v !== "string") throw this.typeError(k, kind, show(l.value), l.source);
    if (!(values as readonly string[]).includes(v)) {
      throw new SpecError("SPEC_VALUE", this.key(k), `unknown value ${show(v)}`, l.source, `use ${describeKind(kind)}`);
    }
    return v as T;
  }

  /** A list of strings; a string is split on commas (env vars and flags write lists that way). */
  list(k: string): string[] | undefined {
    const l = this.leaf(k, { t: "list" });
    if (!l) return undefined;
    if (typeof l.value === "string")
      return l.value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    const bad = !Array.isArray(l.value) || l.value.some((x) => typeof x !== "string" && typeof x !== "number");
    if (bad) throw this.typeError(k, { t: "list" }, show(l.value), l.source);
    return (l.value as unknown[]).map(String);
  }

  /** A port or port range (spec/ports.ts); undefined when unset or 0 (any free port). */
  ports(k: string): PortRange | undefined {
    const kind: Kind = { t: "ports" };
    const l = this.leaf(k, kind);
    if (!l) return undefined;
    if (typeof l.value !== "string" && typeof l.value !== "number") {
      throw this.typeError(k, kind, show(l.value), l.source);
    }
    return this.portSyntax(k, kind, l, () => parsePortRange(l.value as string | number));
  }

  /** A dashboard address whose port part is a range (":8787-8790"); undefined for any other. */
  dashboardRange(k: string): DashboardRange | undefined {
    const l = this.leaf(k, { t: "string" });
    if (!l || typeof l.value !== "string") return undefined;
    return this.portSyntax(k, { t: "string" }, l, () => parseDashboardRange(l.value as string));
  }

  private portSyntax<T>(k: string, kind: Kind, l: Leaf, parse: () => T): T {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof PortSyntaxError)) throw e;
      const hint = `write ${describeKind({ t: "ports" })}`;
      throw new SpecError(
        "SPEC_RANGE",
        this.key(k),
        e.message,
        l.source,
        kind.t === "ports" ? hint : hint.replace("write", "write the port as"),
      );
    }
  }

  /** Keyword arguments for dask: a map, or JSON object text (flags and env vars); {} when unset. */
  options(k: string): Record<string, unknown> {
    const kind: Kind = { t: "options" };
    const l = this.leaf(k, kind);
    if (!l) return {};
    let v = l.value;
    if (typeof v === "string") {
      try {
        v = v.trim() === "" ? {} : JSON.parse(v);
      } catch {
        throw this.typeError(k, kind, show(v), l.source);
      }
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw this.typeError(k, kind, show(v), l.source);
    return v as Record<string, unknown>;
  }

  /** Entries of an open map as (name, leaf); a null map is empty. */
  private mapLeaves(k: string, kind: Kind): [string, Leaf][] {
    const n = this.node?.entries.get(k);
    if (!n || (n.kind === "leaf" && n.value === null)) return [];
    if (n.kind === "leaf") throw this.typeError(k, kind, show(n.value), n.source);
    return [...n.entries].map(([name, c]) => {
      if (c.kind === "branch") throw this.typeError(`${k}.${name}`, kind, "a map", c.source);
      return [name, c];
    });
  }

  stringMap(k: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, l] of this.mapLeaves(k, { t: "map", values: "string" })) {
      const v = l.value;
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        throw this.typeError(`${k}.${name}`, { t: "string" }, show(v), l.source);
      }
      out[name] = String(v); // YAML `DEBUG: 1` is meant as the string "1"
    }
    return out;
  }

  intMap(k: string): Record<string, number> {
    const out: Record<string, number> = {};
    const sub = new Reader(this.node?.entries.get(k) as Branch | undefined, [...this.path, k]);
    for (const [name] of this.mapLeaves(k, { t: "map", values: "int" })) out[name] = sub.int(name, 0) ?? 0;
    return out;
  }

  /** A sub-section reader; undefined when absent or null. */
  section(k: string, kind: Kind = { t: "section", fields: {} }): Reader | undefined {
    const n = this.node?.entries.get(k);
    if (!n || (n.kind === "leaf" && n.value === null)) return undefined;
    if (n.kind === "leaf") throw this.typeError(k, kind, show(n.value), n.source);
    return new Reader(n, [...this.path, k]);
  }

  names(): string[] {
    return this.node ? [...this.node.entries.keys()] : [];
  }
}

function show(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object" && v !== null) return "a map";
  return JSON.stringify(v);
}
