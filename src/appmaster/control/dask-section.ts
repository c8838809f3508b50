// The tracking page's dask section: a skeleton filled by the page's script (dask-page.js) from
// dask.json, which the AM serves from its cache of the scheduler's summary (dask-feed.ts). The RM
// web proxy carries plain HTTP requests but no websockets, so this is what works through it where
// the bokeh dashboard does not. The script is inlined and allowed by its hash: the page's CSP
// still forbids every other script, and lets it connect only to the page's own origin.
import { createHash } from "node:crypto";
import { embeddedText } from "../../embedded-text.js";

/** The JSON the section polls, relative to the page (so /proxy/<appId>/ stays in front). */
export const DASK_PAGE_DATA = "dask.json";

/** Replaced by scripts/build.mjs with dask-page.js's text; not defined when run from source. */
declare const TSDASK_EMBEDDED_DASK_PAGE_JS: string | undefined;

export const PAGE_SCRIPT: string = embeddedText(
  typeof TSDASK_EMBEDDED_DASK_PAGE_JS === "string" ? TSDASK_EMBEDDED_DASK_PAGE_JS : undefined,
  new URL("./dask-page.js", import.meta.url),
);

const SCRIPT_HASH = createHash("sha256").update(PAGE_SCRIPT, "utf8").digest("base64");

/** The page's Content-Security-Policy: our one script, fetches to our own origin, nothing else. */
export const PAGE_CSP =
  `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; connect-src 'self'; ` +
  "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export const DASK_STYLE = `.bar{display:flex;height:.8em;min-width:8em;background:#f3f3f3;border:1px solid #ddd}
.bar span{display:block;height:100%}.computation{margin:.3em 0}.computation.active{font-weight:600}
#dask-stream{width:100%;border:1px solid #ddd;background:#fafafa}.note{color:#666;font-size:.9em}`;

export function daskSection(): string {
  return `<section id="dask">
<h2>dask</h2>
<p id="dask-status" class="note">loading…</p>
<noscript><p>This section needs JavaScript; the dashboard link above shows the same directly.</p></noscript>
<div id="dask-body" hidden>
<h3>workers</h3>
<p id="dask-workers-count" class="note"></p>
<table id="dask-workers">
<thead><tr><th>worker</th><th>host</th><th>threads</th><th>memory</th><th>CPU</th><th>processing</th><th>in memory</th></tr></thead>
<tbody></tbody>
</table>
<h3>progress</h3>
<div id="dask-progress"></div>
<h3>tasks</h3>
<p id="dask-tasks"></p>
<table id="dask-prefixes">
<thead><tr><th>prefix</th><th>tasks</th><th>states</th><th>progress</th></tr></thead>
<tbody></tbody>
</table>
<h3>task stream</h3>
<p id="dask-stream-note" class="note"></p>
<svg id="dask-stream" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none"></svg>
</div>
</section>`;
}

/** The script element (its text must stay byte-identical to what SCRIPT_HASH covers). */
export function pageScript(): string {
  return `<script>${PAGE_SCRIPT}</script>`;
}
