#!/usr/bin/env bash
# codetrace report: one self-contained page (nothing fetched) drawing the sample's trace, tested
# in headless Chromium: the edges of each status are drawn, clicking a function opens its panel
# (file, lines, docstring, source, observed calls, values, Q&A), search and module folding work,
# a 3,000-function graph opens folded; a screenshot is saved. --format dot renders with Graphviz.
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser)
[ -n "$CHROMIUM" ] || { fail "Debian's chromium is needed for the browser test (scripts/setup.sh installs it)"; finish; }
SHOT_DIR=${REPORT_SCREENSHOT_DIR:-$PWD}  # ctest runs this in build/tests: the screenshot stays there
shop=$(copy_sample shop)
(cd "$shop" && "$CODETRACE" run --values -o "$WORK/trace.json" main.py data/orders.csv "$WORK/r.json" >/dev/null 2>&1)
cd "$WORK" || exit 1
"$CODETRACE" report trace.json -o report.html 2>err.txt
expect_eq 0 $? "report exits 0"
grep -Eq '<script[^>]+src=|<link |url\(http|@import|fetch\(|XMLHttpRequest' report.html \
  && fail "the page refers to outside resources" || pass "the page is self-contained (no src, link, url() or fetch)"

# A page that loads REPORT in a frame and, once it has loaded, runs the checks read from standard
# input (with d, w and out in scope), then writes `out` as JSON into <pre id="out">.
harness() {  # file report
  {
    printf '%s\n' '<!DOCTYPE html><html><body style="margin:0;overflow:hidden">' \
      "<iframe id=\"r\" src=\"$2\" style=\"width:1400px;height:860px;border:0\"></iframe>" \
      '<pre id="out">pending</pre><script>' 'const frame = document.getElementById("r");' 'frame.onload = () => {' \
      '  const d = frame.contentDocument, w = frame.contentWindow, out = {};' '  try {'
    cat
    printf '%s\n' '  } catch (e) { out.error = String(e) + " " + e.stack; }' \
      '  document.getElementById("out").textContent = JSON.stringify(out);' '};' '</script></body></html>'
  } >"$1"
}
cat >checks1.js <<'JS'
    out.nodes = d.querySelectorAll(".node").length;
    out.edges = {};
    for (const s of ["both", "observed_only", "static_only"]) out.edges[s] = d.querySelectorAll("path.edge." + s).length;
    const target = new URLSearchParams(location.search).get("click");
    if (target) {
      const node = d.querySelector(`.node[data-id="${target}"]`);
      out.found = !!node;
      node.dispatchEvent(new w.MouseEvent("click", {bubbles: true}));
      out.title = d.getElementById("panel-title").textContent;
      out.file = d.getElementById("panel-file").textContent;
      out.doc = (d.getElementById("panel-doc") || {}).textContent || "";
      out.source = (d.getElementById("panel-source") || {}).textContent || "";
      out.observed = d.getElementById("panel-observed").textContent;
      out.panel = d.getElementById("panel").textContent;
      out.selected = d.querySelectorAll(".node.selected").length;
      const search = d.getElementById("search");
      search.value = "vat_rate";
      search.dispatchEvent(new w.Event("input"));
      out.matches = d.querySelectorAll(".node.match").length;
      search.value = "";
      search.dispatchEvent(new w.Event("input"));
      d.getElementById("collapse").click();
      out.folded = d.querySelectorAll(".node").length;
      const folded = d.querySelector('.node.module');
      folded.dispatchEvent(new w.MouseEvent("click", {bubbles: true}));
      out.unfolded = d.querySelectorAll(".node").length;
      d.querySelector('.node[data-id="' + target + '"]') || d.getElementById("expand").click();
      w.codetraceReport.select(target);
    }
    out.modules = d.querySelectorAll("#modules input").length;
    out.scale = d.querySelector("#canvas svg").clientWidth / w.codetraceReport.view().w;
JS
browse() {  # page query -> the DOM after the page's scripts ran
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --allow-file-access-from-files --virtual-time-budget=15000 \
    --dump-dom "file://$WORK/$1?$2" 2>/dev/null
}
harness h1.html report.html <checks1.js
browse h1.html "click=shop.pricing.tax.tax" >dom1.html
python3 - dom1.html <<'PY' && pass "Chromium: edges of each status drawn; a click opens the function's panel; search and folding work" || fail "browser test: $(grep -o 'out">[^<]*' dom1.html | head -c 400)"
import html, json, re, sys
out = json.loads(html.unescape(re.search(r'<pre id="out">(.*?)</pre>', open(sys.argv[1]).read(), re.S).group(1)))
assert "error" not in out, out
assert out["nodes"] > 15 and out["edges"]["both"] > 5 and out["edges"]["static_only"] > 0, out
assert out["found"] and out["title"] == "shop.pricing.tax.tax" and out["file"] == "shop/pricing/tax.py", out
assert "VAT" in out["doc"] or "tax" in out["doc"].lower(), out["doc"]
assert out["source"].lstrip().startswith("def tax(") and "vat_rate" in out["source"], out["source"]
assert out["observed"].startswith("3 calls"), out["observed"]
assert "amount=56.07" in out["panel"] and "shop.pricing.tax.vat_rate" in out["panel"], out["panel"][:300]
assert "What does the function" in out["panel"], "Q&A about it"
assert out["selected"] == 1 and out["matches"] >= 1, out
assert out["modules"] >= 8 and out["folded"] < out["nodes"] and out["unfolded"] > out["folded"], out
PY
"$CHROMIUM" --headless --no-sandbox --disable-gpu --allow-file-access-from-files --virtual-time-budget=15000 \
  --window-size=1400,900 --screenshot="$WORK/report.png" "file://$WORK/h1.html?click=shop.pricing.tax.tax" >/dev/null 2>&1
