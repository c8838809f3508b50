// loadSpec: skeleton defaults ← user config file ← TSDASK_YARN_* ← --spec FILE ← flags, merged with
// the source of every value kept, then built into one validated spec. The only I/O is reading the
// two config files.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { buildSpec } from "./build.js";
import { CONFIG_ENV_VAR, envLayer, flagLayer } from "./dotted-layer.js";
import { SpecError } from "./errors.js";
import { SKELETON_YAML } from "./skeleton.js";
import { entriesOf, merge, type Branch } from "./tree.js";
import type { ApplicationSpec, LoadedSpec, LoadSpecOptions, ValueSource } from "./types.js";
import { parseYamlLayer } from "./yaml-layer.js";

/** $TSDASK_YARN_CONFIG, else ~/.config/tsdask-yarn/config.yaml (where `config init` writes). */
export function userConfigPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  homeDir = homedir(),
): string {
  return env[CONFIG_ENV_VAR] || join(homeDir, ".config", "tsdask-yarn", "config.yaml");
}

export function skeletonLayer(): Branch {
  return parseYamlLayer(SKELETON_YAML, "skeleton.yaml", "default");
}

/** Reads a config file; undefined when it is optional and missing. */
function readConfig(path: string, kind: "config" | "spec", required: boolean, source: ValueSource): Branch | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !required) return undefined;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : String(e);
    const what = kind === "spec" ? "spec file" : "config file";
    throw new SpecError(
      "SPEC_FILE",
      "",
      `cannot read ${what} ${path}: ${why}`,
      source,
      kind === "spec"
        ? "check the --spec path"
        : `check ${CONFIG_ENV_VAR}, or create it with 'tsdask-yarn config init'`,
      { cause: e },
    );
  }
  return parseYamlLayer(text, path, kind);
}

export function loadSpec(opts: LoadSpecOptions = {}): LoadedSpec {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir ?? homedir();
  const cwd = opts.cwd ?? process.cwd();
  const files: string[] = [];
  const layers: Branch[] = [skeletonLayer()];

  const configPath = resolve(cwd, userConfigPath(env, homeDir));
  const explicit = Boolean(env[CONFIG_ENV_VAR]);
  const config = readConfig(configPath, "config", explicit, { kind: "env", name: CONFIG_ENV_VAR });
  if (config) {
    layers.push(config);
    files.push(configPath);
  }
  const { layer: envTree, warnings } = envLayer(env);
  layers.push(envTree);
  if (opts.specFile !== undefined) {
    const specPath = resolve(cwd, opts.specFile);
    layers.push(readConfig(specPath, "spec", true, { kind: "flag", name: "--spec" })!);
    files.push(specPath);
  }
  if (opts.flags) layers.push(flagLayer(opts.flags, opts.flagNames));

  const merged = layers.reduce(merge);
  const spec = buildSpec(merged, {
    ctx: { cwd, homeDir },
    script: opts.script,
    allowMissingEnvironment: opts.allowMissingEnvironment,
  });
  const entries = entriesOf(merged);
  if (opts.script) {
    const args = opts.script.args ?? [];
    entries.push({
      key: "script",
      path: ["script"],
      value: [opts.script.path, ...args].join(" "),
      source: { kind: "script" },
    });
  }
  const sources = new Map(entries.map((e) => [e.key, e.source]));
  return { spec, sources, entries, warnings, files };
}

/** One YAML text on top of the defaults, nothing else: for tests and tools that hold a spec in hand. */
export function specFromYaml(
  text: string,
  opts: { file?: string; cwd?: string; homeDir?: string; allowMissingEnvironment?: boolean } = {},
): ApplicationSpec {
  const cwd = opts.cwd ?? process.cwd();
  const layer = parseYamlLayer(text, opts.file ?? "<spec>", "spec");
  return buildSpec(merge(skeletonLayer(), layer), {
    ctx: { cwd, homeDir: opts.homeDir ?? homedir() },
    allowMissingEnvironment: opts.allowMissingEnvironment,
  });
}
