// The tracking page's script (inlined by dask-section.ts, allowed by its hash in the page's CSP).
// The RM web proxy carries no websockets, so the page polls: dask.json every 2 s for the dask
// section, the page itself every 10 s for the services tables (swapped in, no reload). URLs are
// relative to the page, so the proxy's /proxy/<appId>/ prefix is kept. Values reach the DOM only
// through textContent and attributes, never as HTML.
(function () {
  "use strict";
  const section = document.getElementById("dask");
  const here = location.pathname.replace(/index\.html$/, "");
  const base = here.endsWith("/") ? here : here + "/";
  const STATES = ["memory", "processing", "queued", "waiting", "no-worker", "erred", "released"];
  const STATE_COLORS = {
    memory: "#1f5fa8",
    processing: "#1a7f37",
    queued: "#8fb8de",
    waiting: "#bbb",
    "no-worker": "#c68400",
    erred: "#c62828",
    released: "#e4e4e4",
  };

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  const byId = (id) => document.getElementById(id);
  const gib = (b) =>
    b === null ? "" : b >= 2 ** 30 ? (b / 2 ** 30).toFixed(1) + " GiB" : (b / 2 ** 20).toFixed(0) + " MiB";
  const pct = (x) => (x === null ? "" : x.toFixed(0) + " %");
  const total = (states) => Object.values(states).reduce((a, b) => a + b, 0);

  /** A horizontal bar of state counts (memory first), with a title listing them. */
  function bar(states) {
    const all = total(states) || 1;
    const b = el("div", {
      class: "bar",
      title: Object.entries(states)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    });
    for (const s of Object.keys(states).sort((a, c) => STATES.indexOf(a) - STATES.indexOf(c))) {
      const part = el("span");
      part.style.width = (100 * states[s]) / all + "%";
      part.style.background = STATE_COLORS[s] || "#999";
      b.append(part);
    }
    return b;
  }

  function rows(tbody, list, cells) {
    tbody.replaceChildren(...list.map((x) => el("tr", {}, ...cells(x).map((c) => el("td", {}, c)))));
  }

  function renderWorkers(s) {
    rows(byId("dask-workers").tBodies[0], s.workers, (w) => [
      w.name,
      w.host,
      w.nthreads,
      gib(w.memory) + (w.memoryLimit ? " / " + gib(w.memoryLimit) : ""),
      pct(w.cpu),
      w.processing,
      w.inMemory,
    ]);
    const more = s.workersTotal > s.workers.length ? ` (first ${s.workers.length} shown)` : "";
    byId("dask-workers-count").textContent = `${s.workersTotal} workers${more}`;
  }

  function renderTasks(s) {
    const parts = Object.entries(s.tasks.byState).map(([k, v]) => `${k} ${v}`);
    byId("dask-tasks").textContent = `${s.tasks.total} tasks` + (parts.length ? ": " + parts.join(", ") : "");
    rows(byId("dask-prefixes").tBodies[0], s.prefixes, (p) => [
      p.name,
      total(p.states),
      Object.entries(p.states)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
      bar(p.states),
    ]);
  }

  function renderProgress(s) {
    const list = s.computations.slice().reverse();
    byId("dask-progress").replaceChildren(
      ...(list.length ? [] : [el("p", {}, "no computation yet")]),
      ...list.map((c) => {
        const done = (c.states.memory || 0) + (c.states.released || 0) + (c.states.erred || 0);
        const age = c.start === null ? "" : `started ${Math.max(0, s.time - c.start).toFixed(0)} s ago · `;
        return el(
          "div",
          { class: "computation" + (c.running ? " active" : "") },
          el(
            "div",
            {},
            `${c.running ? "running" : "done"} · ${age}${done} of ${total(c.states)} tasks · ${c.prefixes.join(", ")}`,
          ),
          bar(c.states),
        );
      }),
    );
  }

  /** The newest records as one row per worker on a time axis: compute in its prefix's colour. */
  function renderStream(s, names) {
    const svg = byId("dask-stream");
    const workers = [...new Set(s.taskStream.map((r) => r.worker))].sort();
    const NS = "http://www.w3.org/2000/svg";
    const width = 1000;
    const rowH = 14;
    svg.setAttribute("viewBox", `0 0 ${width} ${Math.max(1, workers.length) * rowH}`);
    svg.setAttribute("height", String(Math.max(1, workers.length) * rowH));
    const t0 = Math.min(...s.taskStream.map((r) => r.start), s.time);
    const span = Math.max(1e-3, s.time - t0);
    const hue = (p) => [...p].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
    const shapes = s.taskStream.map((r) => {
      const rect = document.createElementNS(NS, "rect");
      rect.setAttribute("x", String(((r.start - t0) / span) * width));
      rect.setAttribute("y", String(workers.indexOf(r.worker) * rowH + 1));
      rect.setAttribute("width", String(Math.max(1, ((r.stop - r.start) / span) * width)));
      rect.setAttribute("height", String(rowH - 2));
      rect.setAttribute("fill", r.action === "transfer" ? "#d33" : `hsl(${hue(r.prefix)} 60% 50%)`);
      const title = document.createElementNS(NS, "title");
      title.textContent = `${r.prefix} · ${r.action} · ${names.get(r.worker) || r.worker} · ${(r.stop - r.start).toFixed(3)} s`;
      rect.append(title);
      return rect;
    });
    svg.replaceChildren(...shapes);
    byId("dask-stream-note").textContent = s.taskStream.length
      ? `${s.taskStream.length} task records over the last ${span.toFixed(1)} s, one row per worker (transfers in red)`
      : "no task has finished yet";
  }

  async function refreshDask() {
    try {
      const r = await fetch(base + "dask.json", { cache: "no-store", credentials: "same-origin" });
      if (!r.ok) throw new Error("HTTP " + r.status);
      const data = await r.json();
      if (data.state !== "ok") throw new Error(data.reason);
      const s = data.summary;
      const names = new Map(s.workers.map((w) => [w.address, w.name]));
      renderWorkers(s);
      renderTasks(s);
      renderProgress(s);
      renderStream(s, names);
      byId("dask-body").hidden = false;
      byId("dask-status").textContent = "updated " + new Date(data.fetchedAt).toISOString().slice(11, 19) + " UTC";
    } catch (err) {
      byId("dask-status").textContent = "dask summary unavailable: " + err.message + " (retrying)";
    }
  }

  async function refreshServices() {
    try {
      const r = await fetch(base, { cache: "no-store", credentials: "same-origin" });
      if (!r.ok) return;
      const doc = new DOMParser().parseFromString(await r.text(), "text/html");
      for (const id of ["facts", "services", "generated"]) {
        const fresh = doc.getElementById(id);
        if (fresh && byId(id))
          byId(id).replaceChildren(...[...fresh.childNodes].map((n) => document.importNode(n, true)));
      }
    } catch {
      // the next round tries again
    }
  }

  if (section) {
    refreshDask();
    setInterval(refreshDask, 2000);
  }
  setInterval(refreshServices, 10000);
})();