if [ -s "$WORK/report.png" ]; then
  cp "$WORK/report.png" "$SHOT_DIR/report-screenshot.png" && pass "a screenshot was saved: $SHOT_DIR/report-screenshot.png"
else fail "no screenshot"; fi

# What a reader needs on top: fixed-size arrowheads, the drawing kept on the canvas, a selection
# centred with its neighbourhood, toggles, hot paths, the never-called list, panels not clipped.
harness harness3.html report.html <<'JS'
  const r = w.codetraceReport;
  const svg = d.querySelector("#canvas svg");
  const nodeBox = id => { const p = r.positions.get(id); return p && { cx: p.x + p.w / 2, cy: p.y + 12 }; };
  const inView = (p, v) => p.cx >= v.x && p.cx <= v.x + v.w && p.cy >= v.y && p.cy <= v.y + v.h;
    out.markers = [...d.querySelectorAll("marker")].map(m => m.getAttribute("markerUnits"));
    out.widths = [...d.querySelectorAll("path.edge")].map(p => +p.getAttribute("stroke-width"));
    let v = r.view();
    out.allInView = [...r.positions.keys()].every(k => inView(nodeBox(k), v));
    const ps = [...r.positions.values()];
    out.cornerInView = inView({ cx: Math.min(...ps.map(p => p.x)), cy: Math.min(...ps.map(p => p.y)) }, v);
    out.scale = svg.clientWidth / v.w;
    out.hot = [...d.querySelectorAll("#hot tr")].slice(1).map(tr => parseFloat(tr.children[2].textContent));
    out.hotFirst = d.querySelector("#hot a").title;
    out.never = [...d.querySelectorAll("#never a")].map(a => a.title);
    d.querySelector('#panel a[data-sort="inclusive"]').click();
    out.hotInclusive = [...d.querySelectorAll("#hot tr")].slice(1).map(tr => parseFloat(tr.children[3].textContent));
    const all = d.querySelectorAll(".node").length;
    d.getElementById("ran-only").click();
    out.ranOnly = [d.querySelectorAll(".node").length, all, d.querySelectorAll(".node.function:not(.ran)").length];
    d.getElementById("ran-only").click();
    d.getElementById("observed-only").click();
    out.observedOnly = [d.querySelectorAll("path.edge.static_only").length, d.querySelectorAll("path.edge").length];
    d.getElementById("observed-only").click();
    const target = "shop.pricing.cart.Cart.total";
    r.select(target);
    v = r.view();
    const c = nodeBox(target);
    out.centred = Math.abs(c.cx - (v.x + v.w / 2)) < v.w * 0.05 && Math.abs(c.cy - (v.y + v.h / 2)) < v.h * 0.05;
    out.nearEdges = d.querySelectorAll("path.edge.near").length;
    d.getElementById("focus").click();
    out.focusNodes = [...d.querySelectorAll(".node")].map(n => n.dataset.id).sort();
    out.focusEdges = [...d.querySelectorAll("path.edge")].every(p => p.dataset.from === target || p.dataset.to === target);
    const panel = d.getElementById("panel").getBoundingClientRect();
    out.panelInside = panel.bottom <= w.innerHeight + 1 && panel.right <= w.innerWidth + 1;
    const search = d.getElementById("search");
    search.value = "vat_rate";
    search.dispatchEvent(new w.Event("input"));
    search.dispatchEvent(new w.KeyboardEvent("keydown", { key: "Enter" }));
    out.searchTitle = d.getElementById("panel-title").textContent;
    v = r.view();
    const s = nodeBox("shop.pricing.tax.vat_rate");
    out.searchCentred = !!s && inView(s, v) && Math.abs(s.cx - (v.x + v.w / 2)) < v.w * 0.05;
JS
"$CHROMIUM" --headless --no-sandbox --disable-gpu --allow-file-access-from-files --virtual-time-budget=15000 --window-size=1400,900 \
  --dump-dom "file://$WORK/harness3.html" 2>/dev/null >dom3.html
