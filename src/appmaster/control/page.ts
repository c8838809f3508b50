// The read-only overview served at the tracking URL. It is usually opened through the RM web proxy
// (http://rm:8088/proxy/<appId>/), which rewrites nothing in the HTML, so every link to the AM
// itself is relative (the only one, "refresh", is the empty href: the current URL,
// with or without a trailing slash). Without dask no JavaScript: the data is in the HTML, a meta
// refresh keeps it current. With dask the page carries a dask section (dask-section.ts) and one
// script that keeps it and the services current by polling, without reloading (the meta refresh
// stays only for browsers without JavaScript).
// Every value from the application (service names, diagnostics, hosts) goes through escapeHtml.
import type { ContainerInfo, ServiceStatus, StatusReport } from "../../control/types.js";
import { CONTAINER_STATES } from "../../control/types.js";
import { DASK_STYLE, daskSection, pageScript } from "./dask-section.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A link only for http(s) URLs: escaping stops tag injection but not a `javascript:` href. */
function link(url: string | undefined, text: string): string {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return escapeHtml(text);
  } catch {
    return escapeHtml(text);
  }
  return `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(text)}</a>`;
}

function time(ms: number | undefined): string {
  return ms === undefined ? "" : escapeHtml(new Date(ms).toISOString().replace("T", " ").slice(0, 19));
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MiB`;
}

function containerRow(c: ContainerInfo): string {
  const cells = [
    escapeHtml(c.instanceId),
    escapeHtml(c.containerId ?? ""),
    `<span class="st ${escapeHtml(c.state.toLowerCase())}">${escapeHtml(c.state)}</span>`,
    escapeHtml(c.host ?? ""),
    link(c.logUrl, "logs"),
    escapeHtml(c.exitStatus ?? ""),
    escapeHtml(c.diagnostics ?? ""),
    time(c.startTime),
    time(c.finishTime),
  ];
  return `<tr>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`;
}

function serviceSection(s: ServiceStatus): string {
  const counts = CONTAINER_STATES.filter((st) => s.counts[st] > 0)
    .map((st) => `${escapeHtml(st.toLowerCase())} ${s.counts[st]}`)
    .join(", ");
  const restarts = s.maxRestarts < 0 ? `${s.restartsUsed} (unlimited)` : `${s.restartsUsed} of ${s.maxRestarts}`;
  const rows = s.containers.map(containerRow).join("\n");
  const adaptive = s.adaptive ? ` (adaptive ${s.adaptive.minimum}–${s.adaptive.maximum})` : "";
  return `<section>
<h2>${escapeHtml(s.name)}</h2>
<p>desired ${s.desiredInstances}${adaptive} · ${counts || "no containers"} · restarts ${escapeHtml(restarts)}</p>
<table>
<thead><tr><th>instance</th><th>container</th><th>state</th><th>host</th><th>logs</th><th>exit</th><th>diagnostics</th><th>started</th><th>finished</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="9">no containers</td></tr>'}
</tbody>
</table>
</section>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.2em 0 .2em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td:nth-child(7){max-width:40em;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.5em 0}dt{color:#666}dd{margin:0}
.st{font-weight:600}.running{color:#1a7f37}.failed{color:#c62828}.killed{color:#8a5a00}.succeeded{color:#1f5fa8}
.waiting,.requested{color:#666}footer{margin-top:2em;color:#777;font-size:.9em}`;

export interface OverviewOptions {
  /** Seconds between automatic reloads; 0 turns the meta refresh off. */
  readonly refreshSeconds?: number;
  /** The application has a dask scheduler: add the dask section and the page's script. */
  readonly dask?: boolean;
}

export function renderOverview(report: StatusReport, options: OverviewOptions = {}): string {
  const app = report.application;
  const refresh = options.refreshSeconds ?? 10;
  const dask = report.dask;
  const facts: [string, string][] = [
    ["application", escapeHtml(app.id)],
    ["attempt", escapeHtml(app.attempt)],
    ["state", escapeHtml(app.state)],
    ["user", escapeHtml(app.user ?? "")],
    ["queue", escapeHtml(app.queue ?? "")],
    ["started", time(app.startTime)],
    ["AM memory (RSS)", escapeHtml(mib(app.amMemoryRssBytes))],
    ["AM logs", link(app.amLogUrl, "logs")],
  ];
  const loop = app.allocateLoop;
  if (loop)
    facts.push([
      "allocate loop",
      escapeHtml(
        `${loop.iterations} calls; RM round trip mean ${loop.allocate.meanMs} ms, max ${loop.allocate.maxMs} ms; ` +
          `AM handling mean ${loop.handle.meanMs} ms, max ${loop.handle.maxMs} ms`,
      ),
    ]);
  const proc = app.process;
  if (proc) {
    const d = proc.eventLoopDelay.window;
    facts.push([
      "AM heap, event loop",
      escapeHtml(
        `heap ${mib(proc.heapUsedBytes)} used of ${mib(proc.heapTotalBytes)}` +
          (proc.heapAfterMajorGcBytes !== undefined
            ? ` (${mib(proc.heapAfterMajorGcBytes)} after the last full GC)`
            : "") +
          (d
            ? `; loop delay over ${proc.eventLoopDelay.windowMs / 1000} s: mean ${d.meanMs} ms, p99 ${d.p99Ms} ms, max ${d.maxMs} ms`
            : ""),
      ),
    ]);
  }
  if (dask?.schedulerAddress) facts.push(["dask scheduler", escapeHtml(dask.schedulerAddress)]);
  if (dask?.dashboardUrl) facts.push(["dask dashboard", link(dask.dashboardUrl, dask.dashboardUrl)]);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${refresh > 0 ? noscriptIf(options.dask, `<meta http-equiv="refresh" content="${refresh}">`) : ""}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(app.name)} · ${escapeHtml(app.id)}</title>
<style>${STYLE}${options.dask ? `\n${DASK_STYLE}` : ""}</style>
</head>
<body>
<h1>${escapeHtml(app.name)}</h1>
<dl id="facts">
${facts
  .filter(([, v]) => v !== "")
  .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`)
  .join("\n")}
</dl>
${options.dask ? daskSection() : ""}
<div id="services">
${report.services.map(serviceSection).join("\n")}
</div>
<footer id="generated">tsdask-yarn · generated ${time(report.generatedAt)} UTC · <a href="">refresh</a></footer>
${options.dask ? pageScript() : ""}
</body>
</html>
`;
}

/** With the script, the page refreshes itself: the meta refresh only for browsers without JavaScript. */
function noscriptIf(script: boolean | undefined, html: string): string {
  return script ? `<noscript>${html}</noscript>` : html;
}

/** Shown instead of the overview when the AM core cannot produce a report. */
export function renderUnavailable(message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<title>tsdask-yarn</title></head><body><h1>Status unavailable</h1><p>${escapeHtml(message)}</p>
<p><a href="">retry</a></p></body></html>
`;
}
