// nav.js: finding your way around the diagram. A search box over the
// design (ID, name, CIDR, IP: an address finds what owns it and the
// subnet and VPC that hold it) that selects and zooms to a result; a
// breadcrumb of where the view and the selection are (design > VPC > zone
// > subnet > resource); the Export picture menu's links for the view
// shown. It talks to app.js through events on document: it sends
// "vpcb:goto" {id, zoom} and "vpcb:fit", and hears "vpcb:selected" {id}
// and "vpcb:diagram-loaded". Its data comes with the diagram (#nav-data).
(function () {
  "use strict";

  var MAX_RESULTS = 12;
  var results = [], active = -1, pending = null, selectedId = null;

  // The index the page holds, by its key: a diagram swapped in comes
  // without the index when the page named that key (X-Nav-Index).
  var held = { key: "", index: [] };
  function nav() {
    var el = document.getElementById("nav-data");
    if (!el) return { index: [], view: "", views: [], design: "" };
    if (!el._parsed) {
      if (el.dataset.json !== undefined) held = { key: el.dataset.indexKey || "", index: JSON.parse(el.dataset.json || "[]") || [] };
      el._parsed = {
        index: held.index,
        view: el.dataset.view || "",
        views: JSON.parse(el.dataset.views || "[]") || [],
        design: el.dataset.design || ""
      };
    }
    return el._parsed;
  }
  document.addEventListener("htmx:configRequest", function (e) {
    nav(); // the index of the diagram shown is the one held
    if (held.key) e.detail.headers["X-Nav-Index"] = held.key;
  });
  // panels.js finds the VPC of a resource in the index.
  window.vpcbNavIndex = function () { return nav().index; };
  function byId(id) { return nav().index.find(function (e) { return e.id === id; }); }
  function drawn(id) {
    var s = document.querySelector("#stage svg");
    if (!s || !id) return null;
    return s.querySelector('[id="' + CSS.escape(id) + '"]');
  }

  // --- addresses ---
  // parseIP returns an address as {v: 4|6, n: BigInt}, or null.
  function parseIP(s) {
    var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    if (m) {
      var n = 0n;
      for (var i = 1; i <= 4; i++) {
        var b = Number(m[i]);
        if (b > 255) return null;
        n = (n << 8n) | BigInt(b);
      }
      return { v: 4, n: n };
    }
    if (s.indexOf(":") < 0 || !/^[0-9a-f:]+$/i.test(s)) return null;
    var halves = s.split("::");
    if (halves.length > 2) return null;
    var head = halves[0] ? halves[0].split(":") : [];
    var tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
    var fill = 8 - head.length - tail.length;
    if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
    var groups = head.concat(new Array(fill).fill("0"), tail), v6 = 0n;
    for (var j = 0; j < groups.length; j++) {
      if (!/^[0-9a-f]{1,4}$/i.test(groups[j])) return null;
      v6 = (v6 << 16n) | BigInt(parseInt(groups[j], 16));
    }
    return { v: 6, n: v6 };
  }
  // contains reports whether the block cidr holds the address ip.
  function contains(cidr, ip) {
    var parts = cidr.split("/"), net = parseIP(parts[0]);
    if (!net || net.v !== ip.v || parts.length !== 2) return false;
    var bits = ip.v === 4 ? 32n : 128n, len = BigInt(Number(parts[1]));
    if (len < 0n || len > bits) return false;
    var shift = bits - len;
    return (net.n >> shift) === (ip.n >> shift);
  }

  // --- search ---
  // search returns the entries q finds, best first, each with why.
  function search(q) {
    q = q.trim();
    if (!q) return [];
    var index = nav().index, out = [], seen = {};
    function add(e, rank, why) {
      if (seen[e.id]) return;
      seen[e.id] = true;
      out.push({ e: e, rank: rank, why: why });
    }
    var ip = parseIP(q);
    if (ip) {
      index.forEach(function (e) {
        (e.ips || []).forEach(function (a) { var x = parseIP(a); if (x && x.v === ip.v && x.n === ip.n) add(e, 0, "owns " + a); });
      });
      index.forEach(function (e) {
        (e.cidrs || []).forEach(function (c) { if (contains(c, ip)) add(e, e.kind === "subnet" ? 1 : 2, "holds " + q + " in " + c); });
      });
    }
    var lq = q.toLowerCase();
    index.forEach(function (e) {
      var id = e.id.toLowerCase(), name = (e.name || "").toLowerCase();
      if (id === lq || name === lq) add(e, 3, "");
      else if (id.indexOf(lq) === 0 || name.indexOf(lq) === 0) add(e, 4, "");
      else if (id.indexOf(lq) > 0 || name.indexOf(lq) > 0) add(e, 6, "");
      else (e.cidrs || []).concat(e.ips || []).forEach(function (c) { if (c.toLowerCase().indexOf(lq) === 0) add(e, 5, c); });
    });
    out.sort(function (a, b) { return a.rank - b.rank || a.e.id.localeCompare(b.e.id); });
    return out.slice(0, MAX_RESULTS);
  }

  function where(e) {
    var parts = [];
    if (e.vpc && e.vpc !== e.id) parts.push(e.vpc);
    if (e.subnet && e.subnet !== e.id) parts.push(e.subnet);
    return parts.join(" › ");
  }

  function render() {
    var list = document.getElementById("search-results"), input = document.getElementById("diagram-search");
    if (!list || !input) return;
    list.replaceChildren();
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "search-result-" + i;
      li.dataset.index = String(i);
      li.className = "search-result" + (i === active ? " active" : "");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      var title = document.createElement("span");
      title.className = "hit-id";
      title.textContent = r.e.id + (r.e.name ? " · " + r.e.name : "");
      var meta = document.createElement("span");
      meta.className = "hit-meta";
      meta.textContent = [r.e.kind.replace(/-/g, " "), where(r.e), r.why].filter(Boolean).join(" · ");
      li.append(title, meta);
      list.append(li);
    });
    if (input.value.trim() && !results.length) {
      var none = document.createElement("li");
      none.className = "search-none";
      none.textContent = "Nothing in this design matches “" + input.value.trim() + "”";
      list.append(none);
    }
    var open = !!input.value.trim();
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", "search-result-" + active);
    else input.removeAttribute("aria-activedescendant");
  }

  function closeResults() {
    results = []; active = -1;
    var list = document.getElementById("search-results"), input = document.getElementById("diagram-search");
    if (list) { list.hidden = true; list.replaceChildren(); }
    if (input) { input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); }
  }

  // --- going to a resource ---
  function viewOf(e) {
    var n = nav(), want = "vpc:" + e.vpc;
    return n.views.some(function (v) { return v.Value === want; }) ? want : "";
  }
  function switchView(value) {
    var sel = document.querySelector('#diagram select[name="view"]');
    if (!sel || sel.value === value) return false;
    sel.value = value;
    sel.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }
  // go selects e and zooms to it; a resource the view does not draw is
  // looked for in its VPC's view, else the view zooms to what holds it.
  function go(e) {
    var target = e.drawn || e.id;
    if (drawn(target)) {
      document.dispatchEvent(new CustomEvent("vpcb:goto", { detail: { id: target } }));
      return;
    }
    var v = e.vpc ? viewOf(e) : "";
    if (v && v !== nav().view && switchView(v)) { pending = target; return; }
    var holder = [e.subnet, e.vpc].find(function (id) { return id && drawn(id); });
    document.dispatchEvent(new CustomEvent("vpcb:goto", { detail: { id: target, zoom: holder || target } }));
  }
  function pick(i) {
    var r = results[i];
    if (!r) return;
    var input = document.getElementById("diagram-search");
    closeResults();
    if (input) input.value = r.e.id;
    go(r.e);
  }

  document.addEventListener("input", function (ev) {
    if (ev.target.id !== "diagram-search") return;
    results = search(ev.target.value);
    active = results.length ? 0 : -1;
    render();
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t && t.id === "diagram-search") {
      switch (ev.key) {
        case "ArrowDown":
          if (results.length) { active = (active + 1) % results.length; render(); }
          ev.preventDefault(); break;
        case "ArrowUp":
          if (results.length) { active = (active - 1 + results.length) % results.length; render(); }
          ev.preventDefault(); break;
        case "Enter":
          if (!results.length) { results = search(t.value); active = results.length ? 0 : -1; }
          pick(active < 0 ? 0 : active);
          ev.preventDefault(); break;
        case "Escape":
          closeResults(); t.blur(); ev.stopPropagation(); break;
      }
      return;
    }
    if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
      var input = document.getElementById("diagram-search"), menu = document.getElementById("export-menu");
      if (menu) menu.open = false;
      if (input) { ev.preventDefault(); input.focus(); input.select(); }
    }
  });
  document.addEventListener("mousedown", function (ev) {
    var li = ev.target.closest && ev.target.closest("#search-results .search-result");
    if (li) { ev.preventDefault(); pick(Number(li.dataset.index)); return; }
    if (!ev.target.closest || !ev.target.closest(".nav-search")) closeResults();
    // The Export picture menu closes on a click anywhere else.
    var menu = document.getElementById("export-menu");
    if (menu && menu.open && !(ev.target.closest && ev.target.closest("#export-menu"))) menu.open = false;
  });

  // --- breadcrumb ---
  function viewLabel() {
    var n = nav(), v = n.views.find(function (o) { return o.Value === n.view; });
    return v ? v.Label : "";
  }
  function crumb(list, text, action, arg, current) {
    var li = document.createElement("li"), b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.dataset.crumb = action;
    if (arg) b.dataset.arg = arg;
    if (current) b.setAttribute("aria-current", "location");
    li.append(b);
    list.append(li);
  }
  function renderCrumbs() {
    var bc = document.getElementById("breadcrumb");
    if (!bc) return;
    var n = nav(), ol = document.createElement("ol");
    crumb(ol, n.design || "design", "design");
    var e = selectedId ? byId(selectedId) : null;
    if (!e) {
      var label = viewLabel();
      if (label && n.views.length > 1) crumb(ol, label, "view", n.view, true);
    } else {
      var vpc = e.vpc ? byId(e.vpc) : null;
      if (vpc) crumb(ol, "VPC " + vpc.id + (vpc.name ? " (" + vpc.name + ")" : ""), "vpc", vpc.id, e.id === vpc.id);
      if (e.az && e.vpc) crumb(ol, e.az, "az", e.vpc + "/" + e.az);
      if (e.subnet) crumb(ol, "subnet " + e.subnet, "goto", e.subnet, e.id === e.subnet);
      if (e.id !== e.vpc && e.id !== e.subnet) crumb(ol, e.kind.replace(/-/g, " ") + " " + e.id, "goto", e.id, true);
    }
    bc.replaceChildren(ol);
  }
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("#breadcrumb [data-crumb]");
    if (!b) return;
    var n = nav(), arg = b.dataset.arg;
    switch (b.dataset.crumb) {
      case "design":
        if (n.views.length > 1 && switchView(n.views[0].Value)) return;
        document.dispatchEvent(new CustomEvent("vpcb:fit"));
        break;
      case "view":
        document.dispatchEvent(new CustomEvent("vpcb:fit"));
        break;
      case "vpc":
        var v = viewOf({ vpc: arg });
        if (v && v !== n.view && switchView(v)) { pending = arg; return; }
        if (drawn(arg)) document.dispatchEvent(new CustomEvent("vpcb:goto", { detail: { id: arg } }));
        break;
      case "az":
        var az = "_az/" + arg;
        if (drawn(az)) document.dispatchEvent(new CustomEvent("vpcb:goto", { detail: { id: selectedId, zoom: az, select: false } }));
        break;
      case "goto":
        var e = byId(arg);
        if (e) go(e);
        break;
    }
  });

  // --- the Export picture menu ---
  // exportLinks points the menu's links at the view shown ("Current
  // view") and, on a past version's page, at that version.
  function exportLinks() {
    var n = nav(), past = document.body.dataset.past;
    document.querySelectorAll("#export-menu a[data-export]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      if (a.dataset.export === "view") {
        if (n.view) url.searchParams.set("view", n.view); else url.searchParams.delete("view");
      }
      if (past) url.searchParams.set("version", past); else url.searchParams.delete("version");
      a.setAttribute("href", url.pathname + url.search);
    });
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("#export-menu a")) {
      var menu = document.getElementById("export-menu");
      if (menu) menu.open = false;
    }
  });

  document.addEventListener("vpcb:selected", function (ev) { selectedId = ev.detail.id; renderCrumbs(); });
  document.addEventListener("vpcb:diagram-loaded", function () {
    exportLinks();
    if (pending && drawn(pending)) {
      var id = pending;
      pending = null;
      document.dispatchEvent(new CustomEvent("vpcb:goto", { detail: { id: id } }));
    } else {
      pending = null;
    }
    renderCrumbs();
  });
  document.addEventListener("DOMContentLoaded", function () { exportLinks(); renderCrumbs(); });
})();
