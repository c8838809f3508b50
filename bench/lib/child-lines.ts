// A child process whose stdout is read line by line, with every wait bounded and named: a child
// that dies or stays silent fails the wait with its stderr tail instead of hanging the benchmark.
import { spawn, type ChildProcess } from "node:child_process";

export class LineChild {
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private stderr = "";
  private exit: number | null | undefined;
  readonly child: ChildProcess;

  constructor(argv: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(argv[0]!, argv.slice(1), { env, stdio: ["pipe", "pipe", "pipe"] });
    let buf = "";
    this.child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split("\n");
      buf = parts.pop()!;
      this.lines.push(...parts.filter((l) => l.trim() !== ""));
      this.waiter?.();
    });
    this.child.stderr!.on("data", (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.child.on("close", (code) => {
      this.exit = code;
      this.waiter?.();
    });
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** The next stdout line; rejects when the child exits first or `timeoutMs` passes. */
  next(what: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (err) reject(err);
      };
      const check = () => {
        const line = this.lines.shift();
        if (line !== undefined) {
          done();
          resolve(line);
        } else if (this.exit !== undefined) {
          done(new Error(`${what}: the process exited ${this.exit}: ${this.stderr.slice(-600)}`));
        }
      };
      this.waiter = check;
      check();
    });
  }

  /** Waits for exit (bounded); kills the child if it overstays. */
  async end(timeoutMs: number): Promise<number | null> {
    if (this.exit === undefined) {
      this.child.stdin!.end();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill("SIGKILL");
          resolve();
        }, timeoutMs);
        this.child.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.exit ?? null;
  }

  get stderrTail(): string {
    return this.stderr;
  }
}
