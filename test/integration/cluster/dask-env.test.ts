// The packed dask environment is what users ship: a venv-pack archive that unpacks
// anywhere on a node and runs dask from its own interpreter.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../support/cluster.js";

test("the dask environment archive unpacks and imports the pinned dask.distributed", () => {
  const archive = execFileSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8" }).trim();
  const pinned = /^dask\[distributed\]==(\S+)/m.exec(
    readFileSync(join(ROOT, "cluster", "dask-env", "requirements.txt"), "utf8"),
  )![1];
  const dir = mkdtempSync(join(tmpdir(), "tsdask-env-"));
  try {
    execFileSync("tar", ["-xzf", archive, "-C", dir]);
    const out = execFileSync(
      join(dir, "bin", "python"),
      ["-c", "import dask, distributed, sys; print(dask.__version__, distributed.__version__, sys.prefix)"],
      { encoding: "utf8" },
    ).trim();
    const [dask, distributed, prefix] = out.split(" ");
    assert.equal(dask, pinned);
    assert.equal(distributed, pinned);
    assert.equal(prefix, dir, "the interpreter runs from the unpacked archive, not the build venv");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
