// `status APP_ID`: the RM's report as dask-yarn prints it (a header and one row), then, while the
// application runs and its AM answers, the services and containers from the AM's control API.
// The AM part is best effort: an AM that is not ours or not reachable gives a warning, not a failure.
import type { AmRuntime, ContainerInfo, StatusReport } from "../control/index.js";
import { describeRuntime } from "../launcher/runtime/describe.js";
import type { RuntimeInfo } from "../spec/index.js";
// The launcher's modules directly, not its barrel: status loads only what it calls (bench: status).
import { applicationReport, connect, connectReported } from "../launcher/connect.js";
import { openCluster } from "../launcher/cluster.js";
import { isLocalAppId } from "../control/local-layout.js";
import { checkAppId } from "../launcher/errors.js";
import { controlUrlOf } from "../launcher/registration.js";
import type { ApplicationReport } from "../launcher/index.js";
import { formatMemoryMiB } from "../spec/units.js";
import { proxiedPageUrlOf } from "../launcher/proxy-url.js";
import type { CommandContext } from "./io.js";
import { formatDuration, printJson, printTable } from "./output.js";
import { clusterOptionsFrom, loadConfigLean } from "./cluster-options.js";
import { renderTokens } from "./token-status.js";

export const STATUS_HEADER = ["APPLICATION_ID", "NAME", "STATE", "STATUS", "CONTAINERS", "VCORES", "MEMORY", "RUNTIME"];

export function statusRow(r: ApplicationReport, now = Date.now()): string[] {
  const end = r.finishedTime > 0 ? r.finishedTime : now;
  const runtime = r.startedTime > 0 ? formatDuration(end - r.startedTime) : "-";
  // The RM reports -1 for the resources of applications that are not running.
  const n = (x: number) => Math.max(0, x);
  return [
    r.id,
    r.name,
    r.state,
    r.finalStatus,
    String(n(r.runningContainers)),
    String(n(r.allocatedVcores)),
    formatMemoryMiB(n(r.allocatedMb)),
    runtime,
  ];
}

function containerDetail(c: ContainerInfo): string {
  if (c.nodeState) return `its node is ${c.nodeState}: the container may be gone`;
  if (c.diagnostics) return c.diagnostics;
  if (c.exitStatus !== undefined) return `exit ${c.exitStatus}`;
  return c.logUrl ?? "";
}

/** "Node v22.20.0 linux-x64, needs glibc 2.17 (file: …)": the launcher's choice with the AM's own version. */
export function amRuntimeLine(rt: AmRuntime): string {
  const chosen = rt.chosen?.form ? rt.chosen : undefined;
  if (!chosen) return `Node ${rt.version} ${rt.platform} (${rt.execPath})`;
  const described = describeRuntime({ ...chosen, form: chosen.form as RuntimeInfo["form"] });
  // The shipped forms know their version before the AM runs; the others learn it from the AM.
  return chosen.form === "nodes" || chosen.form === "environment"
    ? `Node ${rt.version} ${rt.platform}: ${described} at ${rt.execPath}`
    : described;
}

