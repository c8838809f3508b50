// A spec file of small containers for e2e applications that share the one-node test cluster with
// other suites: one AM attempt, 256 MiB master, 512 MiB scheduler, workers and client.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes DIR/small.yaml tagged `tag` (so the suite can find and kill its applications). */
export function writeSmallSpec(dir: string, tag: string): string {
  const spec = join(dir, "small.yaml");
  writeFileSync(
    spec,
    [
      `tags: [${tag}]`,
      "max-attempts: 1",
      "master: {memory: 256 MiB}",
      "scheduler: {memory: 512 MiB}",
      "worker: {memory: 512 MiB}",
      "client: {memory: 512 MiB}",
    ].join("\n"),
  );
  return spec;
}
