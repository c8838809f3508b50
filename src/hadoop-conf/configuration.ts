// A layered Hadoop configuration: site files loaded in order, later files override earlier ones
// unless the earlier property was <final>, and `${var}` / `${env.X}` are expanded on read,
// as org.apache.hadoop.conf.Configuration does.
import type { SiteProperty } from "./site-xml.js";

/** Hadoop gives up expanding after this many substitutions (Configuration.MAX_SUBST). */
const MAX_SUBST = 20;
const VAR = /\$\{([^${}\s]+)\}/;

export class HadoopConfiguration {
  private readonly props = new Map<string, SiteProperty>();

  constructor(
    /** Environment for `${env.X}`; injected so tests do not depend on the real one. */
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  /** Adds one file's properties; a property marked final earlier is kept (Hadoop logs and ignores). */
  addResource(properties: readonly SiteProperty[]): this {
    for (const p of properties) {
      const prev = this.props.get(p.name);
      if (prev?.final) continue;
      this.props.set(p.name, p);
    }
    return this;
  }

  /** Sets a value in code (explicit overrides); it beats files, final or not. */
  set(name: string, value: string, source = "override"): this {
    this.props.set(name, { name, value, final: false, source });
    return this;
  }

  /** The raw, unexpanded property (with its source file), or undefined. */
  raw(name: string): SiteProperty | undefined {
    return this.props.get(name);
  }

  /** The expanded value, or `fallback` (itself expanded, like Hadoop's defaults) when unset. */
  get(name: string): string | undefined;
  get(name: string, fallback: string): string;
  get(name: string, fallback?: string): string | undefined {
    const v = this.props.get(name)?.value ?? fallback;
    return v === undefined ? undefined : this.expand(v);
  }

  /** Trimmed value; an empty value counts as unset (Hadoop's getTrimmed). */
  getTrimmed(name: string, fallback?: string): string | undefined {
    const t = this.get(name)?.trim();
    if (t) return t;
    return fallback === undefined ? undefined : this.expand(fallback).trim();
  }

  getBoolean(name: string, fallback: boolean): boolean {
    const v = this.getTrimmed(name)?.toLowerCase();
    return v === "true" ? true : v === "false" ? false : fallback;
  }

  /** Comma-separated list, trimmed, empty entries dropped (Configuration.getTrimmedStrings). */
  getStrings(name: string): string[] {
    const v = this.get(name);
    return v === undefined
      ? []
      : v
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
  }

  /** Names of all properties starting with `prefix`, for per-nameservice / per-rm-id keys. */
  namesWithPrefix(prefix: string): string[] {
    return [...this.props.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /**
   * `${name}` is replaced by the property's value, `${env.NAME}` by the environment variable.
   * Like Hadoop's substituteVars, expansion stops at the first unknown variable (left as written)
   * or at a self-reference, and gives up after MAX_SUBST rounds instead of looping.
   */
  expand(value: string): string {
    let out = value;
    for (let i = 0; i < MAX_SUBST; i++) {
      const m = VAR.exec(out);
      if (!m) return out;
      const name = m[1];
      if (name === undefined) return out;
      const repl = name.startsWith("env.") ? this.env[name.slice(4)] : this.props.get(name)?.value;
      if (repl === undefined || repl.includes(m[0])) return out;
      out = out.slice(0, m.index) + repl + out.slice(m.index + m[0].length);
    }
    return out;
  }
}
