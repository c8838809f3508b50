// A long-lived Python dask Client driven from a test: one process, one Client, kept open across
// scale-ups, retires and AM restarts — a fresh `python -c` per step would reconnect each time and
// could not show that a client's persisted data survives. Each request is a Python snippet run in
// a namespace that keeps `c` (the Client), `da`, `wait` and whatever earlier snippets defined; the
// snippet's answer is whatever it leaves in `out`, sent back as one JSON line.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { clientTlsEnv, venvPython } from "./dask-python.js";

const DRIVER = `import json, sys, traceback
import dask.array as da
from dask.distributed import Client, wait
c = Client(sys.argv[1], timeout=60)
ns = {"c": c, "da": da, "wait": wait, "json": json}
print(json.dumps({"ok": True}), flush=True)
for line in sys.stdin:
    ns["out"] = None
    try:
        exec(json.loads(line), ns)
        print(json.dumps({"ok": ns["out"]}), flush=True)
    except Exception:
        print(json.dumps({"error": traceback.format_exc()}), flush=True)
`;

export class PySession {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = "";
  private readonly ready: Promise<unknown>;

  /** `credentialsDir`: the application's TLS files (`credentials --dir`), for a tls:// scheduler. */
  constructor(scheduler: string, credentialsDir?: string, python = venvPython()) {
    const env = { ...process.env, ...clientTlsEnv(credentialsDir) };
    this.proc = spawn(python, ["-c", DRIVER, scheduler], { stdio: ["pipe", "pipe", "pipe"], env });
    // Kept (tail only) so a dead client explains itself; dask logs to stderr.
    this.proc.stderr.on("data", (d) => (this.stderr = (this.stderr + String(d)).slice(-4000)));
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
    this.ready = this.next(120_000);
    // Rejections surface through run(); this only keeps an unused failure from crashing the runner.
    this.ready.catch(() => undefined);
  }

  private async next(timeoutMs: number): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the Python client in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const r = await Promise.race([this.lines.next(), timeout]);
      if (r.done) throw new Error(`the Python client exited: ${this.stderr}`);
      const msg = JSON.parse(r.value) as { ok?: unknown; error?: string };
      if (msg.error !== undefined) throw new Error(`python: ${msg.error}`);
      return msg.ok;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs `code` (after the Client connected) and resolves with the value it left in `out`. */
  async run<T = unknown>(code: string, timeoutMs = 120_000): Promise<T> {
    await this.ready;
    this.proc.stdin.write(JSON.stringify(code) + "\n");
    return (await this.next(timeoutMs)) as T;
  }

  close(): void {
    this.proc.kill("SIGKILL");
  }
}
