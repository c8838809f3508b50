// skeleton.yaml, embedded so the defaults travel inside the esbuild bundles (the CLI and the AM run
// without the package's files beside them) and `config init` can write it from anywhere. The
// top-level skeleton.yaml is the single source of the defaults: scripts/build.mjs embeds it (see
// embedded-text.ts), and loadSpec parses it like any other layer, so `config show` points each
// default at its skeleton.yaml line.
import { embeddedText } from "../embedded-text.js";

/** Replaced by scripts/build.mjs with skeleton.yaml's text; not defined when run from source. */
declare const TSDASK_EMBEDDED_SKELETON_YAML: string | undefined;

export const SKELETON_YAML: string = embeddedText(
  typeof TSDASK_EMBEDDED_SKELETON_YAML === "string" ? TSDASK_EMBEDDED_SKELETON_YAML : undefined,
  new URL("../../skeleton.yaml", import.meta.url),
);
