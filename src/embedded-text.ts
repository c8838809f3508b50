// Text files the bundles carry inside them (skeleton.yaml, the Python modules of src/service): the
// AM and the service wrapper run in YARN containers with only their .js beside them, and the CLI
// writes `config init` from anywhere. scripts/build.mjs reads each file once and passes it to esbuild as a
// `define` (a string literal in the bundle); run from source (tsx: tests, bench) the same file is
// read from the checkout. Either way the file in the repository is the only copy.
import { readFileSync } from "node:fs";

/**
 * The text the build embedded (`built`: the define's value, undefined when running from source),
 * else the file at `source` (a URL relative to the importing module).
 */
export function embeddedText(built: string | undefined, source: URL): string {
  return built ?? readFileSync(source, "utf8");
}
