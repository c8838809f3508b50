// The config layers of loadSpec: skeleton defaults ← user config file ← TSDASK_YARN_* ← --spec FILE
// ← flags, merged with the source of every value kept, then built into one validated spec. The
// only I/O is reading the two config files. The YAML parser is passed in: load.ts gives it always;
// loadSpecLean (status and the other quick commands) loads it only when a file is to be parsed,
// because the yaml package is a quarter of a megabyte to load and the defaults come pre-parsed
// from the build (skeleton-tree.ts).
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { buildSpec } from "./build.js";
import { CONFIG_ENV_VAR, envLayer, flagLayer } from "./dotted-layer.js";
import { SpecError } from "./errors.js";
import { SKELETON_YAML } from "./skeleton.js";
import { builtSkeletonTree } from "./skeleton-tree.js";
import { entriesOf, merge, type Branch } from "./tree.js";
import type { LoadedSpec, LoadSpecOptions, ValueSource } from "./types.js";
import type { parseYamlLayer } from "./yaml-layer.js";

export type YamlParse = typeof parseYamlLayer;

/** $TSDASK_YARN_CONFIG, else ~/.config/tsdask-yarn/config.yaml (where `config init` writes). */
export function userConfigPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  homeDir = homedir(),
): string {
  return env[CONFIG_ENV_VAR] || join(homeDir, ".config", "tsdask-yarn", "config.yaml");
}

/** The defaults: the tree the build parsed (skeleton-tree.ts), else skeleton.yaml parsed now. */
export function skeletonLayer(parse: YamlParse | undefined): Branch {
  const built = builtSkeletonTree();
  if (built) return built;
  return needParser(parse)(SKELETON_YAML, "skeleton.yaml", "default");
}

function needParser(parse: YamlParse | undefined): YamlParse {
  // loadSpecLean loads the parser whenever a file will be parsed; reaching this without one is a bug.
  if (!parse) throw new Error("internal: a YAML layer to parse but no YAML parser loaded");
  return parse;
}

/** Reads a config file; undefined when it is optional and missing. */
function readConfig(
  parse: YamlParse | undefined,
  path: string,
  kind: "config" | "spec",
  required: boolean,
  source: ValueSource,
): Branch | undefined {
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
  return needParser(parse)(text, path, kind);
}

/** loadSpec with the YAML parser given (undefined: no file to parse, see loadSpecLean). */
export function loadSpecWith(parse: YamlParse | undefined, opts: LoadSpecOptions = {}): LoadedSpec {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir ?? homedir();
  const cwd = opts.cwd ?? process.cwd();
  const files: string[] = [];
  const layers: Branch[] = [skeletonLayer(parse)];

  const configPath = resolve(cwd, userConfigPath(env, homeDir));
  const explicit = Boolean(env[CONFIG_ENV_VAR]);
  const config = readConfig(parse, configPath, "config", explicit, { kind: "env", name: CONFIG_ENV_VAR });
  if (config) {
    layers.push(config);
    files.push(configPath);
  }
  const { layer: envTree, warnings } = envLayer(env);
  layers.push(envTree);
  if (opts.specFile !== undefined) {
    const specPath = resolve(cwd, opts.specFile);
    layers.push(readConfig(parse, specPath, "spec", true, { kind: "flag", name: "--spec" })!);
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

/**
 * loadSpec for commands that start often and read little (status): the YAML parser is loaded only
 * when there is a file to parse (a user config file, --spec, or defaults not pre-parsed by the build).
 */
export async function loadSpecLean(opts: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const env = opts.env ?? process.env;
  const configPath = resolve(opts.cwd ?? process.cwd(), userConfigPath(env, opts.homeDir ?? homedir()));
  const needed =
    !builtSkeletonTree() || opts.specFile !== undefined || Boolean(env[CONFIG_ENV_VAR]) || existsSync(configPath);
  const parse = needed ? (await import("./yaml-layer.js")).parseYamlLayer : undefined;
  return loadSpecWith(parse, opts);
}
