// Reading small files back from an application's staging directory (its control secret, its CA):
// apart from app-tls.ts, which also makes certificates, so the commands that only read them
// (status, scale, shutdown) do not load the certificate maker.
import { TsdaskError } from "../errors.js";
import { APP_FILES } from "../control/runtime.js";
import type { WebHdfsClient } from "../webhdfs/index.js";

/** A small staged file's text, or undefined when it does not exist. */
export async function readStagedText(hdfs: WebHdfsClient, path: string): Promise<string | undefined> {
  let stream;
  try {
    stream = await hdfs.open(path);
  } catch (e) {
    if (e instanceof TsdaskError && e.code === "HDFS_FILE_NOT_FOUND") return undefined;
    throw e;
  }
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The CA an application's control API certificate chains to; undefined = the app runs without TLS. */
export function readCaPem(hdfs: WebHdfsClient, stagingDir: string): Promise<string | undefined> {
  return readStagedText(hdfs, `${stagingDir}/${APP_FILES.tlsCa}`);
}
