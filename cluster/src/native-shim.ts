// Java classes the local cluster's NodeManager loads before Hadoop's jars, standing in for what
// libhadoop.so gives a real site (Maven Central ships the jars, not the native library):
//  - the secure cluster's SecureIOUtils (cluster/java/org/apache/hadoop/io; why: see that file);
//  - `up --local-fs nio`: a local file system whose setPermission is one system call
//    (cluster/java/tsdask/cluster; why: see NioRawLocalFileSystem.java).
// Each is compiled once per work dir with the JDK's javac against the cluster's own Hadoop jars,
// and again when a source changes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLUSTER_DIR, type Layout } from "./layout.js";
import { ClusterError, javaHome } from "./tools.js";

const JAVA = join(CLUSTER_DIR, "java");

/** Compiles `classes` (dotted names, sources under cluster/java) into `dir` when older than their sources. */
export function compileClasses(l: Layout, dir: string, classes: readonly string[], why: string): string {
  const files = classes.map((c) => c.replace(/\./g, "/"));
  const stale = files.some((f) => {
    const cls = join(dir, `${f}.class`);
    return !existsSync(cls) || statSync(cls).mtimeMs < statSync(join(JAVA, `${f}.java`)).mtimeMs;
  });
  if (!stale) return dir;
  const javac = join(javaHome(), "bin", "javac");
  if (!existsSync(javac))
    throw new ClusterError(
      `${why} compiles Java classes and needs a JDK's javac (not found at ${javac}). Install a JDK ` +
        "(Debian: apt-get install -y --no-install-recommends openjdk-17-jdk-headless) or set JAVA_HOME to one.",
    );
  mkdirSync(dir, { recursive: true });
  const sources = files.map((f) => join(JAVA, `${f}.java`));
  const r = spawnSync(javac, ["-nowarn", "-cp", `${l.lib}/*`, "-d", dir, ...sources], { encoding: "utf8" });
  if (r.status !== 0) throw new ClusterError(`javac ${sources.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return dir;
}

/** Compiles the secure cluster's SecureIOUtils if needed; returns the directory to put before the Hadoop jars. */
export function ensureShim(l: Layout): string {
  return compileClasses(l, join(l.security, "classes"), ["org.apache.hadoop.io.SecureIOUtils"], "'up --secure'");
}
