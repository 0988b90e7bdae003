// codetrace report: draws the merged trace (static and observed calls) as a layered graph.
// Everything it needs is in the page: the data below and this script (no network).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("codetrace-data").textContent);
  const functions = new Map(data.functions.map(f => [f.id, f]));
  // Edges come as rows [caller, callee, status, observed, lines]; ends index the functions, then `outside`.
  const names = data.functions.map(f => f.id).concat(data.outside || []);
  const STATUS = ["both", "observed_only", "static_only"];
  data.edges = data.edges.map(([a, b, s, n, lines]) => ({ caller: names[a], callee: names[b], status: STATUS[s], observed: n, static: s !== 1, lines }));
  const callersOf = new Map(), calleesOf = new Map();
  for (const e of data.edges) {
    (callersOf.get(e.callee) || callersOf.set(e.callee, []).get(e.callee)).push(e);
    (calleesOf.get(e.caller) || calleesOf.set(e.caller, []).get(e.caller)).push(e);
  }
  // A function ran if it was called or resumed, or an observed call reached it or left it.
  const ran = new Set(data.functions.filter(f => f.calls > 0 || f.resumes > 0).map(f => f.id));
  for (const e of data.edges) if (e.observed > 0) { ran.add(e.caller); ran.add(e.callee); }

  const el = (tag, attrs, text) => {
    const e = document.createElementNS(tag === "svg" || attrs && attrs.svg ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
    for (const [k, v] of Object.entries(attrs || {})) if (k !== "svg") e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svgEl = (tag, attrs) => el(tag, Object.assign({ svg: true }, attrs));
  const esc = s => String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const ms = ns => (ns / 1e6).toFixed(3) + " ms";

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
  const large = data.functions.length > 150;
  const state = {
    expanded: new Set(large ? [] : groups.keys()),
    hidden: new Set(),
    search: "",
    selected: null,
    ranOnly: large,       // hide the functions that never ran
    observedOnly: false,  // hide the static-only edges
    focus: large,         // a selected function: show it with its callers and callees only
  };

  // --- the graph as shown
  const edgeShown = e => !(state.observedOnly && e.status === "static_only");
  const functionShown = id => !state.ranOnly || ran.has(id) || id === state.selected;
  function visibleGraph() {
    const nodes = new Map(), edges = new Map();
    const focus = state.focus && state.selected && functions.has(state.selected);
    const neighbours = new Set();
    if (focus) {
      neighbours.add(state.selected);
      for (const e of (callersOf.get(state.selected) || []).concat(calleesOf.get(state.selected) || []))
        if (edgeShown(e)) { neighbours.add(e.caller); neighbours.add(e.callee); }
    }
    const nodeFor = id => {
      if (focus) {
        if (!neighbours.has(id)) return null;
        if (!nodes.has(id)) nodes.set(id, { key: id, label: functions.has(id) ? functions.get(id).short : id, kind: functions.has(id) ? "function" : "external", id });
        return id;
      }
      const g = groupOf(id);
      if (state.hidden.has(g)) return null;
      if (functions.has(id) && !functionShown(id)) return null;
      if (functions.has(id) && state.expanded.has(g)) {
        if (!nodes.has(id)) nodes.set(id, { key: id, label: functions.get(id).short, kind: "function", id });
        return id;
      }
      const key = "group:" + g;
      if (!nodes.has(key)) nodes.set(key, { key, label: g, kind: functions.has(id) ? "module" : "external", group: g, members: 0 });
      return key;
    };
    for (const f of data.functions) {
      const key = nodeFor(f.id);
      if (key && key !== f.id) nodes.get(key).members++;  // the functions folded into it
    }
    for (const e of data.edges) {
      if (!edgeShown(e)) continue;
      if (focus && e.caller !== state.selected && e.callee !== state.selected) continue;  // callers | it | callees
      if (state.ranOnly && !focus && e.observed === 0 && !functions.has(e.callee)) continue;  // never called outside code
      const a = nodeFor(e.caller), b = nodeFor(e.callee);
      if (!a || !b || a === b) continue;
      const key = a + "\u0000" + b;
      const agg = edges.get(key) || { from: a, to: b, observed: 0, static: false };
      agg.observed += e.observed;
      agg.static = agg.static || e.static;
      edges.set(key, agg);
    }
    for (const e of edges.values())
      e.status = e.observed > 0 ? (e.static ? "both" : "observed_only") : "static_only";
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  // --- layered layout: ranks by longest path over the graph without its back edges, order in a
  // rank by the mean position of the neighbours (four sweeps).
  const nodeWidth = label => Math.min(280, 20 + 7.2 * label.length);
  function layout(g) {
    const out = new Map(g.nodes.map(n => [n.key, []])), inn = new Map(g.nodes.map(n => [n.key, []]));
    for (const e of g.edges) { out.get(e.from).push(e.to); inn.get(e.to).push(e.from); }
    const seen = new Map(), back = new Set();
    const visit = start => {
      const stack = [[start, 0]];
      seen.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const next = out.get(top[0])[top[1]++];
        if (next === undefined) { seen.set(top[0], 2); stack.pop(); continue; }
        if (seen.get(next) === 1) back.add(top[0] + "\u0000" + next);
        else if (!seen.has(next)) { seen.set(next, 1); stack.push([next, 0]); }
      }
    };
    if (state.focus && state.selected && out.has(state.selected)) visit(state.selected);
    for (const n of g.nodes) if (!seen.has(n.key)) visit(n.key);
    const rank = new Map();
    const indeg = new Map(g.nodes.map(n => [n.key, 0]));
    for (const e of g.edges) if (!back.has(e.from + "\u0000" + e.to)) indeg.set(e.to, indeg.get(e.to) + 1);
    const queue = g.nodes.filter(n => indeg.get(n.key) === 0).map(n => n.key);
    for (const k of queue) rank.set(k, 0);
    for (let i = 0; i < queue.length; ++i) {
      const k = queue[i];
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
    // Columns as wide as their widest label; each column centred on the tallest.
    const label = new Map(g.nodes.map(n => [n.key, n]));
    const xy = new Map();
    const tallest = Math.max(1, ...layers.map(l => (l || []).length));
    let x = 40;
    layers.forEach(l => {
      if (!l) return;
      const width = Math.max(...l.map(k => label.get(k).width));
      const top = 30 + (tallest - l.length) * 22;
      l.forEach((k, i) => xy.set(k, { x, y: top + i * 44 }));
      x += width + 90;
    });
    return xy;
  }

  // --- the canvas: the view box is kept on the drawing; text never smaller than readable
  const svg = document.querySelector("#canvas svg");
  let view = { x: 0, y: 0, w: 1200, h: 800 }, bounds = { x: 0, y: 0, w: 1200, h: 800 };
  const positions = new Map();
  const MIN_SCALE = 0.7;  // 12px labels shown at no less than ~8.4px
  const canvasSize = () => ({ w: svg.clientWidth || 1000, h: svg.clientHeight || 700 });
  const setView = () => svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  function zoomTo(scale, cx, cy) {
    const c = canvasSize();
    view.w = c.w / scale; view.h = c.h / scale;
    view.x = cx - view.w / 2; view.y = cy - view.h / 2;
    setView();
  }
  // The whole drawing when it fits at a readable size; else its top-left corner at that size.
  function fit() {
    const c = canvasSize();
    const scale = Math.min(1.2, c.w / (bounds.w + 40), c.h / (bounds.h + 40));
    if (scale >= MIN_SCALE) zoomTo(scale, bounds.x + bounds.w / 2, bounds.y + bounds.h / 2);
    else zoomTo(MIN_SCALE, bounds.x - 20 + c.w / MIN_SCALE / 2, bounds.y - 20 + c.h / MIN_SCALE / 2);
  }
  function centreOn(key) {
    const p = positions.get(key);
    if (!p) return;
    const c = canvasSize();
    zoomTo(Math.max(MIN_SCALE, Math.min(1.2, c.w / view.w)), p.x + p.w / 2, p.y + 12);
  }

  function draw(how) {
    const g = visibleGraph();
    // Long names keep their end, which tells them apart (networkx.algorithms.…: the last parts).
    const shorten = t => t.length > 40 ? "\u2026" + t.slice(-39) : t;
    for (const n of g.nodes) {
      n.text = n.kind === "module" ? "\u25b8 " + shorten(n.label + ` (${n.members})`) : shorten(n.label);
      n.width = nodeWidth(n.text);
    }
    const xy = layout(g);
    svg.replaceChildren();
    positions.clear();
    const defs = svgEl("defs");
    for (const s of STATUS) {
      // userSpaceOnUse: the arrowhead keeps its size whatever the edge's width
      const m = svgEl("marker", { id: "arrow-" + s, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" });
      m.appendChild(svgEl("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow " + s }));
      defs.appendChild(m);
    }
    svg.appendChild(defs);
    const edgeLayer = svgEl("g"), nodeLayer = svgEl("g");
    svg.append(edgeLayer, nodeLayer);
    let maxX = 0, maxY = 0;
    for (const n of g.nodes) {
      const p = xy.get(n.key);
      positions.set(n.key, { x: p.x, y: p.y, w: n.width });
      maxX = Math.max(maxX, p.x + n.width);
      maxY = Math.max(maxY, p.y + 24);
    }
    bounds = { x: 20, y: 10, w: maxX, h: maxY };
    const near = state.selected ? new Set([state.selected]) : null;
    for (const e of g.edges) {
      const a = positions.get(e.from), b = positions.get(e.to);
      const x1 = a.x + a.w, y1 = a.y + 12, x2 = b.x, y2 = b.y + 12;
      const dx = Math.max(40, Math.abs(x2 - x1) / 2);
      const cls = ["edge", e.status];
      if (near && (e.from === state.selected || e.to === state.selected)) { cls.push("near"); near.add(e.from); near.add(e.to); }
      const path = svgEl("path", {
        d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`,
        class: cls.join(" "), "stroke-width": e.observed > 0 ? Math.min(6, 1 + Math.log2(1 + e.observed) / 2) : 1.2,
        "marker-end": `url(#arrow-${e.status})`, "data-from": e.from, "data-to": e.to,
      });
      path.appendChild(svgEl("title")).textContent = `${e.from} \u2192 ${e.to}: ${e.status}, ${e.observed} observed calls`;
      edgeLayer.appendChild(path);
    }
    const q = state.search.toLowerCase();
    for (const n of g.nodes) {
      const p = positions.get(n.key);
      const f = n.id && functions.get(n.id);
      const cls = ["node", n.kind];
      if (f && ran.has(n.id)) cls.push("ran");
      if (q && (n.label.toLowerCase().includes(q) || n.id && n.id.toLowerCase().includes(q))) cls.push("match");
      if (state.selected && n.id === state.selected) cls.push("selected");
      else if (near && near.has(n.key)) cls.push("near");
      const node = svgEl("g", { class: cls.join(" "), transform: `translate(${p.x},${p.y})`, "data-id": n.id || n.key });
      node.appendChild(svgEl("rect", { width: n.width, height: 24 }));
      const text = svgEl("text", { x: 8, y: 16 });
      text.textContent = n.text;
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
    if (how === "centre" && state.selected) centreOn(state.selected);
    else if (how !== "keep") fit();
  }

  // --- the panel: one function, or the overview (hot paths, never called)
  const panel = document.getElementById("panel");
  function link(id, text) { return functions.has(id) ? `<a data-go="${esc(id)}" title="${esc(id)}">${esc(text || id)}</a>` : esc(id); }
  const tail = id => id.split(".").slice(-2).join(".");  // Class.method, module.function
  function showPanel(html) {
    panel.innerHTML = html;
    panel.querySelectorAll("a[data-go]").forEach(a => a.addEventListener("click", () => select(a.dataset.go)));
    panel.querySelectorAll("a[data-sort]").forEach(a => a.addEventListener("click", () => overview(a.dataset.sort)));
    const back = panel.querySelector("#overview-link");
    if (back) back.addEventListener("click", () => { state.selected = null; overview(); draw(); });
    panel.scrollTop = 0;
  }
  function select(id) {
    const f = functions.get(id);
    if (!f) return;
    state.selected = id;
    state.expanded.add(f.module);
    state.hidden.delete(f.module);
    const callers = callersOf.get(id) || [], callees = calleesOf.get(id) || [];
    const statusText = { both: "both", observed_only: "observed", static_only: "static" };
    const row = e => `<tr><td>${link(e.caller === id ? e.callee : e.caller)}</td><td class="${e.status}">${statusText[e.status]}</td><td>${e.observed}</td><td>${esc((e.lines || []).join(", "))}</td></tr>`;
    let html = `<p><a id="overview-link">\u2190 overview</a></p><h2 id="panel-title">${esc(f.id)}</h2>`;
    html += `<div class="muted">${esc(f.kind)} in <b id="panel-file">${esc(f.file)}</b>, lines ${f.line}\u2013${f.end_line || "?"}</div>`;
    if (f.signature) html += `<pre>${esc(f.signature)}</pre>`;
    if (f.doc) html += `<h3>Docstring</h3><pre id="panel-doc">${esc(f.doc)}</pre>`;
    html += `<h3>Observed</h3><div id="panel-observed">${f.calls} calls${f.resumes ? `, ${f.resumes} resumptions` : ""}; inclusive ${ms(f.inclusive_ns)}, self ${ms(f.self_ns)}${f.static ? "" : " (not in the static graph)"}</div>`;
    if (f.samples && f.samples.length) {
      html += `<h3>Values</h3><table><tr><th>arguments</th><th>result</th></tr>`;
      for (const s of f.samples) html += `<tr><td>${esc(Object.entries(s.args || {}).map(([k, v]) => k + "=" + v).join(", "))}</td><td>${esc(s.raised ? "raised " + s.raised : s.result)}</td></tr>`;
      html += `</table>`;
    }
    html += `<h3>Calls (${callees.length})</h3><table class="edges"><tr><th>callee</th><th>edge</th><th>calls</th><th>lines</th></tr>${callees.map(row).join("")}</table>`;
    html += `<h3>Called by (${callers.length})</h3><table class="edges"><tr><th>caller</th><th>edge</th><th>calls</th><th>lines</th></tr>${callers.map(row).join("")}</table>`;
    if (f.qa && f.qa.length) html += `<h3>Q&amp;A</h3>` + f.qa.map(p => `<p><b>${esc(p.q)}</b><br>${esc(p.a).replace(/\n/g, "<br>")}</p>`).join("");
    if (f.source) html += `<h3>Source</h3><pre id="panel-source">${esc(f.source)}</pre>`;
    showPanel(html);
    draw("centre");
  }
  function overview(sortBy) {
    const key = sortBy === "inclusive" ? "inclusive_ns" : "self_ns";
    const hot = data.functions.filter(f => f.calls > 0 || f.resumes > 0).sort((a, b) => b[key] - a[key]).slice(0, 30);
    const never = data.functions.filter(f => f.static && !ran.has(f.id) && f.kind !== "module").sort((a, b) => a.id < b.id ? -1 : 1);
    const counts = { both: 0, observed_only: 0, static_only: 0 };
    for (const e of data.edges) counts[e.status]++;
    const procs = (data.meta.process_list || []).length;
    let html = `<h2>Overview</h2><div id="overview-counts">${data.functions.length} functions in the root, ${data.functions.filter(f => ran.has(f.id)).length} ran, ${never.length} never called;
      edges: ${counts.both} static and observed, ${counts.observed_only} observed only, ${counts.static_only} static only${procs > 1 ? `; ${procs} processes` : ""}.</div>`;
    html += `<h3>Hot paths</h3><p class="muted">The functions that took the most time, by
      ${key === "self_ns" ? "<b>self</b> time (<a data-sort=\"inclusive\">sort by inclusive</a>)" : "<b>inclusive</b> time (<a data-sort=\"self\">sort by self</a>)"}; click one to see its callers and callees.</p>`;
    html += `<table id="hot"><tr><th>function</th><th>calls</th><th>self</th><th>inclusive</th></tr>` +
      hot.map(f => `<tr><td>${link(f.id, tail(f.id))}</td><td>${f.calls}</td><td>${ms(f.self_ns)}</td><td>${ms(f.inclusive_ns)}</td></tr>`).join("") + `</table>`;
    html += `<h3>Never called (${never.length})</h3><p class="muted">Functions of the static graph that did not run.</p><ul id="never">` +
      never.slice(0, 500).map(f => `<li>${link(f.id)}</li>`).join("") + (never.length > 500 ? `<li class="muted">\u2026 ${never.length - 500} more</li>` : "") + `</ul>`;
    showPanel(html);
  }

  // --- controls: module filter, search, toggles, pan and zoom
  const side = document.getElementById("modules");
  for (const g of [...groups.keys()].sort()) {
    const label = el("label");
    const box = el("input", { type: "checkbox", checked: "" });
    box.addEventListener("change", () => { box.checked ? state.hidden.delete(g) : state.hidden.add(g); draw(); });
    label.append(box, " " + (g.length > 32 ? "\u2026" + g.slice(-31) : g) + ` (${groups.get(g).length})`);
    label.title = g;
    side.appendChild(label);
  }
  const toggle = (id, field) => {
    const box = document.getElementById(id);
    box.checked = state[field];
    box.addEventListener("change", () => { state[field] = box.checked; draw(state.selected ? "centre" : undefined); });
  };
  toggle("ran-only", "ranOnly");
  toggle("observed-only", "observedOnly");
  toggle("focus", "focus");
  document.getElementById("expand").addEventListener("click", () => { groups.forEach((_, g) => state.expanded.add(g)); state.focus = false; document.getElementById("focus").checked = false; draw(); });
  document.getElementById("collapse").addEventListener("click", () => { state.expanded.clear(); draw(); });
  document.getElementById("fit").addEventListener("click", () => fit());
  const results = document.getElementById("results");
  const search = document.getElementById("search");
  // Matches best first: the name itself, then functions that ran, then the shortest ids.
  const matches = () => {
    const q = state.search.toLowerCase();
    if (!q) return [];
    const score = f => (f.id.toLowerCase().endsWith("." + q) ? 0 : 2) + (ran.has(f.id) ? 0 : 1);
    return data.functions.filter(f => f.id.toLowerCase().includes(q)).sort((a, b) => score(a) - score(b) || a.id.length - b.id.length);
  };
  search.addEventListener("input", () => {
    state.search = search.value.trim();
    const found = matches();
    for (const f of found) state.expanded.add(f.module);
    results.replaceChildren(...found.slice(0, 30).map(f => {
      const a = el("a", { "data-go": f.id }, f.id);
      a.addEventListener("click", () => select(f.id));
      return a;
    }));
    if (found.length > 30) results.appendChild(el("span", { class: "muted" }, `\u2026 ${found.length - 30} more`));
    if (found.length && (!state.focus || !state.selected)) {
      draw("keep");
      const key = [...positions.keys()].find(k => k === found[0].id);
      if (key) centreOn(key);
    } else draw("keep");
  });
  search.addEventListener("keydown", ev => {
    if (ev.key !== "Enter") return;
    const found = matches();
    if (found.length) select(found[0].id);
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
    const r = svg.getBoundingClientRect();
    const px = view.x + (ev.clientX - r.left) / r.width * view.w, py = view.y + (ev.clientY - r.top) / r.height * view.h;
    view.w *= k; view.h *= k;
    view.x = px - (ev.clientX - r.left) / r.width * view.w;  // the point under the cursor stays put
    view.y = py - (ev.clientY - r.top) / r.height * view.h;
    setView();
  }, { passive: false });
  window.addEventListener("resize", () => (state.selected && positions.has(state.selected) ? centreOn(state.selected) : fit()));
  overview();
  draw();
  window.codetraceReport = { select, state, draw, overview, view: () => Object.assign({}, view), positions };  // for tests and the console
})();
