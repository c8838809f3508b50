// Prints skeleton.yaml's parsed defaults layer as JSON (src/spec/skeleton-tree.ts): scripts/build.mjs
// embeds it in the bundles, so commands that read no config file skip the YAML parser.
import { readFileSync } from "node:fs";
import { serializeTree } from "../src/spec/skeleton-tree.js";
import { parseYamlLayer } from "../src/spec/yaml-layer.js";

const text = readFileSync(new URL("../skeleton.yaml", import.meta.url), "utf8");
process.stdout.write(serializeTree(parseYamlLayer(text, "skeleton.yaml", "default")));
