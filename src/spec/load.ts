// loadSpec: the config layers of load-layers.ts with the YAML parser always loaded (the library,
// submit, the AM); specFromYaml for a spec in hand.
import { homedir } from "node:os";
import { buildSpec } from "./build.js";
import { loadSpecWith, skeletonLayer } from "./load-layers.js";
import { merge } from "./tree.js";
import type { ApplicationSpec, LoadedSpec, LoadSpecOptions } from "./types.js";
import { parseYamlLayer } from "./yaml-layer.js";

export { loadSpecLean, userConfigPath } from "./load-layers.js";

export function loadSpec(opts: LoadSpecOptions = {}): LoadedSpec {
  return loadSpecWith(parseYamlLayer, opts);
}

/** One YAML text on top of the defaults, nothing else: for tests and tools that hold a spec in hand. */
export function specFromYaml(
  text: string,
  opts: { file?: string; cwd?: string; homeDir?: string; allowMissingEnvironment?: boolean } = {},
): ApplicationSpec {
  const cwd = opts.cwd ?? process.cwd();
  const layer = parseYamlLayer(text, opts.file ?? "<spec>", "spec");
  return buildSpec(merge(skeletonLayer(parseYamlLayer), layer), {
    ctx: { cwd, homeDir: opts.homeDir ?? homedir() },
    allowMissingEnvironment: opts.allowMissingEnvironment,
  });
}
