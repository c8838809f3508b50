// Removing a failed submit's staging directory. The launcher marks the directory as "may exist"
// before it asks HDFS to make it (the answer to a mkdirs can be lost), so a failed delete alone does
// not mean something was left: in safe mode both the mkdirs and the delete are refused, and the
// directory was never made. A read (which safe mode allows) settles it.
import type { WebHdfsClient } from "../webhdfs/index.js";

/** The error to report when the directory is (or may still be) there; undefined when it is gone. */
export async function removeStagingDir(
  hdfs: Pick<WebHdfsClient, "delete" | "statIfExists">,
  dir: string,
): Promise<Error | undefined> {
  try {
    await hdfs.delete(dir, true);
    return undefined;
  } catch (e) {
    const there = await hdfs.statIfExists(dir).then(
      (s) => s !== undefined,
      () => true, // cannot tell: say what may be left
    );
    return there ? (e as Error) : undefined;
  }
}
