// CLI start: `tsdask-yarn --help` and `--version` as users run them (a fresh process each time)
// against `node -e 0`, the floor of any Node.js CLI. No cluster needed.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../lib/cluster.js";
import { figure, type Scenario } from "../lib/scenario.js";

function wallMs(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: 60_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export const cliStart: Scenario = {
  name: "cli-start",
  needsCluster: false,
  async run({ runs }) {
    const cli = join(ROOT, "dist", "cli.js");
    const samples = { node: [] as number[], help: [] as number[], version: [] as number[] };
    // Interleaved, so a burst of load from elsewhere hits all three alike.
    for (let i = 0; i < runs; i++) {
      samples.node.push(Math.round(wallMs([process.execPath, "-e", "0"])));
      samples.help.push(Math.round(wallMs([process.execPath, cli, "--help"])));
      samples.version.push(Math.round(wallMs([process.execPath, cli, "--version"])));
    }
    return {
      figures: [
        figure("node", "node -e 0", "ms", samples.node),
        figure("help", "tsdask-yarn --help", "ms", samples.help),
        figure("version", "tsdask-yarn --version", "ms", samples.version),
      ],
      comparisons: [
        { title: "CLI start: --help ÷ node -e 0", ours: "help", peer: "node", atMost: 1.5 },
        { title: "CLI start: --version ÷ node -e 0", ours: "version", peer: "node", atMost: 1.5 },
      ],
      notes: ["Wall time from spawn to exit of dist/cli.js (the published bin), `node` being the same binary."],
    };
  },
};
