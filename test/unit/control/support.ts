// A fake AM core for unit tests of the control HTTP layer: it holds a status report and records
// every scale/shutdown call, so tests can assert that a refused request changed nothing.
import { request } from "node:http";
import {
  startControlServer,
  type ControlServer,
  type ControlServerOptions,
} from "../../../src/appmaster/control/index.js";
import type { ControlHandlers } from "../../../src/appmaster/control/index.js";
import {
  ControlClient,
  countByState,
  type ContainerInfo,
  type FinalStatus,
  type StatusReport,
} from "../../../src/control/index.js";

export const SECRET = "s3cret-0123456789abcdef-0123456789";

const workers: ContainerInfo[] = [
  {
    containerId: "container_1717000000000_0003_01_000002",
    instanceId: "dask.worker_0",
    state: "RUNNING",
    host: "nm1.example.org",
    nodeHttpAddress: "nm1.example.org:8042",
    logUrl: "http://nm1.example.org:8042/node/containerlogs/container_1717000000000_0003_01_000002/alice",
    startTime: 1_717_000_100_000,
  },
  {
    containerId: "container_1717000000000_0003_01_000003",
    instanceId: "dask.worker_1",
    state: "FAILED",
    host: "nm2.example.org",
    nodeHttpAddress: "nm2.example.org:8042",
    logUrl: "http://nm2.example.org:8042/node/containerlogs/container_1717000000000_0003_01_000003/alice",
    exitStatus: -104,
    diagnostics: "killed: physical memory limit (2 GiB) exceeded",
    startTime: 1_717_000_100_000,
    finishTime: 1_717_000_200_000,
  },
  { instanceId: "dask.worker_2", state: "REQUESTED" },
];

export function sampleStatus(): StatusReport {
  return {
    application: {
      id: "application_1717000000000_0003",
      name: "dask",
      user: "alice",
      queue: "default",
      attempt: 1,
      state: "RUNNING",
      startTime: 1_717_000_000_000,
      trackingUrl: "http://am.example.org:41234",
      amMemoryRssBytes: 60 * 1024 * 1024,
    },
    services: [
      {
        name: "dask.scheduler",
        desiredInstances: 1,
        counts: countByState([{ state: "RUNNING" }]),
        restartsUsed: 0,
        maxRestarts: 0,
        containers: [
          {
            containerId: "container_1717000000000_0003_01_000001",
            instanceId: "dask.scheduler_0",
            state: "RUNNING",
            host: "nm1.example.org",
          },
        ],
      },
      {
        name: "dask.worker",
        desiredInstances: 2,
        counts: countByState(workers),
        restartsUsed: 1,
        maxRestarts: -1,
        containers: workers,
      },
    ],
    dask: { schedulerAddress: "tcp://nm1.example.org:8786", dashboardUrl: "http://nm1.example.org:8787/status" },
    generatedAt: 1_717_000_300_000,
  };
}

export class FakeAmCore implements ControlHandlers {
  status: StatusReport = sampleStatus();
  readonly scaled: [string, number][] = [];
  readonly shutdowns: [FinalStatus, string][] = [];
  /** When set, the next scale/shutdown throws it (to test refusals). */
  failWith?: Error;

  getStatus(): StatusReport {
    return this.status;
  }
  scale(service: string, instances: number): void {
    if (this.failWith) throw this.failWith;
    this.scaled.push([service, instances]);
  }
  shutdown(finalStatus: FinalStatus, diagnostics: string): void {
    if (this.failWith) throw this.failWith;
    this.shutdowns.push([finalStatus, diagnostics]);
  }
}

export interface Harness {
  core: FakeAmCore;
  server: ControlServer;
  client: ControlClient;
  logs: string[];
  close(): Promise<void>;
}

/** `ca`: the CA the harness's client trusts when the server has `tls`. */
export async function harness(extra: Partial<ControlServerOptions> = {}, ca?: string): Promise<Harness> {
  const core = new FakeAmCore();
  const logs: string[] = [];
  const server = await startControlServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    handlers: core,
    log: (l) => logs.push(l),
    ...extra,
  });
  const client = new ControlClient(server.url, SECRET, { timeoutMs: 5_000, ...(ca ? { ca } : {}) });
  return { core, server, client, logs, close: () => server.close() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request, for what the typed client cannot send (no header, odd methods, raw bodies). */
export function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; chunks?: Buffer[] } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (init.chunks) {
      for (const c of init.chunks) req.write(c);
      req.end();
    } else req.end(init.body);
  });
}

export const auth = { Authorization: `Bearer ${SECRET}` };
