// The AM's file system in local mode: the application directory on this machine stands where HDFS
// stands on a cluster (stat of launch inputs, the journal, deleting the staging directory).
import { existsSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { APP_FILES } from "../../control/runtime.js";
import type { StagingFs } from "../deps.js";

export function localStagingFs(stagingDir: string): StagingFs {
  const journal = join(stagingDir, APP_FILES.journal);
  return {
    stat: (p: string) => {
      const s = statSync(p);
      return Promise.resolve({ length: s.size, modificationTime: Math.floor(s.mtimeMs) });
    },
    delete: (p: string, recursive?: boolean) => {
      const had = existsSync(p);
      rmSync(p, { recursive: recursive ?? false, force: true });
      return Promise.resolve(had);
    },
    writeJournal: (text: string) => {
      writeFileSync(`${journal}.tmp`, text, { mode: 0o600 });
      renameSync(`${journal}.tmp`, journal);
      return Promise.resolve();
    },
    readJournal: () => Promise.resolve(existsSync(journal) ? readFileSync(journal, "utf8") : undefined),
  };
}
