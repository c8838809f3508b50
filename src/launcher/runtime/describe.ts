// The runtime an application runs on, in one line (submit's progress, status, config show). Pure.
import type { RuntimeInfo } from "../../spec/index.js";

/** One line for status and config show: "Node v22.20.0 linux-x64, needs glibc 2.17 (file: …)". */
export function describeRuntime(info: RuntimeInfo): string {
  if (info.form === "nodes") return `the Node at ${info.source} on the nodes`;
  if (info.form === "environment") return `the Node inside the environment (${info.source ?? "environment"})`;
  const parts = [`Node ${info.version ?? "(version unknown)"}`, info.platform ?? "unknown platform"].join(" ");
  const glibc = info.glibc ? `needs glibc ${info.glibc}` : "needs no glibc";
  return `${parts}, ${glibc} (${info.form}: ${info.source})`;
}
