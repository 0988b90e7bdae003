// codetrace report: draws the merged trace (static and observed calls) as a layered graph.
// Everything it needs is in the page: the data below and this script (no network).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("codetrace-data").textContent);
  const functions = new Map(data.functions.map(f => [f.id, f]));
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(tag === "svg" || attrs && attrs.svg ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
    for (const [k, v] of Object.entries(attrs || {})) if (k !== "svg") e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svgEl = (tag, attrs) => el(tag, Object.assign({ svg: true }, attrs));

  // Groups: a module of the root per file; outside code per top-level package.
  const groupOf = id => {
    const f = functions.get(id);
    if (f && f.module) return f.module;
    return "outside: " + id.split(".")[0];
  };
  const groups = new Map();
  for (const f of data.functions) {
    if (!groups.has(f.module)) groups.set(f.module, []);
    groups.get(f.module).push(f.id);
  }
  const state = {
    expanded: new Set(data.functions.length <= 150 ? groups.keys() : []),
    hidden: new Set(),
    search: "",
    selected: null,
  };

  // --- the graph as shown: functions of expanded modules, other modules folded into one node.
  function visibleGraph() {
    const nodes = new Map(), edges = new Map();
    const nodeFor = id => {
      const g = groupOf(id);
      if (state.hidden.has(g)) return null;
      if (functions.has(id) && state.expanded.has(g)) {
        if (!nodes.has(id)) nodes.set(id, { key: id, label: functions.get(id).short, kind: "function", id });
        return id;
      }
      const key = "group:" + g;
      if (!nodes.has(key)) nodes.set(key, { key, label: g, kind: functions.has(id) ? "module" : "external", group: g });
      return key;
    };
    for (const f of data.functions) nodeFor(f.id);
    for (const e of data.edges) {
      const a = nodeFor(e.caller), b = nodeFor(e.callee);
      if (!a || !b || a === b) continue;
      const key = a + "\u0000" + b;
      const agg = edges.get(key) || { from: a, to: b, observed: 0, static: false, statuses: new Set() };
      agg.observed += e.observed;
      agg.static = agg.static || e.static;
      agg.statuses.add(e.status);
      edges.set(key, agg);
    }
    for (const e of edges.values())
      e.status = e.observed > 0 ? (e.static ? "both" : "observed_only") : "static_only";
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  // --- layered layout: ranks by longest path over the graph without its back edges, order in a
  // rank by the mean position of the neighbours (two sweeps).
  function layout(g) {
    const out = new Map(g.nodes.map(n => [n.key, []])), inn = new Map(g.nodes.map(n => [n.key, []]));
    for (const e of g.edges) { out.get(e.from).push(e.to); inn.get(e.to).push(e.from); }
    const state2 = new Map(), back = new Set();
    const visit = start => {
      const stack = [[start, 0]];
      state2.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const next = out.get(top[0])[top[1]++];
        if (next === undefined) { state2.set(top[0], 2); stack.pop(); continue; }
        if (state2.get(next) === 1) back.add(top[0] + "\u0000" + next);
        else if (!state2.has(next)) { state2.set(next, 1); stack.push([next, 0]); }
      }
    };
    for (const n of g.nodes) if (!state2.has(n.key)) visit(n.key);
    const rank = new Map();
    const order = [];
    const indeg = new Map(g.nodes.map(n => [n.key, 0]));
    for (const e of g.edges) if (!back.has(e.from + "\u0000" + e.to)) indeg.set(e.to, indeg.get(e.to) + 1);
    const queue = g.nodes.filter(n => indeg.get(n.key) === 0).map(n => n.key);
    for (const k of queue) rank.set(k, 0);
    while (queue.length) {
      const k = queue.shift();
      order.push(k);
      for (const t of out.get(k)) {
        if (back.has(k + "\u0000" + t)) continue;
        rank.set(t, Math.max(rank.get(t) || 0, rank.get(k) + 1));
        indeg.set(t, indeg.get(t) - 1);
        if (indeg.get(t) === 0) queue.push(t);
      }
    }
    const layers = [];
    for (const n of g.nodes) {
      const r = rank.get(n.key) || 0;
      (layers[r] = layers[r] || []).push(n.key);
    }
    const pos = new Map();
    layers.forEach(l => l.sort().forEach((k, i) => pos.set(k, i)));
    for (let sweep = 0; sweep < 4; ++sweep) {
      const down = sweep % 2 === 0;
      for (const l of down ? layers : [...layers].reverse()) {
        if (!l) continue;
        const bary = k => {
          const ns = down ? inn.get(k) : out.get(k);
          return ns.length ? ns.reduce((s, x) => s + pos.get(x), 0) / ns.length : pos.get(k);
        };
        const b = new Map(l.map(k => [k, bary(k)]));
        l.sort((x, y) => b.get(x) - b.get(y) || (x < y ? -1 : 1));
        l.forEach((k, i) => pos.set(k, i));
      }
    }
    const xy = new Map();
    layers.forEach((l, r) => (l || []).forEach((k, i) => xy.set(k, { x: 40 + r * 260, y: 30 + i * 44 })));
    return xy;
  }

  const svg = document.querySelector("#canvas svg");
  let view = { x: 0, y: 0, w: 1200, h: 800 };
  const setView = () => svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);

  function draw() {
    const g = visibleGraph();
    const xy = layout(g);
    svg.replaceChildren();
    const defs = svgEl("defs");
    for (const s of ["both", "observed_only", "static_only"]) {
      const m = svgEl("marker", { id: "arrow-" + s, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
      m.appendChild(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: s === "both" ? "#0969da" : s === "observed_only" ? "#d1242f" : "#8c959f" }));
      defs.appendChild(m);
    }
    svg.appendChild(defs);
    const widths = new Map();
    for (const n of g.nodes) widths.set(n.key, Math.min(230, 16 + 6.4 * n.label.length));
    const edgeLayer = svgEl("g"), nodeLayer = svgEl("g");
    svg.append(edgeLayer, nodeLayer);
    for (const e of g.edges) {
      const a = xy.get(e.from), b = xy.get(e.to);
      const x1 = a.x + widths.get(e.from), y1 = a.y + 12, x2 = b.x, y2 = b.y + 12;
      const dx = Math.max(40, Math.abs(x2 - x1) / 2);
      const path = svgEl("path", {
        d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`,
        class: "edge " + e.status, "stroke-width": e.observed > 0 ? 1 + Math.log2(1 + e.observed) : 1.2,
        "marker-end": `url(#arrow-${e.status})`, "data-from": e.from, "data-to": e.to,
      });
      path.appendChild(svgEl("title")).textContent = `${e.from} \u2192 ${e.to}: ${e.status}, ${e.observed} observed calls`;
      edgeLayer.appendChild(path);
    }
    const q = state.search.toLowerCase();
    for (const n of g.nodes) {
      const p = xy.get(n.key);
      const f = n.id && functions.get(n.id);
      const cls = ["node", n.kind];
      if (f && f.calls > 0) cls.push("ran");
      if (q && n.label.toLowerCase().includes(q) || q && n.id && n.id.toLowerCase().includes(q)) cls.push("match");
      if (state.selected && n.id === state.selected) cls.push("selected");
      const node = svgEl("g", { class: cls.join(" "), transform: `translate(${p.x},${p.y})`, "data-id": n.id || n.key });
      node.appendChild(svgEl("rect", { width: widths.get(n.key), height: 24 }));
      const label = n.kind === "function" ? n.label : n.kind === "external" ? n.label : "\u25b8 " + n.label + ` (${groups.get(n.group).length})`;
      const text = svgEl("text", { x: 8, y: 16 });
      text.textContent = label.length > 34 ? label.slice(0, 33) + "\u2026" : label;
      node.appendChild(text);
      node.appendChild(svgEl("title")).textContent = n.id || n.label;
      node.addEventListener("click", ev => {
        ev.stopPropagation();
        if (n.kind === "function") select(n.id);
        else if (n.kind === "module") { state.expanded.add(n.group); draw(); }
      });
      nodeLayer.appendChild(node);
    }
    document.getElementById("counts").textContent = `${g.nodes.length} nodes, ${g.edges.length} edges shown`;
  }

  // --- the panel of one function
  const esc = s => String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  function link(id) { return functions.has(id) ? `<a data-go="${esc(id)}">${esc(id)}</a>` : esc(id); }
  function select(id) {
    const f = functions.get(id);
    if (!f) return;
    state.selected = id;
    if (state.expanded.has(f.module) === false) state.expanded.add(f.module);
    const callers = data.edges.filter(e => e.callee === id), callees = data.edges.filter(e => e.caller === id);
    const row = e => `<tr><td>${link(e.caller === id ? e.callee : e.caller)}</td><td>${esc(e.status)}</td><td>${e.observed}</td><td>${esc((e.lines || []).join(", "))}</td></tr>`;
    const ms = ns => (ns / 1e6).toFixed(3) + " ms";
    let html = `<h2 id="panel-title">${esc(f.id)}</h2>`;
    html += `<div class="muted">${esc(f.kind)} in <b id="panel-file">${esc(f.file)}</b>, lines ${f.line}\u2013${f.end_line || "?"}</div>`;
    if (f.signature) html += `<pre>${esc(f.signature)}</pre>`;
    if (f.doc) html += `<h3>Docstring</h3><pre id="panel-doc">${esc(f.doc)}</pre>`;
    html += `<h3>Observed</h3><div id="panel-observed">${f.calls} calls${f.resumes ? `, ${f.resumes} resumptions` : ""}; inclusive ${ms(f.inclusive_ns)}, self ${ms(f.self_ns)}${f.static ? "" : " (not in the static graph)"}</div>`;
    if (f.samples && f.samples.length) {
      html += `<h3>Values</h3><table><tr><th>arguments</th><th>result</th></tr>`;
      for (const s of f.samples) html += `<tr><td>${esc(Object.entries(s.args || {}).map(([k, v]) => k + "=" + v).join(", "))}</td><td>${esc(s.raised ? "raised " + s.raised : s.result)}</td></tr>`;
      html += `</table>`;
    }
    html += `<h3>Calls (${callees.length})</h3><table><tr><th>callee</th><th>status</th><th>observed</th><th>lines</th></tr>${callees.map(row).join("")}</table>`;
    html += `<h3>Called by (${callers.length})</h3><table><tr><th>caller</th><th>status</th><th>observed</th><th>lines</th></tr>${callers.map(row).join("")}</table>`;
    if (f.qa && f.qa.length) html += `<h3>Q&amp;A</h3>` + f.qa.map(p => `<p><b>${esc(p.q)}</b><br>${esc(p.a).replace(/\n/g, "<br>")}</p>`).join("");
    if (f.source) html += `<h3>Source</h3><pre id="panel-source">${esc(f.source)}</pre>`;
    const panel = document.getElementById("panel");
    panel.innerHTML = html;
    panel.querySelectorAll("a[data-go]").forEach(a => a.addEventListener("click", () => select(a.dataset.go)));
    draw();
  }

  // --- module filter, search, pan and zoom
  const side = document.getElementById("modules");
  for (const g of [...groups.keys()].sort()) {
    const label = el("label");
    const box = el("input", { type: "checkbox", checked: "" });
    box.addEventListener("change", () => { box.checked ? state.hidden.delete(g) : state.hidden.add(g); draw(); });
    label.append(box, " " + g + ` (${groups.get(g).length})`);
    side.appendChild(label);
  }
  document.getElementById("expand").addEventListener("click", () => { groups.forEach((_, g) => state.expanded.add(g)); draw(); });
  document.getElementById("collapse").addEventListener("click", () => { state.expanded.clear(); draw(); });
  document.getElementById("search").addEventListener("input", ev => {
    state.search = ev.target.value.trim();
    const q = state.search.toLowerCase();
    if (q) for (const f of data.functions) if (f.id.toLowerCase().includes(q)) state.expanded.add(f.module);
    draw();
  });
  let drag = null;
  svg.addEventListener("mousedown", ev => { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y }; });
  window.addEventListener("mouseup", () => { drag = null; });
  window.addEventListener("mousemove", ev => {
    if (!drag) return;
    const k = view.w / svg.clientWidth;
    view.x = drag.vx - (ev.clientX - drag.x) * k;
    view.y = drag.vy - (ev.clientY - drag.y) * k;
    setView();
  });
  svg.addEventListener("wheel", ev => {
    ev.preventDefault();
    const k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    view.w *= k; view.h *= k;
    setView();
  }, { passive: false });
  setView();
  draw();
  window.codetraceReport = { select, state, draw };  // for tests and the console
})();
