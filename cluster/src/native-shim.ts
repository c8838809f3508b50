// The NodeManager of the secure cluster gets cluster/java/org/apache/hadoop/io/SecureIOUtils.java
// first on its classpath (why: see that file). It is compiled once per work dir with the JDK's
// javac against the cluster's own Hadoop jars, and again when the source changes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLUSTER_DIR, type Layout } from "./layout.js";
import { ClusterError, javaHome } from "./tools.js";

const SOURCE = join(CLUSTER_DIR, "java", "org", "apache", "hadoop", "io", "SecureIOUtils.java");

/** Compiles the stand-in if needed; returns the directory to put before the Hadoop jars. */
export function ensureShim(l: Layout): string {
  const dir = join(l.security, "classes");
  const cls = join(dir, "org", "apache", "hadoop", "io", "SecureIOUtils.class");
  if (existsSync(cls) && statSync(cls).mtimeMs >= statSync(SOURCE).mtimeMs) return dir;
  const javac = join(javaHome(), "bin", "javac");
  if (!existsSync(javac))
    throw new ClusterError(
      `'up --secure' compiles one class and needs a JDK's javac (not found at ${javac}). Install a JDK ` +
        "(Debian: apt-get install -y --no-install-recommends openjdk-17-jdk-headless) or set JAVA_HOME to one.",
    );
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(javac, ["-nowarn", "-cp", `${l.lib}/*`, "-d", dir, SOURCE], { encoding: "utf8" });
  if (r.status !== 0) throw new ClusterError(`javac ${SOURCE} failed:\n${r.stdout}${r.stderr}`);
  return dir;
}
