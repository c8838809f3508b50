// A scheduler summary for the dask page's tests, as src/service/dask_summary.py answers it.

/** The shape src/service/dask_summary.py answers (written out by hand, as distributed 2026.8 fills it). */
export function schedulerSummary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    time: 1_800_000_010.5,
    workersTotal: 2,
    workers: [
      {
        name: "dask.worker_0",
        address: "tls://10.0.0.5:40001",
        host: "10.0.0.5",
        nthreads: 2,
        memoryLimit: 2147483648,
        memory: 104857600,
        cpu: 98.5,
        processing: 3,
        inMemory: 12,
        status: "running",
      },
      {
        name: "dask.worker_1",
        address: "tls://10.0.0.6:40001",
        host: "10.0.0.6",
        nthreads: 2,
        memoryLimit: null,
        memory: null,
        cpu: null,
        processing: 0,
        inMemory: 4,
        status: "running",
      },
    ],
    tasks: { total: 40, byState: { memory: 16, processing: 3, queued: 21 } },
    prefixes: [{ name: "sleep", states: { memory: 16, processing: 3, queued: 21 } }],
    computations: [{ start: 1_800_000_000, running: true, prefixes: ["sleep"], states: { memory: 16, queued: 24 } }],
    taskStream: [
      { prefix: "sleep", worker: "tls://10.0.0.5:40001", action: "compute", start: 1_800_000_001, stop: 1_800_000_002 },
    ],
    ...overrides,
  };
}
