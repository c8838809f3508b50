// `up --local-fs nio`: the NodeManager localizes like one with libhadoop. Its localizer (run inside
// the NM by the DefaultContainerExecutor) unpacks an archive, then sets every entry's permission
// through FileContext.getLocalFSFileContext() — an AbstractFileSystem built from a plain
// `new Configuration()`, i.e. core-site.xml and fs.AbstractFileSystem.file.impl (fs.file.impl is
// not consulted on that path). So the NM alone gets a directory first on its classpath holding the
// compiled classes and a core-site.xml naming them; every other daemon and client keeps Hadoop's
// LocalFs and never needs the classes.
import { join } from "node:path";
import { coreSiteProps } from "./config.js";
import type { Layout } from "./layout.js";
import { compileClasses } from "./native-shim.js";
import type { ClusterOptions } from "./options.js";
import { type Props, writeSite } from "./xml.js";

export const NIO_LOCAL_FS = "tsdask.cluster.NioLocalFs";

/** The core-site.xml the NodeManager reads under `--local-fs nio`: the cluster's plus the local AFS. */
export function nodeManagerCoreSite(l: Layout, o: ClusterOptions): Props {
  return { ...coreSiteProps(l, o), "fs.AbstractFileSystem.file.impl": NIO_LOCAL_FS };
}

/** Compiles the classes and writes the NM's core-site.xml; returns the directory to put first on its classpath. */
export function ensureNativeLikeFs(l: Layout, o: ClusterOptions): string {
  const dir = compileClasses(
    l,
    join(l.work, "native-like-fs"),
    [NIO_LOCAL_FS, "tsdask.cluster.NioRawLocalFileSystem"],
    "'up --local-fs nio'",
  );
  writeSite(join(dir, "core-site.xml"), nodeManagerCoreSite(l, o));
  return dir;
}
