// Finds Java and Maven, resolves the Hadoop jars from Maven Central once, and builds the
// `java ...` command line for any Hadoop main class (daemons and Hadoop's own CLIs).
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, realpathSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CLUSTER_DIR, HADOOP_VERSION, type Layout } from "./layout.js";

export class ClusterError extends Error {}

export function javaHome(): string {
  const fromEnv = process.env.JAVA_HOME;
  if (fromEnv && existsSync(join(fromEnv, "bin", "java"))) return fromEnv;
  const java = onPath("java");
  if (!java)
    throw new ClusterError(
      "Java not found: JAVA_HOME is unset and there is no 'java' on PATH. " +
        "Install a JDK 17 (Debian: apt-get install -y openjdk-17-jdk-headless) or set JAVA_HOME.",
    );
  return join(realpathSync(java), "..", "..");
}

/** The first executable `name` on PATH, found without spawning a shell. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir || ".", name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function javaMajor(home: string): number {
  const out = spawnSync(join(home, "bin", "java"), ["-version"], { encoding: "utf8" }).stderr;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new ClusterError(`cannot read the Java version from '${out.split("\n")[0]}'`);
  return m[1] === "1" ? Number(m[2]) : Number(m[1]);
}

/** Releases whose DistributedShell jar Maven Central does not serve. */
const NO_DISTRIBUTEDSHELL = new Set(["3.3.6"]);

/** Resolves the jars into `l.lib` (copy-dependencies), atomically: a half-done copy is never used. */
export function ensureJars(l: Layout, log: (s: string) => void): { resolvedNow: boolean; seconds: number } {
  if (existsSync(join(l.lib, `hadoop-common-${HADOOP_VERSION}.jar`))) return { resolvedNow: false, seconds: 0 };
  if (!onPath("mvn"))
    throw new ClusterError(
      "Maven ('mvn') not found on PATH; it resolves the Hadoop jars from Maven Central. " +
        "Install it (Debian: apt-get install -y maven) and run again.",
    );
  const tmp = `${l.lib}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  log(`resolving Hadoop ${HADOOP_VERSION} jars from Maven Central (first run only)...`);
  const t0 = Date.now();
  const r = spawnSync(
    "mvn",
    [
      "-B",
      "-q",
      "-f",
      join(CLUSTER_DIR, "pom.xml"),
      `-Dhadoop.version=${HADOOP_VERSION}`,
      "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
      `-DoutputDirectory=${tmp}`,
      "-DincludeScope=runtime",
      ...(NO_DISTRIBUTEDSHELL.has(HADOOP_VERSION) ? ["-P", "!distributedshell"] : []),
      // A separate local repository lets bench/cluster.ts time a cold resolution.
      ...(process.env.TSDASK_MAVEN_REPO ? [`-Dmaven.repo.local=${process.env.TSDASK_MAVEN_REPO}`] : []),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new ClusterError(
      `Maven could not resolve Hadoop ${HADOOP_VERSION}:\n${(r.stdout + r.stderr).split("\n").slice(-30).join("\n")}`,
    );
  }
  renameSync(tmp, l.lib);
  const seconds = (Date.now() - t0) / 1000;
  log(`resolved ${readdirSync(l.lib).length} jars in ${seconds.toFixed(1)} s`);
  return { resolvedNow: true, seconds };
}

/** The JPMS opens Hadoop 3.4.2's scripts pass on Java 17 (HADOOP-19310), plus java.net etc. for Guice/cglib. */
export const JPMS_FLAGS = [
  "-XX:+IgnoreUnrecognizedVMOptions",
  ...[
    "java.io",
    "java.lang",
    "java.lang.reflect",
    "java.math",
    "java.net",
    "java.nio",
    "java.text",
    "java.util",
    "java.util.concurrent",
    "java.util.zip",
    "sun.security.util",
    "sun.security.x509",
    "sun.nio.ch",
  ].map((p) => `--add-opens=java.base/${p}=ALL-UNNAMED`),
  "--add-exports=java.base/sun.net.dns=ALL-UNNAMED",
  "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
];

export interface JavaCommand {
  java: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** `java <flags> <mainClass> <args>` with the conf dir first on the classpath, as Hadoop's scripts do. */
export function javaCommand(
  l: Layout,
  mainClass: string,
  args: string[],
  opts: { heapMb: number; name: string; jvmFlags?: string[]; env?: Record<string, string>; classpath?: string[] },
): JavaCommand {
  const home = javaHome();
  return {
    java: join(home, "bin", "java"),
    args: [
      `-Dproc_${opts.name}`,
      `-Xmx${opts.heapMb}m`,
      "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC",
      "-Djava.net.preferIPv4Stack=true",
      `-Dhadoop.log.dir=${l.logs}`,
      `-Dyarn.log.dir=${l.logs}`,
      `-Dhadoop.log.file=${opts.name}.log`,
      `-Dhadoop.home.dir=${l.work}`,
      "-Dhadoop.root.logger=INFO,console",
      "-Dhadoop.security.logger=INFO,NullAppender",
      ...JPMS_FLAGS,
      ...(opts.jvmFlags ?? []),
      mainClass,
      ...args,
    ],
    env: {
      ...process.env,
      JAVA_HOME: home,
      HADOOP_CONF_DIR: l.conf,
      HADOOP_HOME: l.work,
      // A daemon's own classpath entries come first: one may hold a core-site.xml of its own.
      CLASSPATH: [...(opts.classpath ?? []), l.conf, `${l.lib}/*`].join(":"),
      HADOOP_USER_NAME: process.env.HADOOP_USER_NAME ?? "root",
      ...opts.env,
    },
  };
}

/** Hadoop's own CLIs by the names users know them: `yarn application ...`, `hdfs dfs ...`. */
export const TOOL_CLASSES: Record<"yarn" | "hdfs", Record<string, string>> = {
  yarn: {
    application: "org.apache.hadoop.yarn.client.cli.ApplicationCLI",
    applicationattempt: "org.apache.hadoop.yarn.client.cli.ApplicationCLI",
    container: "org.apache.hadoop.yarn.client.cli.ApplicationCLI",
    node: "org.apache.hadoop.yarn.client.cli.NodeCLI",
    logs: "org.apache.hadoop.yarn.client.cli.LogsCLI",
    queue: "org.apache.hadoop.yarn.client.cli.QueueCLI",
    rmadmin: "org.apache.hadoop.yarn.client.cli.RMAdminCLI",
    distributedshell: "org.apache.hadoop.yarn.applications.distributedshell.Client",
  },
  hdfs: {
    dfs: "org.apache.hadoop.fs.FsShell",
    dfsadmin: "org.apache.hadoop.hdfs.tools.DFSAdmin",
    fsck: "org.apache.hadoop.hdfs.tools.DFSck",
  },
};

export function execQuiet(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}
