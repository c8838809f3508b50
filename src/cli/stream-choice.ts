// Which instance's output `submit --wait` streams, from --stream / --no-stream and SCRIPT.
import { UsageError } from "./exit.js";

/** The service that runs the user's script. */
const CLIENT_SERVICE = "dask.client";

/**
 * What `submit --wait` streams: --stream SERVICE (or INSTANCE), by default the script's client,
 * nothing with --no-stream or without --wait.
 */
export function streamChoice(
  opts: Record<string, unknown>,
  script: string | undefined,
  services: readonly string[],
): string | undefined {
  const asked = opts.stream as string | false | undefined;
  if (typeof asked === "string") {
    if (!opts.wait)
      throw new UsageError(
        `--stream ${asked} needs --wait`,
        "Add --wait, or follow the output later with 'tsdask-yarn logs APP --follow'.",
      );
    const service = services.includes(asked) ? asked : asked.replace(/_\d+$/, "");
    if (!services.includes(service)) {
      throw new UsageError(
        `--stream: the application has no service or instance '${asked}'`,
        `Services: ${services.join(", ")} (or an instance such as ${services[0] ?? "SERVICE"}_0).`,
      );
    }
    return asked;
  }
  if (asked === false || !opts.wait || script === undefined) return undefined;
  return CLIENT_SERVICE;
}
