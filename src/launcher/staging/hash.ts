// sha256 of a local file, streamed (environment archives can be many GiB).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { TsdaskError } from "../../errors.js";

/** Aborting stops between two 1 MiB reads (hashing many GiB takes a while; Ctrl-C must not). */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (signal?.aborted) throw new TsdaskError("HASH_ABORTED", `hashing ${path} was interrupted`);
    h.update(chunk as Buffer);
  }
  return h.digest("hex");
}
