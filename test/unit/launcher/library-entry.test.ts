// The package's library entry as a TypeScript/Node user gets it: `import { YarnCluster } from
// "tsdask-yarn"` resolves through package.json "exports" to the built dist/index.js and its
// declarations, type-checks under strict NodeNext, and `await using` is accepted. (Node resolves
// a package's own name from inside it, so no install is needed.) Needs `npm run build`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../support/cluster.js";

test("import { YarnCluster } from 'tsdask-yarn' loads the built library", async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- not a literal: tsc must not resolve the package to dist/, unbuilt in a clean clone
  const lib = (await import("tsdask-yarn" as string)) as Record<string, unknown>;
  const YarnCluster = lib.YarnCluster as { start?: unknown; fromApplicationId?: unknown; prototype: object };
  assert.equal(typeof YarnCluster.start, "function");
  assert.equal(typeof YarnCluster.fromApplicationId, "function");
  for (const m of ["scale", "adapt", "workers", "logs", "shutdown", Symbol.asyncDispose]) {
    assert.equal(typeof (YarnCluster.prototype as Record<string | symbol, unknown>)[m], "function", String(m));
  }
  assert.equal(typeof lib.submit, "function");
  assert.equal(typeof lib.TsdaskError, "function");
});

/** The library's runtime exports: what src/index.ts promises, and nothing internal. */
const PUBLIC_VALUES = [
  "ControlError",
  "LauncherError",
  "RemoteJavaError",
  "SpecError",
  "TsdaskError",
  "YarnCluster",
  "applicationReport",
  "connect",
  "credentials",
  "exitCodeOf",
  "kill",
  "loadSpec",
  "refreshCredentials",
  "scale",
  "shutdown",
  "stageAndSubmit",
  "status",
  "submit",
  "waitForFinish",
];

test("the package exports the library and nothing internal", async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- not a literal: tsc must not resolve the package to dist/, unbuilt in a clean clone
  const lib = (await import("tsdask-yarn" as string)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(lib).sort(), PUBLIC_VALUES);
  for (const internal of ["shellQuotedValue", "parseLogList", "openCluster", "clusterClients", "amSubmission"]) {
    assert.equal(lib[internal], undefined, internal);
  }
});

test("a strict NodeNext consumer type-checks against dist/types, with await using", () => {
  // Inside the package directory, so the self-reference resolves; removed afterwards.
  const dir = mkdtempSync(join(ROOT, "test", "unit", "launcher", ".consumer-"));
  try {
    writeFileSync(
      join(dir, "consumer.ts"),
      `import { YarnCluster, TsdaskError, type YarnClusterOptions, type ContainerInfo } from "tsdask-yarn";
// @ts-expect-error internals are not part of the package's surface
import { shellQuotedValue } from "tsdask-yarn";
void shellQuotedValue;
const options: YarnClusterOptions = { environment: "env.tar.gz", nWorkers: 2, workerMemory: "2 GiB" };
export async function run(): Promise<string> {
  await using cluster = await YarnCluster.start(options);
  await cluster.scale(3);
  await cluster.adapt({ minimum: 1, maximum: 4 });
  const workers: ContainerInfo[] = await cluster.workers();
  const logs = await cluster.logs({ services: ["dask.worker"] });
  return cluster.schedulerAddress + (cluster.dashboardLink ?? "") + workers.length + logs.length + cluster.appId;
}
export const isOurs = (e: unknown): boolean => e instanceof TsdaskError && e.code.length > 0;
export const exitOf = (e: TsdaskError): number => (e.kind === "input" ? 2 : 1);
export const isQueueProblem = (e: TsdaskError): boolean => e.code === "QUEUE_UNKNOWN";

`,
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const args = [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext"];
    const r = spawnSync(
      process.execPath,
      [
        ...args,
        "--target",
        "es2022",
        "--lib",
        "es2023,esnext.disposable",
        "--types",
        "node",
        "--skipLibCheck",
        join(dir, "consumer.ts"),
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
