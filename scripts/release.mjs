// npm run release: builds dist/ and writes the release artifacts to release/ (not tracked):
//   tsdask-yarn-<v>.tgz                  the npm package (npm pack): `npm install -g` it
//   tsdask_yarn-<v>-py3-none-any.whl     the Python package with the CLI bundled (hatch_build.py)
//   tsdask_yarn-<v>.tar.gz               its sdist (carries the bundle too, so it builds without npm)
// The version is package.json's alone: python/pyproject.toml reads it at build time.
// The Python build runs hatchling from a small venv under build/ (made once; pip's cache serves it).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "release");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
const log = (m) => process.stderr.write(`[release] ${m}\n`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
log(`building tsdask-yarn ${version}`);
run("npm", ["run", "--silent", "build"]);
run("npm", ["pack", "--silent", "--pack-destination", out]);

const venv = join(root, "build", "release-venv");
const python = join(venv, "bin", "python");
if (!existsSync(join(venv, ".complete"))) {
  log("making the build venv (hatchling) in build/release-venv");
  rmSync(venv, { recursive: true, force: true });
  run(process.env.TSDASK_PYTHON || "python3", ["-m", "venv", venv]);
  run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "hatchling>=1.18"]);
  execFileSync("touch", [join(venv, ".complete")]);
}
run(python, ["-m", "hatchling", "build", "-d", out], join(root, "python"));

// What a user installs must carry this version; a stale or missing artifact fails the release.
const expected = [`tsdask-yarn-${version}.tgz`, `tsdask_yarn-${version}-py3-none-any.whl`, `tsdask_yarn-${version}.tar.gz`];
const made = readdirSync(out);
const missing = expected.filter((f) => !made.includes(f));
if (missing.length) {
  log(`error: expected ${missing.join(", ")} in release/, found ${made.join(", ") || "nothing"}`);
  process.exit(1);
}
for (const f of expected) log(`${(statSync(join(out, f)).size / 1e6).toFixed(1).padStart(6)} MB  release/${f}`);
