// The three ApplicationMasters the container scenarios compare, each asked for n trivial containers
// (`sleep 600`, 128 MiB, 1 vcore) the way its users would ask, each AM container at its tool's
// usual 512 MiB: ours (a generic service of n instances, no dask), Skein's Java AM (a skein
// service of n instances, submitted through its Python client and Java driver from the peer venv)
// and Hadoop's DistributedShell (-num_containers n). Each start returns at once; the caller watches
// the RM (rm-watch.ts) and stops the application, which kills it and whatever client it left.
import { spawn } from "node:child_process";
import { openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AllocateLoopStats } from "../../src/control/types.js";
import { kill, status, submit } from "../../src/launcher/index.js";
import { specFromYaml } from "../../src/spec/index.js";
import { ResourceManagerClient } from "../../src/yarn-rest/index.js";
import { LineChild } from "./child-lines.js";
import { ROOT } from "./cluster.js";
import { getJson } from "./rm-watch.js";
import type { BenchContext } from "./scenario.js";

export type AmTool = "ours" | "skein" | "distributedshell";

export interface HeldApp {
  /** The application id once known. */
  appId(): Promise<string | undefined>;
  /** The AM's executable, to find its process in /proc. */
  readonly exe: "node" | "java";
  /** Rejects when the tool's client fails before the application runs; never resolves. */
  readonly failed: Promise<never>;
  /** Kills the application and the tool's client; safe to call twice. */
  stop(): Promise<void>;
  /** The AM's allocate loop as it reports it (ours only: Java AMs expose no such figure). */
  allocateLoop?(): Promise<AllocateLoopStats | undefined>;
}

const CONTAINER = { memoryMb: 128, vcores: 1, command: "sleep 600" };
const never = <T>(p: Promise<T>): Promise<never> => p.then(() => new Promise<never>(() => undefined));

function startOurs(ctx: BenchContext, n: number): HeldApp {
  const yaml = [
    "name: tsdask-bench-containers",
    `hadoop: {conf-dir: ${ctx.cluster.confDir}}`,
    "max-attempts: 1",
    "dask: false",
    "services:",
    `  sleeper: {instances: ${n}, memory: ${CONTAINER.memoryMb} MiB, vcores: ${CONTAINER.vcores}, script: exec ${CONTAINER.command}}`,
  ].join("\n");
  let id: string | undefined;
  const submitted = submit(specFromYaml(yaml, { cwd: ROOT, allowMissingEnvironment: true }), {
    runtime: { distDir: join(ROOT, "dist") },
    onEvent: (e) => (e.kind === "new-application" ? (id = e.appId) : undefined),
  });
  return {
    appId: () => Promise.resolve(id),
    exe: "node",
    failed: never(submitted),
    async allocateLoop() {
      return id
        ? (await status(id, { hadoop: { confDir: ctx.cluster.confDir } })).am?.application.allocateLoop
        : undefined;
    },
    async stop() {
      await submitted.catch(() => undefined);
      if (id) await kill(id, { hadoop: { confDir: ctx.cluster.confDir } }).catch(() => undefined);
    },
  };
}

function startSkein(ctx: BenchContext, n: number): HeldApp {
  if ("missing" in ctx.peer) throw new Error(ctx.peer.missing);
  const py = join(ctx.peer.dir, "venv", "bin", "python");
  const client = new LineChild([py, join(ROOT, "bench", "py", "skein_sleep.py"), String(n)], ctx.env);
  const submitted = client.next("the skein application id", 180_000);
  let id: string | undefined;
  void submitted.then(
    (line) => (id = line.trim()),
    () => undefined,
  );
  return {
    appId: () => Promise.resolve(id),
    exe: "java",
    failed: never(submitted), // its error carries the client's stderr tail
    async stop() {
      await client.end(60_000).catch(() => undefined);
      if (id) await rmKill(ctx, id);
    },
  };
}

function startDistributedShell(ctx: BenchContext, n: number): HeldApp {
  const name = `tsdask-bench-ds-${n}-${process.pid}-${Date.now()}`;
  const logFile = join(ctx.cluster.confDir, "..", `${name}.log`);
  const jar = join(ctx.hadoopLib, `hadoop-yarn-applications-distributedshell-${ctx.cluster.hadoopVersion}.jar`);
  // The DS client blocks until its application ends: it runs in its own process group, killed by stop().
  const client = spawn(
    join(ROOT, "cluster", "hadoop"),
    [
      ...["yarn", "distributedshell", "-jar", jar, "-appname", name],
      ...["-shell_command", CONTAINER.command, "-num_containers", String(n)],
      ...["-container_memory", String(CONTAINER.memoryMb), "-container_vcores", String(CONTAINER.vcores)],
      ...["-master_memory", "512", "-timeout", "1800000"],
    ],
    { env: ctx.env, stdio: ["ignore", openSync(logFile, "w"), openSync(logFile, "a")], detached: true },
  );
  // stop() kills the client and removes its log: by the time "exit" comes, the log may be gone.
  const tail = () => {
    try {
      return readFileSync(logFile, "utf8").slice(-500);
    } catch {
      return "(its log was removed)";
    }
  };
  const exited = new Promise<never>((_, reject) =>
    client.on("exit", (code) => reject(new Error(`the DistributedShell client exited ${code}: ${tail()}`))),
  );
  let id: string | undefined;
  return {
    async appId() {
      const apps: any[] = (await getJson(`${ctx.cluster.rmWeb}/ws/v1/cluster/apps`)).apps?.app ?? [];
      return (id ??= apps.find((a) => a.name === name)?.id as string | undefined);
    },
    exe: "java",
    failed: exited,
    async stop() {
      exited.catch(() => undefined);
      if (id) await rmKill(ctx, id);
      try {
        process.kill(-client.pid!, "SIGKILL"); // the client's group: cluster/hadoop and its java child
      } catch {
        /* already gone */
      }
      rmSync(logFile, { force: true });
    },
  };
}

async function rmKill(ctx: BenchContext, appId: string): Promise<void> {
  const rm = new ResourceManagerClient({ urls: [ctx.cluster.rmWeb], user: ctx.cluster.user });
  await rm.killApplication(appId, "bench done").catch(() => undefined);
}

export const AM_TOOLS: Record<AmTool, { label: string; start(ctx: BenchContext, n: number): HeldApp }> = {
  ours: { label: "tsdask-yarn AM (Node.js)", start: startOurs },
  skein: { label: "Skein AM (Java)", start: startSkein },
  distributedshell: { label: "DistributedShell AM (Java)", start: startDistributedShell },
};
