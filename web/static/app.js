// vpcboard designer: the little JavaScript the pages need. htmx does the
// requests and swaps; this file pans and zooms the diagram, turns clicks on
// the diagram into inspector requests, applies overlays (findings, a traced
// path, the selection, reachable peers) as CSS classes on the SVG, keeps
// the undo and redo stacks of your own edits, and binds keyboard
// shortcuts. No inline scripts: the CSP allows only this file.
(function () {
  "use strict";
  var body = document.body;
  var design = body.dataset.design;

  // Who you are, as the server names you in presence and edit summaries.
  var me = body.dataset.me || "";

  // Every htmx request carries the CSRF token. An edit carries the
  // version of what it changes in its own form (base_version, set by the
  // server with the form), never the latest version the page has heard
  // of: a save over someone's later change must be refused, not applied.
  document.addEventListener("htmx:configRequest", function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
    // The answers that redraw the panels (an edit, undo or redo, a live
    // update) draw the view chosen above the diagram, not the first one.
    // (Not a delete: page.js recognises its answer by its bare path.)
    var chosen = document.querySelector('#diagram select[name="view"]');
    if (chosen && chosen.value && e.detail.parameters.view === undefined &&
        /\/designs\/[^/]+\/(edit|apply|fragments)$/.test(e.detail.path)) {
      e.detail.path += "?view=" + encodeURIComponent(chosen.value);
    }
  });
  // A refused save or undo (409) answers with what to show: theirs and
  // mine, or why the undo was refused.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 409 && e.detail.target && e.detail.target.id === "inspector") {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var xhr = e.detail.xhr;
    var v = xhr && xhr.getResponseHeader("X-Design-Version");
    if (v && design) body.dataset.version = v;
  });

  // The diff page: mark what was added and changed on the diagram.
  if (body.dataset.diffMarks) {
    var marks = {};
    try { marks = JSON.parse(body.dataset.diffMarks); } catch (err) { marks = {}; }
    Object.keys(marks).forEach(function (id) {
      document.querySelectorAll('#stage svg [id="' + CSS.escape(id) + '"]').forEach(function (el) { el.classList.add("diff-" + marks[id]); });
    });
  }

  if (!design) return;

  // --- data blocks sent with fragments ---
  function data(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.dataset.json); } catch (err) { return null; }
  }
  function svg() { return document.querySelector("#stage svg"); }
  // byId finds the diagram's element of a resource through a map of the
  // SVG's ids, made once per diagram: the overlays look up every
  // finding's resources after every swap, and a selector scans the whole
  // SVG each time (the base design's overview: ~10,000 elements).
  function byId(id) {
    var s = svg();
    if (!s) return null;
    if (!s._ids) {
      s._ids = new Map();
      s.querySelectorAll("[id]").forEach(function (el) { if (!s._ids.has(el.id)) s._ids.set(el.id, el); });
    }
    return s._ids.get(id) || null;
  }
  function clearClass(cls) {
    var s = svg();
    if (!s) return;
    s.querySelectorAll("." + cls).forEach(function (el) { el.classList.remove(cls); });
  }

  // --- overlays ---
  var selected = null;
  function applyOverlays() {
    ["finding-error", "finding-warning", "selected"].forEach(clearClass);
    var f = data("findings-data") || [];
    f.forEach(function (x) {
      (x.resources || []).forEach(function (id) {
        var el = byId(id);
        if (el) el.classList.add(x.severity === "error" ? "finding-error" : "finding-warning");
      });
    });
    clearClass("has-comment");
    (data("comments-data") || []).forEach(function (id) { var el = byId(id); if (el) el.classList.add("has-comment"); });
    if (selected) {
      var el = byId(selected);
      if (el) el.classList.add("selected");
    }
    document.querySelectorAll(".tree .node").forEach(function (n) {
      n.classList.toggle("selected", n.dataset.id === selected);
    });
    applyTrace();
  }
  function applyTrace() {
    ["trace-hop", "trace-blocked", "reachable", "dim"].forEach(clearClass);
    var t = data("trace-data");
    if (!t) return;
    (t.hops || []).forEach(function (id) { var el = byId(id); if (el) el.classList.add("trace-hop"); });
    (t.blocked || []).forEach(function (id) { var el = byId(id); if (el) el.classList.add("trace-blocked"); });
    (t.reachable || []).forEach(function (id) { var el = byId(id); if (el) el.classList.add("reachable"); });
  }
  document.addEventListener("htmx:afterSettle", function () { applyOverlays(); restoreView(); });

  // --- selection ---
  // select makes id the selection; unless the inspector already shows it
  // (loaded), it fetches its form. actions.js hears of it ("vpcb:selected")
  // and may ask for it ("vpcb:select-request").
  function select(id, loaded) {
    selected = id;
    if (typeof sendSelection === "function") sendSelection();
    var past = body.dataset.past ? "?version=" + body.dataset.past : ""; // a past version shows its own forms
    if (!loaded) htmx.ajax("GET", "/designs/" + design + "/inspector/" + encodeURIComponent(id) + past, { target: "#inspector", swap: "innerHTML" });
    applyOverlays();
    reveal(id);
    document.dispatchEvent(new CustomEvent("vpcb:selected", { detail: { id: id } }));
  }
  // reveal pans, at the same scale, to centre the element of id when it
  // is out of view (a diagram larger than the screen opens at a readable
  // scale, so a resource picked in the tree may be outside it).
  function reveal(id) {
    var el = byId(id), vp = document.querySelector(".viewport");
    if (!el || !vp) return;
    var b = el.getBoundingClientRect(), v = vp.getBoundingClientRect();
    if (b.left >= v.left && b.right <= v.right && b.top >= v.top && b.bottom <= v.bottom) return;
    view.x += (v.left + v.width / 2) - (b.left + b.width / 2);
    view.y += (v.top + v.height / 2) - (b.top + b.height / 2);
    userView = true;
    setView();
  }
  document.addEventListener("vpcb:select-request", function (e) { select(e.detail.id, e.detail.loaded); });
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-tree-toggle]")) return; // panels.js opens and closes a VPC
    var node = e.target.closest(".tree .node[data-id]");
    if (node) { select(node.dataset.id); return; }
    var row = e.target.closest("tr.finding[data-resources]");
    if (row) {
      var ids = row.dataset.resources.split(" ").filter(Boolean);
      if (ids.length) { select(ids[0]); zoomTo(ids[0]); }
      return;
    }
    var tab = e.target.closest(".tabs button[data-tab]");
    if (tab) { showTab(tab.dataset.tab); return; }
    if (e.target.closest("[data-action]")) {
      var a = e.target.closest("[data-action]").dataset.action;
      if (a === "fit") { userView = false; fit(); }
      if (a === "undo") undo();
      if (a === "redo") redo();
      if (a === "use-suggestion") {
        var b = e.target.closest("[data-action]");
        var input = document.getElementById(b.dataset.for);
        if (input) input.value = b.dataset.value;
      }
      return;
    }
    var res = e.target.closest("#stage svg .res");
    if (res && !moved) {
      var kind = Array.from(res.classList).find(function (c) { return c.indexOf("kind-") === 0; });
      select(res.id);
      if (kind === "kind-workload") {
        htmx.ajax("GET", "/designs/" + design + "/reachable/" + encodeURIComponent(res.id), { target: "#matrix-row", swap: "innerHTML" });
      }
    }
  });

  function showTab(name) {
    document.querySelectorAll(".tabs button[data-tab]").forEach(function (b) { b.classList.toggle("active", b.dataset.tab === name); });
    document.querySelectorAll(".tabpane[data-pane]").forEach(function (p) { p.hidden = p.dataset.pane !== name; });
  }
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "trace-result") showTab("trace");
  });

  // --- findings filter ---
  var filter = { severity: "", code: "" };
  function applyFilter() {
    var sev = document.querySelector("[data-filter=severity]"), code = document.querySelector("[data-filter=code]");
    if (sev) sev.value = filter.severity;
    if (code) code.value = filter.code;
    document.querySelectorAll("#findings tr.finding").forEach(function (r) {
      r.hidden = (filter.severity && r.dataset.severity !== filter.severity) || (filter.code && r.dataset.code !== filter.code);
    });
  }
  document.addEventListener("change", function (e) {
    var f = e.target.closest("[data-filter]");
    if (!f) return;
    filter[f.dataset.filter] = f.value;
    applyFilter();
  });
  document.addEventListener("htmx:afterSettle", applyFilter);

  // --- pan and zoom ---
  var view = { x: 10, y: 10, k: 1 };
  var moved = false;
  function setView() {
    var st = document.getElementById("stage");
    if (st) st.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.k + ")";
  }
  // When the diagram's pane changes size (an inspector that widens for
  // its row editors, a drawer, the window), what was at its centre stays
  // at its centre: a resource just zoomed to stays in view.
  var paneSize = null, observed = null;
  var resized = window.ResizeObserver ? new ResizeObserver(function (entries) {
    var vp = entries[entries.length - 1].target, w = vp.clientWidth, h = vp.clientHeight;
    if (!vp.isConnected || !w || !h) return; // swapped out or hidden: not a resize
    if (paneSize && vp === observed && (w !== paneSize.w || h !== paneSize.h)) {
      view.x += (w - paneSize.w) / 2;
      view.y += (h - paneSize.h) / 2;
      setView();
    }
    paneSize = { w: w, h: h };
  }) : null;
  function observePane() {
    var vp = document.querySelector(".viewport");
    if (!resized || !vp || vp === observed) return;
    if (observed) resized.unobserve(observed);
    observed = vp;
    paneSize = null;
    resized.observe(vp);
  }
  observePane();
  document.addEventListener("htmx:afterSettle", observePane);
  // A new diagram is fitted to the screen until the user pans or zooms;
  // after that it keeps the user's view.
  var lastSvg = null, userView = false;
  function restoreView() {
    var s = svg();
    if (s && s !== lastSvg) {
      lastSvg = s;
      if (userView) setView(); else fit();
      document.dispatchEvent(new CustomEvent("vpcb:diagram-loaded"));
    }
  }
  // Hooks for nav.js: select a resource and zoom to it (or to detail.zoom),
  // which keeps the view like a manual zoom; fit the view again.
  document.addEventListener("vpcb:goto", function (e) {
    if (e.detail.select !== false) select(e.detail.id);
    zoomTo(e.detail.zoom || e.detail.id);
    userView = true;
  });
  document.addEventListener("vpcb:fit", function () { userView = false; fit(); });
  // The smallest scale at which the diagram's smallest text is 10 CSS px
  // on screen (the SVG's user unit is a point: 4/3 px at scale 1).
  function readableScale(s) {
    var vb = s.viewBox && s.viewBox.baseVal, unit = vb && vb.width ? s.width.baseVal.value / vb.width : 1, least = 0;
    s.querySelectorAll("text[font-size]").forEach(function (t) {
      var f = parseFloat(t.getAttribute("font-size"));
      if (f > 0 && (!least || f < least)) least = f;
    });
    return least ? 10 / (least * unit) : 0;
  }
  // Fit shows the whole diagram when its labels stay readable (10 CSS px
  // or more); a larger one is shown from its top left corner at the
  // smallest readable scale, to pan or to zoom out of (views of one VPC
  // are in the view chooser).
  function fit() {
    var s = svg(), vp = document.querySelector(".viewport");
    if (!s || !vp) return;
    var w = s.width.baseVal.value || s.getBBox().width, h = s.height.baseVal.value || s.getBBox().height;
    var k = Math.min(vp.clientWidth / (w + 20), vp.clientHeight / (h + 20), 2), r = readableScale(s);
    if (k < r) view = { k: r, x: 10, y: 10 };
    else view = { k: k, x: (vp.clientWidth - w * k) / 2, y: (vp.clientHeight - h * k) / 2 };
    setView();
  }
  // zoomTo centres the element of id, at scale 1 or more, less if it would
  // not fit. It measures on screen: the SVG's user units are points, not
  // the stage's CSS pixels.
  function zoomTo(id) {
    var el = byId(id), vp = document.querySelector(".viewport"), st = document.getElementById("stage");
    if (!el || !vp || !st) return;
    var b = el.getBoundingClientRect(), sr = st.getBoundingClientRect();
    var cx = (b.left + b.width / 2 - sr.left) / view.k, cy = (b.top + b.height / 2 - sr.top) / view.k;
    var fits = Math.min(0.9 * vp.clientWidth / (b.width / view.k || 1), 0.9 * vp.clientHeight / (b.height / view.k || 1));
    view.k = Math.min(Math.max(view.k, 1), fits);
    view.x = vp.clientWidth / 2 - cx * view.k;
    view.y = vp.clientHeight / 2 - cy * view.k;
    setView();
  }
  document.addEventListener("wheel", function (e) {
    var vp = e.target.closest(".viewport");
    if (!vp) return;
    e.preventDefault();
    var r = vp.getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top;
    var k = Math.min(8, Math.max(0.05, view.k * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
    view.x = mx - (mx - view.x) * k / view.k;
    view.y = my - (my - view.y) * k / view.k;
    view.k = k;
    userView = true;
    setView();
  }, { passive: false });
  var drag = null;
  document.addEventListener("mousedown", function (e) {
    var vp = e.target.closest(".viewport");
    if (!vp || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
    moved = false;
  });
  document.addEventListener("mousemove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) {
      moved = true;
      userView = true;
      document.querySelector(".viewport").classList.add("dragging");
    }
    view.x = drag.vx + dx; view.y = drag.vy + dy;
    setView();
  });
  document.addEventListener("mouseup", function () {
    drag = null;
    var vp = document.querySelector(".viewport");
    if (vp) vp.classList.remove("dragging");
    setTimeout(function () { moved = false; }, 0);
  });

  // --- undo and redo of your own edits ---
  var undoStack = [], redoStack = [];
  document.addEventListener("htmx:afterSettle", function () {
    var ed = data("edit-data");
    if (!ed || ed.seen) return;
    var el = document.getElementById("edit-data");
    el.removeAttribute("id"); // each edit is recorded once
    if (ed.kind === "edit") { undoStack.push(ed); redoStack = []; }
    else if (ed.kind === "undo") { redoStack.push(ed); }
    else if (ed.kind === "redo") { undoStack.push(ed); }
    if (ed.kind === "refused") toast("nothing was changed: see the inspector");
    document.querySelectorAll("[data-action=undo]").forEach(function (b) { b.disabled = undoStack.length === 0; });
    document.querySelectorAll("[data-action=redo]").forEach(function (b) { b.disabled = redoStack.length === 0; });
  });
  // An undo reverts the version an edit made, a redo the version an undo
  // made; the server refuses either when what it touches changed since.
  function replay(version, kind) {
    htmx.ajax("POST", "/designs/" + design + "/apply", {
      target: "#inspector", swap: "innerHTML",
      values: { version: version, kind: kind }
    });
  }
  function undo() { var e = undoStack.pop(); if (e) replay(e.version, "undo"); }
  // page.js's "Deleted X — Undo" undoes the version of that delete.
  document.addEventListener("vpcb:undo", function (ev) {
    var i = undoStack.findIndex(function (x) { return x.version === ev.detail.version; });
    if (i >= 0) replay(undoStack.splice(i, 1)[0].version, "undo");
  });
  function redo() { var e = redoStack.pop(); if (e) replay(e.version, "redo"); }

  // --- keyboard shortcuts ---
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === "z") { e.preventDefault(); if (e.shiftKey) redo(); else undo(); return; }
    if (mod && e.key.toLowerCase() === "y") { e.preventDefault(); redo(); return; }
    if (mod) return;
    switch (e.key) {
      case "f": userView = false; fit(); break;
      case "Escape": selected = null; applyOverlays(); document.dispatchEvent(new CustomEvent("vpcb:selected", { detail: { id: null } })); break;
      case "t": showTab("trace"); var from = document.querySelector("[name=from]"); if (from) from.focus(); e.preventDefault(); break;
      case "?": showTab("findings"); break;
      case "Delete": case "Backspace":
        var del = document.querySelector("#inspector [data-delete]");
        if (del) del.click();
        break;
      case "n": var add = document.querySelector(".tree .add select"); if (add) { add.focus(); e.preventDefault(); } break;
    }
  });

  // --- live updates: the server says "version N exists" (with who made
  // it and how); the page fetches the panels of the new version, which
  // the server renders once for every viewer. ---
  var ws = null, retry = 500;
  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(proto + "//" + location.host + "/designs/" + design + "/ws?since=" + body.dataset.version);
    ws.onopen = function () { retry = 500; liveStatus(""); sendSelection(); };
    ws.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (m.type === "version") onVersion(m);
      if (m.type === "presence") { viewers = {}; (m.viewers || []).forEach(function (v) { viewers[v.id] = v; }); showPresence(); }
      if (m.type === "viewer") { viewers[m.viewer.id] = m.viewer; showPresence(); }
      if (m.type === "left") { delete viewers[m.viewer.id]; showPresence(); }
      if (m.type === "deleted") toast("this design was deleted");
      if (m.type === "review") toast("the review of this design changed: reload to see its state");
      if (m.type === "comment" && document.getElementById("comments")) {
        htmx.ajax("GET", "/designs/" + design + "/comments", { target: "#comments", swap: "outerHTML" });
      }
    };
    // 4403: this viewer lost access (revoked, removed, signed out); the
    // server refuses a new socket too, so the page says so and stops.
    // Anything else (1013: access could not be checked, the database is
    // down; a server restarting; the network) is passing: it reconnects
    // with backoff and says it does.
    ws.onclose = function (e) {
      if (e.code === 4403) {
        liveStatus("Your access to this design was revoked: live updates stopped. Reload to sign in again.", "revoked");
        return;
      }
      liveStatus("Live updates lost: reconnecting…", "reconnecting");
      setTimeout(connect, retry); // reconnect from the last version seen
      retry = Math.min(retry * 2, 10000);
    };
  }
  // liveStatus shows the state of live updates beside presence, or
  // nothing when they flow.
  function liveStatus(text, state) {
    var el = document.getElementById("live-status");
    if (!text) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("span");
      el.id = "live-status";
      el.dataset.testid = "live-status";
      el.setAttribute("role", "status");
      var presence = document.getElementById("presence");
      if (presence) presence.after(el); else document.body.prepend(el);
    }
    el.className = "live-status " + state;
    el.dataset.state = state;
    el.textContent = text;
  }
  var refreshing = false, again = false;
  function onVersion(m) {
    if (m.version <= Number(body.dataset.version)) return; // ours, or seen
    if (m.author !== me) toast(m.author + " " + m.summary);
    var touched = (m.ops || []).some(function (o) { return o.id === selected; });
    if (touched && m.author !== me) {
      var insp = document.getElementById("inspector");
      if (insp && !document.getElementById("changed-notice")) {
        var n = document.createElement("div");
        n.id = "changed-notice";
        n.className = "notice error";
        n.dataset.testid = "changed-notice";
        n.textContent = m.author + " changed " + selected + " (version " + m.version + "). Your form is of an earlier version: saving it shows their version beside yours first. Select it again to load theirs.";
        insp.prepend(n);
      }
    }
    if (saving > 0) { heard = Math.max(heard, m.version); return; } // our save's answer may be it
    refresh();
  }
  // While a save of ours is on its way, a version heard of is most likely
  // the one it made, whose panels its answer brings: the page fetches the
  // panels after the answer only if a later version was heard of.
  var saving = 0, heard = 0, saves = /\/designs\/[^/]+\/(edit|apply|action|delete-resource)(\?|$)/;
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (saves.test(e.detail.requestConfig.path)) saving++;
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (!e.detail.requestConfig || !saves.test(e.detail.requestConfig.path)) return;
    saving = Math.max(0, saving - 1);
    if (saving === 0 && heard > Number(body.dataset.version)) refresh();
    if (saving === 0) heard = 0;
  });
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    htmx.ajax("GET", "/designs/" + design + "/fragments", { swap: "none" }).then(function () {
      refreshing = false;
      if (again) { again = false; refresh(); }
    });
  }
  // Who views the design, by viewer: the whole list when the socket
  // opens, then one viewer at a time (arrived or selected, left).
  var viewers = {};
  function showPresence() {
    var el = document.getElementById("presence");
    if (!el) return;
    el.textContent = "";
    clearClass("peer-selected");
    Object.keys(viewers).sort().forEach(function (id) {
      var v = viewers[id];
      var p = document.createElement("span");
      p.className = "pill" + (v.user === me ? " me" : "");
      p.textContent = v.user + (v.selected ? " · " + v.selected : "");
      el.appendChild(p);
      if (v.user !== me && v.selected) {
        var node = byId(v.selected);
        if (node) node.classList.add("peer-selected");
      }
    });
  }
  function sendSelection() {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({ type: "select", selected: selected || "" }));
  }
  var toasts = null;
  function toast(text) {
    if (!toasts) {
      toasts = document.createElement("div");
      toasts.className = "toasts";
      toasts.dataset.testid = "toasts";
      document.body.appendChild(toasts);
    }
    var t = document.createElement("div");
    t.className = "toast";
    t.textContent = text;
    toasts.appendChild(t);
    setTimeout(function () { t.remove(); }, 6000);
  }
  // A past version does not follow the design; a server without live
  // updates has nothing to follow.
  if (!body.dataset.past && body.dataset.live !== undefined) connect();

  document.addEventListener("DOMContentLoaded", function () { applyOverlays(); restoreView(); });
  if (document.readyState !== "loading") { applyOverlays(); restoreView(); }
})();
