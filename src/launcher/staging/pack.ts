// Packs a local directory into a .tar.gz whose bytes depend only on the directory's content:
// entries in sorted order, one fixed mtime, no owner names/ids (tar `portable`), so the same
// directory always hashes the same and hits the upload cache.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { create as tarCreate } from "tar";

/** Fixed entry time. Not 0: some unpackers warn about 1970 timestamps. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/** Relative paths of every entry under `dir`, depth-first, sorted by code unit at each level. */
export function sortedEntries(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  const names = readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const d of names) {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    out.push(rel);
    if (d.isDirectory()) out.push(...sortedEntries(dir, rel));
  }
  return out;
}

/** Writes `dir`'s content (not the dir itself) as a gzipped tar to `outFile`. */
export async function packDirectory(dir: string, outFile: string): Promise<void> {
  const entries = sortedEntries(dir);
  await tarCreate(
    {
      file: outFile,
      cwd: dir,
      gzip: true,
      portable: true,
      mtime: FIXED_MTIME,
      // We list every entry ourselves, in order; letting tar recurse would use readdir's order.
      noDirRecurse: true,
    },
    entries.length ? entries : [],
  );
}
