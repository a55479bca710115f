// vpcboard designer: work on the diagram. The selected resource's action
// bar (rendered by the server in the inspector's header) is also shown next
// to the selection on the diagram; its forms open there and post one batch
// of edits. Clicking two workloads with the Trace tab open, "Trace from
// here" then a click, or dragging from one workload to another traces at
// once, on a port the target opens (the server chooses it when the port is
// left empty). No inline scripts: the CSP allows only files.
(function () {
  "use strict";
  var body = document.body;
  var design = body.dataset.design;
  if (!design) return;

  var current = null; // the selection, as app.js says ("vpcb:selected")
  document.addEventListener("vpcb:selected", function (e) {
    current = e.detail.id;
    placeBar();
  });

  function svg() { return document.querySelector("#stage svg"); }
  function byId(id) {
    var s = svg();
    return s && id ? s.querySelector('[id="' + CSS.escape(id) + '"]') : null;
  }
  function inspectorBar() { return document.querySelector("#inspector .action-bar"); }
  function workloadAt(el) {
    var res = el && el.closest ? el.closest("#stage svg .res") : null;
    return res && res.classList.contains("kind-workload") ? res : null;
  }

  // --- the bar next to the selection on the diagram ---
  var floating = null;
  function removeFloating() {
    if (floating) floating.remove();
    floating = null;
  }
  function buildBar() {
    var bar = inspectorBar(), canvas = document.getElementById("diagram");
    if (floating && bar && floating.bar === bar && canvas) {
      // The same inspector (a new diagram arrived): keep the bar, and a
      // form open in it, on the new diagram.
      if (floating.parentNode !== canvas) canvas.appendChild(floating);
      placeBar();
      return;
    }
    removeFloating();
    if (!bar || !canvas || body.dataset.past) return;
    var node = byId(bar.dataset.for);
    if (!node) return;
    floating = document.createElement("div");
    floating.className = "diagram-actions";
    floating.id = "diagram-actions";
    floating.dataset.testid = "diagram-actions";
    floating.dataset.for = bar.dataset.for;
    floating.bar = bar;
    floating.hidden = true; // until placed
    var buttons = bar.querySelector(".act-buttons").cloneNode(true);
    if (body.dataset.role === "viewer" || body.dataset.role === "commenter") {
      buttons.querySelectorAll("[data-edit]").forEach(function (b) { b.remove(); }); // edits are not theirs
    }
    if (!buttons.querySelector("button")) { floating = null; return; }
    floating.appendChild(buttons);
    canvas.appendChild(floating);
    placeBar();
  }
  var placing = false;
  function placeBar() {
    if (placing) return;
    placing = true;
    requestAnimationFrame(function () {
      placing = false;
      if (!floating) return;
      var node = byId(floating.dataset.for), canvas = document.getElementById("diagram");
      // Hidden while a trace waits for its target, which it could cover.
      if (!node || !canvas || floating.dataset.for !== current || armed) { floating.hidden = true; return; }
      var r = node.getBoundingClientRect(), c = canvas.getBoundingClientRect();
      var visible = r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom;
      floating.hidden = !visible;
      if (!visible) return;
      // Beside the node: right, else left, else above, else below, else
      // over its top-left corner (a node as large as the view).
      var w = floating.offsetWidth, h = floating.offsetHeight, gap = 8;
      var left = r.left - c.left, right = r.right - c.left, top = r.top - c.top, bottom = r.bottom - c.top;
      var x, y;
      if (right + gap + w <= c.width - 4) { x = right + gap; y = top; }
      else if (left - gap - w >= 4) { x = left - gap - w; y = top; }
      else if (top - gap - h >= 4) { x = left; y = top - gap - h; }
      else if (bottom + gap + h <= c.height - 4) { x = left; y = bottom + gap; }
      else { x = left + gap; y = top + gap; }
      x = Math.min(Math.max(4, x), Math.max(4, c.width - w - 4));
      y = Math.min(Math.max(4, y), Math.max(4, c.height - h - 4));
      floating.style.left = x + "px";
      floating.style.top = y + "px";
    });
  }
  // Pan and zoom change the stage's transform: follow it.
  new MutationObserver(function (records) {
    if (records.some(function (r) { return r.target.id === "stage"; })) placeBar();
  }).observe(body, { subtree: true, attributes: true, attributeFilter: ["style"] });
  window.addEventListener("resize", placeBar);

  // After a swap: a new inspector (a selection, or what an action made,
  // which becomes the selection) or a new diagram.
  document.addEventListener("htmx:afterSettle", function (e) {
    var bar = inspectorBar();
    if (bar && e.target && e.target.id === "inspector" && bar.dataset.for !== current && document.querySelector("#inspector [data-testid=notice]")) {
      // An action answered with what it made: select it. (Only when the
      // inspector is what settled: another swap, such as a VPC's rows of
      // the tree, while a new selection's form is on its way would select
      // the last answer's resource again.)
      document.dispatchEvent(new CustomEvent("vpcb:select-request", { detail: { id: bar.dataset.for, loaded: true } }));
    }
    buildBar();
    portChoice();
    var from = armed || first;
    if (from) banner(armedText(from)); // on a new diagram
  });

  // --- the bar's buttons, on the diagram or in the inspector ---
  function openForm(name, fromDiagram) {
    var bar = inspectorBar();
    if (!bar) return;
    var form = bar.querySelector('[data-act-form="' + name + '"]');
    if (!form) return;
    closeForms();
    if (fromDiagram && floating) {
      // The form opens on the diagram, beside its button; it goes back to
      // the inspector when closed.
      form.home = bar;
      floating.appendChild(form);
      placeBar();
    }
    form.hidden = false;
    var first = form.querySelector("select, input:not([type=hidden])");
    if (first) first.focus();
  }
  function closeForms() {
    document.querySelectorAll("form.act-form").forEach(function (f) {
      f.hidden = true;
      if (f.home) {
        f.home.appendChild(f);
        f.home = null;
      }
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-act]");
    if (!b || !b.closest(".action-bar, .diagram-actions")) return;
    var fromDiagram = !!b.closest(".diagram-actions");
    switch (b.dataset.act) {
      case "open": openForm(b.dataset.form, fromDiagram); break;
      case "close": closeForms(); break;
      case "trace-from": arm(b.dataset.target); break;
      case "select":
        document.dispatchEvent(new CustomEvent("vpcb:select-request", { detail: { id: b.dataset.target } }));
        break;
    }
  });

  // --- instant traces ---
  var armed = null; // "trace from here": the source, waiting for a click
  var first = null; // with the Trace tab open: the first workload clicked
  function tracePaneOpen() {
    var pane = document.querySelector(".tabpane[data-pane=trace]");
    return pane && !pane.hidden;
  }
  function showTracePane() {
    var tab = document.querySelector(".tabs button[data-tab=trace]");
    if (tab && !tracePaneOpen()) tab.click();
  }
  function armedText(id) { return "Tracing from " + id + ": click the workload to reach (Esc cancels)"; }
  function banner(text) {
    var b = document.getElementById("trace-armed");
    if (!text) { if (b) b.remove(); return; }
    var canvas = document.getElementById("diagram");
    if (!canvas) return;
    if (!b) {
      b = document.createElement("div");
      b.id = "trace-armed";
      b.className = "trace-armed";
      b.dataset.testid = "trace-armed";
      b.setAttribute("role", "status");
    }
    canvas.appendChild(b);
    b.textContent = text;
  }
  function arm(id) {
    armed = id;
    first = null;
    placeBar();
    showTracePane();
    var from = document.getElementById("trace-from");
    if (from) from.value = id;
    banner(armedText(id));
  }
  function runTrace(from, to) {
    armed = null;
    first = null;
    placeBar();
    banner("");
    showTracePane();
    var f = document.getElementById("trace-from"), t = document.getElementById("trace-to"), p = document.getElementById("trace-port");
    if (f) f.value = from;
    if (t) t.value = to;
    if (p) p.value = ""; // chosen by the server: a port the target opens
    htmx.ajax("POST", "/designs/" + design + "/trace", {
      target: "#trace-result", swap: "innerHTML",
      values: { from: from, to: to, protocol: "tcp", port: "" }
    });
  }
  // The port the server chose goes into the form, where it can be changed.
  function portChoice() {
    var c = document.querySelector("#trace-result [data-testid=port-choice]");
    if (!c || c.dataset.applied) return;
    c.dataset.applied = "true";
    var p = document.getElementById("trace-port"), proto = document.getElementById("trace-proto");
    if (p) p.value = c.dataset.port;
    if (proto) proto.value = c.dataset.protocol;
  }
  // A click on a workload: the end of an armed trace, or with the Trace
  // tab open the first or second end. Caught before app.js selects it.
  window.addEventListener("click", function (e) {
    if (suppressClick) { suppressClick = false; e.stopPropagation(); e.preventDefault(); return; }
    var w = workloadAt(e.target);
    if (!w) return;
    if (armed) {
      e.stopPropagation();
      if (w.id !== armed) runTrace(armed, w.id);
      return;
    }
    if (!tracePaneOpen()) return;
    e.stopPropagation();
    if (first && first !== w.id) { runTrace(first, w.id); return; }
    first = w.id;
    var from = document.getElementById("trace-from");
    if (from) from.value = w.id;
    banner(armedText(w.id));
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && (armed || first)) { armed = null; first = null; banner(""); placeBar(); }
  });

  // Dragging from a workload to another traces between them (and does not
  // pan the diagram).
  var link = null, suppressClick = false;
  window.addEventListener("mousedown", function (e) {
    if (e.button !== 0) return;
    var w = workloadAt(e.target);
    if (!w) return;
    e.stopPropagation(); // no panning from a workload,
    e.preventDefault(); // nor selecting its text
    link = { from: w.id, x: e.clientX, y: e.clientY, moved: false, line: null };
  }, true);
  window.addEventListener("mousemove", function (e) {
    if (!link) return;
    if (!link.moved && Math.abs(e.clientX - link.x) + Math.abs(e.clientY - link.y) > 4) {
      link.moved = true;
      var canvas = document.getElementById("diagram");
      if (canvas) {
        link.line = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        link.line.setAttribute("class", "link-line");
        link.line.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "line"));
        canvas.appendChild(link.line);
        canvas.classList.add("linking");
      }
    }
    if (link.line) {
      var c = link.line.parentNode.getBoundingClientRect(), l = link.line.firstChild;
      l.setAttribute("x1", link.x - c.left); l.setAttribute("y1", link.y - c.top);
      l.setAttribute("x2", e.clientX - c.left); l.setAttribute("y2", e.clientY - c.top);
    }
    document.querySelectorAll("#stage svg .link-target").forEach(function (n) { n.classList.remove("link-target"); });
    var over = workloadAt(document.elementFromPoint(e.clientX, e.clientY));
    if (over && over.id !== link.from) over.classList.add("link-target");
  }, true);
  window.addEventListener("mouseup", function (e) {
    if (!link) return;
    var l = link;
    link = null;
    if (l.line) l.line.remove();
    var canvas = document.getElementById("diagram");
    if (canvas) canvas.classList.remove("linking");
    document.querySelectorAll("#stage svg .link-target").forEach(function (n) { n.classList.remove("link-target"); });
    if (!l.moved) return; // a click: selection, or an end of a trace
    suppressClick = true; // the click the browser sends after a drag
    setTimeout(function () { suppressClick = false; }, 0);
    var to = workloadAt(document.elementFromPoint(e.clientX, e.clientY));
    if (to && to.id !== l.from) runTrace(l.from, to.id);
  }, true);
})();
