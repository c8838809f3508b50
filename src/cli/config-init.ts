// `config init`: writes the commented defaults (skeleton.yaml) to the user config path, where
// loadSpec reads them. Never overwrites a config someone edited, unless --force.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { TsdaskError } from "../errors.js";
import { SKELETON_YAML, userConfigPath } from "../spec/index.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";

export async function configInit(ctx: CommandContext, opts: { force?: boolean; path?: string }): Promise<number> {
  const { io } = ctx;
  const path = resolve(io.cwd, opts.path ?? userConfigPath(io.env, io.homeDir));
  const existed = existsSync(path);
  if (existed && !opts.force) {
    throw new TsdaskError(
      "CONFIG_EXISTS",
      `${path} already exists`,
      "Edit it, or pass --force to replace it with the defaults.",
    );
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, SKELETON_YAML, { mode: 0o644 });
  } catch (e) {
    throw new TsdaskError(
      "CONFIG_WRITE",
      `cannot write ${path}: ${(e as Error).message}`,
      "Check the directory's permissions.",
      {
        cause: e,
      },
    );
  }
  if (ctx.global.json) printJson(io, { path, replaced: existed });
  else io.out(`${path}\n`);
  io.err(`${existed ? "replaced" : "wrote"} ${path}; set environment: to your packed Python environment\n`);
  return 0;
}
