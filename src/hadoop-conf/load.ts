// Finds the Hadoop configuration directory and loads its site files in Hadoop's order:
// core-site.xml, then hdfs-site.xml, then yarn-site.xml (later files override, <final> wins).
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { TsdaskError } from "../errors.js";
import { HadoopConfiguration } from "./configuration.js";
import { parseSiteXml } from "./site-xml.js";

export const SITE_FILES = ["core-site.xml", "hdfs-site.xml", "yarn-site.xml"] as const;

export interface ConfDirChoice {
  /** The directory to read, or undefined when none was configured (use Hadoop's defaults). */
  dir: string | undefined;
  /** Where the choice came from, for messages. */
  from: "explicit" | "HADOOP_CONF_DIR" | "HADOOP_HOME" | "none";
}

/** Explicit dir, else $HADOOP_CONF_DIR, else $HADOOP_HOME/etc/hadoop (the hadoop script's order). */
export function findConfDir(
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConfDirChoice {
  if (explicit) return { dir: explicit, from: "explicit" };
  if (env.HADOOP_CONF_DIR) return { dir: env.HADOOP_CONF_DIR, from: "HADOOP_CONF_DIR" };
  if (env.HADOOP_HOME) return { dir: join(env.HADOOP_HOME, "etc", "hadoop"), from: "HADOOP_HOME" };
  return { dir: undefined, from: "none" };
}

/**
 * Loads the site files of `choice.dir`. A missing file is fine (Hadoop then uses its defaults);
 * a missing directory, an unreadable file or malformed XML is an error naming the path.
 */
export function loadConfDir(
  choice: ConfDirChoice,
  env: Readonly<Record<string, string | undefined>> = process.env,
): HadoopConfiguration {
  const conf = new HadoopConfiguration(env);
  if (!choice.dir) return conf;
  let isDir = false;
  try {
    isDir = statSync(choice.dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new TsdaskError(
      "HADOOP_CONF_DIR_MISSING",
      // "explicit" is how the caller passed it: --conf-dir on the CLI, hadoop.conf-dir in a spec.
      `Hadoop configuration directory ${choice.dir} (from ${choice.from === "explicit" ? "--conf-dir / hadoop.conf-dir" : choice.from}) does not exist or is not a directory`,
      "Set HADOOP_CONF_DIR to the directory holding core-site.xml and yarn-site.xml, or give the addresses explicitly.",
    );
  }
  for (const name of SITE_FILES) {
    const path = join(choice.dir, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new TsdaskError(
        "HADOOP_CONF_UNREADABLE",
        `cannot read ${path}: ${(e as Error).message}`,
        `Check the file's permissions, or point HADOOP_CONF_DIR at a readable copy.`,
        { cause: e },
      );
    }
    conf.addResource(parseSiteXml(text, path));
  }
  return conf;
}