/** The AM's part: dask addresses, one row per service, one row per container. */
export function renderAmStatus(ctx: CommandContext, am: StatusReport, proxied?: string): void {
  const { io } = ctx;
  io.out("\n");
  const rt = am.application.runtime;
  if (rt) io.out(`runtime: ${amRuntimeLine(rt)}\n`);
  if (am.dask?.schedulerAddress) io.out(`scheduler: ${am.dask.schedulerAddress}\n`);
  if (am.dask?.dashboardUrl) io.out(`dashboard: ${am.dask.dashboardUrl}\n`);
  if (proxied) io.out(`dashboard through the RM proxy: ${proxied}\n`);
  if (am.dask?.schedulerAddress || am.dask?.dashboardUrl) io.out("\n");
  printTable(
    io,
    ["SERVICE", "DESIRED", "RUNNING", "REQUESTED", "WAITING", "SUCCEEDED", "FAILED", "KILLED", "RESTARTS"],
    am.services.map((s) => [
      s.name,
      String(s.desiredInstances),
      ...(["RUNNING", "REQUESTED", "WAITING", "SUCCEEDED", "FAILED", "KILLED"] as const).map((k) =>
        String(s.counts[k]),
      ),
      `${s.restartsUsed}/${s.maxRestarts < 0 ? "unlimited" : s.maxRestarts}`,
    ]),
  );
  const containers = am.services.flatMap((s) => s.containers.map((c) => ({ service: s.name, c })));
  if (containers.length === 0) return;
  // Several NodeManagers on one host (a local cluster, big machines): show which one.
  const nodesOf = new Map<string, Set<string>>();
  for (const { c } of containers)
    if (c.host && c.nodeId) nodesOf.set(c.host, (nodesOf.get(c.host) ?? new Set()).add(c.nodeId));
  const hostOf = (c: ContainerInfo) => ((nodesOf.get(c.host ?? "")?.size ?? 0) > 1 ? c.nodeId : c.host) ?? "-";
  io.out("\n");
  printTable(
    io,
    ["SERVICE", "INSTANCE", "STATE", "CONTAINER_ID", "HOST", "DETAIL"],
    containers.map(({ service, c }) => [
      service,
      c.instanceId,
      c.state,
      c.containerId ?? "-",
      hostOf(c),
      containerDetail(c),
    ]),
  );
}

export async function status(ctx: CommandContext, appId: string): Promise<number> {
  checkAppId(appId);
  const options = clusterOptionsFrom(ctx, await loadConfigLean(ctx));
  // The staging root (HDFS home directory) is asked for while the RM answers: a running
  // application's secret and CA are read from under it right after (bench: status).
  const session = isLocalAppId(appId) ? undefined : openCluster(options);
  session?.catch(() => undefined); // an unreachable NameNode matters only once the AM is asked
  const report = await applicationReport(appId, options, session);
  let am: StatusReport | undefined;
  let amError: string | undefined;
  let tls: boolean | undefined;
  if (report.state === "RUNNING" && controlUrlOf(report)) {
    try {
      const connectOptions = { ...options, controlTimeoutMs: 10_000 };
      const app = session
        ? await connectReported(await session, report, connectOptions)
        : await connect(appId, connectOptions);
      // TLS on: a Client outside the cluster needs `credentials APP --dir D` for am.dask.schedulerAddress.
      tls = app.controlUrl.startsWith("https:");
      am = await app.client.status();
    } catch (e) {
      amError = (e as Error).message;
    }
  }
  // The tracking page with its dask section, for a dask application: reachable where the RM is.
  const proxied = am?.dask ? proxiedPageUrlOf(appId, options) : undefined;
  if (ctx.global.json) {
    printJson(ctx.io, {
      report,
      // At the top level too, as in `submit --json`: scripts read both the same way.
      ...(am?.dask?.schedulerAddress ? { schedulerAddress: am.dask.schedulerAddress } : {}),
      ...(am?.dask?.dashboardUrl ? { dashboardUrl: am.dask.dashboardUrl } : {}),
      ...(proxied ? { proxiedDashboardUrl: proxied } : {}),
      ...(tls !== undefined ? { tls } : {}),
      ...(am ? { am } : {}),
      ...(amError ? { amError } : {}),
    });
    return 0;
  }
  printTable(ctx.io, STATUS_HEADER, [statusRow(report)]);
  if (am) renderAmStatus(ctx, am, proxied);
  if (am?.credentials) renderTokens(ctx, am.credentials);
  if (amError) ctx.io.err(`warning: no detail from the ApplicationMaster: ${amError}\n`);
  if (report.diagnostics.trim() && report.state !== "RUNNING")
    ctx.io.err(`diagnostics: ${report.diagnostics.trim()}\n`);
  return 0;
}