python3 - dom3.html trace.json <<'PY' && pass "Chromium: fixed arrowheads, drawing on the canvas, hot paths, never called, toggles, selection centred with its neighbourhood" || fail "report reading aids: $(grep -o 'out">[^<]*' dom3.html | head -c 600)"
import html, json, re, sys
out = json.loads(html.unescape(re.search(r'<pre id="out">(.*?)</pre>', open(sys.argv[1]).read(), re.S).group(1)))
trace = json.load(open(sys.argv[2]))
assert "error" not in out, out["error"]
assert out["markers"] and set(out["markers"]) == {"userSpaceOnUse"}, out["markers"]
assert max(out["widths"]) <= 6, max(out["widths"])
# the whole drawing when it fits at a readable size, else its top-left corner at that size
assert (out["allInView"] or out["cornerInView"]) and out["scale"] >= 0.7, out
ran = [f for f in trace["functions"] if f["observed"]["calls"] > 0]
by_self = max(ran, key=lambda f: f["observed"]["self_ns"])["id"]
assert out["hotFirst"] == by_self, (out["hotFirst"], by_self)
assert out["hot"] == sorted(out["hot"], reverse=True) and len(out["hot"]) == min(30, len(ran)), out["hot"]
assert out["hotInclusive"] == sorted(out["hotInclusive"], reverse=True), out["hotInclusive"]
never = {f["id"] for f in trace["functions"] if f["static"] and f["observed"]["calls"] == 0 and f["kind"] != "module"}
never -= {e["callee"] for e in trace["edges"] if e["observed"]} | {e["caller"] for e in trace["edges"] if e["observed"]}
assert set(out["never"]) == never and "shop.utils.money" in never, (out["never"], never)
shown, total, not_ran = out["ranOnly"]
assert shown < total and not_ran == 0, out["ranOnly"]
assert out["observedOnly"][0] == 0 and out["observedOnly"][1] > 0, out["observedOnly"]
assert out["centred"] and out["nearEdges"] > 0, out
target = "shop.pricing.cart.Cart.total"
neighbours = {target} | {e["callee"] for e in trace["edges"] if e["caller"] == target} | {e["caller"] for e in trace["edges"] if e["callee"] == target}
assert set(out["focusNodes"]) == neighbours, (out["focusNodes"], neighbours)
assert out["focusEdges"] and out["panelInside"], out
assert out["searchTitle"] == "shop.pricing.tax.vat_rate" and out["searchCentred"], out
PY

# A large graph opens folded by module and stays usable.
python3 - big.json <<'PY'
import json, sys
functions, edges = [], []
for m in range(60):
    for i in range(50):
        fid = f"pkg.mod{m}.f{i}"
        functions.append({"id": fid, "kind": "function", "file": f"pkg/mod{m}.py", "line": 1 + 3 * i, "end_line": 2 + 3 * i,
                          "static": True, "observed": {"calls": i % 3, "resumes": 0, "inclusive_ns": 1000, "self_ns": 500}})
        if i:
            edges.append({"caller": f"pkg.mod{m}.f{i-1}", "callee": fid, "static": True, "observed": i % 3,
                          "status": "both" if i % 3 else "static_only", "boundary": False})
    if m:
        edges.append({"caller": f"pkg.mod{m-1}.f0", "callee": f"pkg.mod{m}.f0", "static": False, "observed": 2,
                      "status": "observed_only", "boundary": False})
json.dump({"meta": {"command": ["codetrace", "run", "big.py"], "root": "/nowhere", "python_version": "3.11", "hook_backend": "eval-frame",
                    "exit_code": 0, "ended": "exit"}, "functions": functions, "edges": edges}, open(sys.argv[1], "w"))
PY
"$CODETRACE" report big.json -o big.html 2>/dev/null
harness h2.html big.html <checks1.js
browse h2.html "" >dom2.html
python3 - dom2.html <<'PY' && pass "3,000 functions: opens folded into 60 modules" || fail "large graph: $(grep -o 'out">[^<]*' dom2.html | head -c 300)"
import html, json, re, sys
out = json.loads(html.unescape(re.search(r'<pre id="out">(.*?)</pre>', open(sys.argv[1]).read(), re.S).group(1)))
assert "error" not in out and out["nodes"] == 60 and out["modules"] == 60, out
assert out["scale"] >= 0.7, out["scale"]
assert out["edges"]["observed_only"] == 59, out
PY

"$CODETRACE" report trace.json --format dot -o report.dot 2>/dev/null
expect_eq 0 $? "report --format dot exits 0"
dot -Tsvg report.dot -o report.svg 2>dot.err
expect_eq 0 $? "Graphviz renders the DOT graph"
grep -q '#0969da' report.svg && grep -q '#8c959f' report.svg && pass "the same colours in the SVG" || fail "colours missing from the SVG"
"$CODETRACE" report nowhere.json 2>err.txt
expect_eq 1 $? "a missing trace: exit 1"
expect_contains err.txt "nowhere.json" "the error names it"
finish
