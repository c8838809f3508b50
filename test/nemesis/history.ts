// The round's event history (every operation and fault with its outcome, in order, with the time
// since the start) and the tally printed at the end. A violation prints the seed and this history.
export class History {
  private readonly t0 = Date.now();
  readonly events: string[] = [];
  readonly faults = new Map<string, number>();
  readonly ops = new Map<string, { ok: number; failed: number }>();
  readonly violations: string[] = [];

  constructor(
    readonly seed: number,
    private readonly print: (line: string) => void,
  ) {}

  log(line: string): void {
    const e = `+${((Date.now() - this.t0) / 1000).toFixed(1)}s ${line}`;
    this.events.push(e);
    this.print(e);
  }

  fault(kind: string, what: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
    this.log(`FAULT ${kind} ${what}`);
  }

  op(kind: string, ok: boolean, what: string): void {
    const o = this.ops.get(kind) ?? { ok: 0, failed: 0 };
    if (ok) o.ok++;
    else o.failed++;
    this.ops.set(kind, o);
    this.log(`OP ${kind} ${ok ? "ok" : "failed"} ${what}`);
  }

  violation(invariant: string, what: string): void {
    this.violations.push(`${invariant}: ${what}`);
    this.log(`VIOLATION ${invariant}: ${what}`);
  }

  tally(): string {
    const kv = (m: Map<string, unknown>, f: (v: never) => string) =>
      [...m].map(([k, v]) => `${k}=${f(v as never)}`).join(" ") || "none";
    const faults = [...this.faults.values()].reduce((n, v) => n + v, 0);
    return [
      `nemesis tally (seed ${this.seed}, ${((Date.now() - this.t0) / 1000).toFixed(0)} s):`,
      `  faults (${faults}): ${kv(this.faults, (v: number) => String(v))}`,
      `  operations: ${kv(this.ops, (v: { ok: number; failed: number }) => `${v.ok}/${v.ok + v.failed}`)} (ok/attempted)`,
      `  invariant violations: ${this.violations.length}`,
      ...this.violations.map((v) => `    - ${v}`),
    ].join("\n");
  }

  /** What a failed round prints: how to replay it and everything that happened. */
  replay(): string {
    return [
      `replay: npm run nemesis -- --seed ${this.seed} (same schedule; see docs/reliability.md)`,
      "history:",
      ...this.events.map((e) => `  ${e}`),
    ].join("\n");
  }
}
