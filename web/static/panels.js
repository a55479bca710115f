// panels.js: the designer's long panels, kept small. A tree too long to
// show whole (data-lazy) shows its VPCs closed with their counts and
// fetches a VPC's rows when it is opened, or when a resource inside it is
// selected (from the diagram, the search or a finding); every request
// names the VPCs the viewer opened and closed (X-Tree-Open,
// X-Tree-Closed), so an edit's answer and a live update render the open
// ones only. The findings panel shows a page of rows with "show more"; a
// filter first fetches the rest. It hears app.js's "vpcb:selected".
(function () {
  "use strict";
  var body = document.body, design = body.dataset.design;
  if (!design) return;

  // The viewer's choices, by VPC: opened (a long tree's default is
  // closed) and closed (a short tree's default is open).
  var opened = new Set(), closed = new Set(), loading = {};

  function ids(s) { return Array.from(s).map(encodeURIComponent).join(","); }
  function chosenView() {
    var sel = document.querySelector('#diagram select[name="view"]');
    return sel ? sel.value : "";
  }
  document.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-Tree-Open"] = ids(opened);
    e.detail.headers["X-Tree-Closed"] = ids(closed);
    // The panels of the version are kept by view: ask with the one shown.
    if (/\/designs\/[^/]+\/(findings|tree\/[^/?]+)(\?|$)/.test(e.detail.path) && e.detail.parameters.view === undefined) {
      e.detail.parameters.view = chosenView();
    }
  });

  function tree() { return document.getElementById("tree"); }
  function lazy() { var t = tree(); return !!t && t.dataset.lazy === "true"; }
  function vpcItem(vpc) {
    var t = tree();
    return t && t.querySelector('li.vpc[data-tree-vpc="' + CSS.escape(vpc) + '"]');
  }
  function wanted(vpc) { return opened.has(vpc) || (!lazy() && !closed.has(vpc)); }

  // load fetches the rows of vpc into its list (once at a time), of the
  // version the page shows.
  function load(vpc) {
    if (loading[vpc]) return loading[vpc];
    var li = vpcItem(vpc), ul = li && li.querySelector(":scope > ul");
    if (!ul) return Promise.resolve();
    var version = body.dataset.past || body.dataset.version;
    loading[vpc] = htmx.ajax("GET", "/designs/" + design + "/tree/" + encodeURIComponent(vpc) + "?version=" + encodeURIComponent(version),
      { target: ul, swap: "outerHTML" }).finally(function () { delete loading[vpc]; });
    return loading[vpc];
  }
  // show opens or closes the VPC's rows as the viewer wants them.
  function show(vpc) {
    var li = vpcItem(vpc);
    if (!li) return Promise.resolve();
    var open = wanted(vpc), ul = li.querySelector(":scope > ul"), btn = li.querySelector("[data-tree-toggle]");
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { ul.hidden = true; return Promise.resolve(); }
    if (ul.dataset.loaded === "true") { ul.hidden = false; return Promise.resolve(); }
    return load(vpc);
  }
  function toggle(vpc, open) {
    (open ? opened : closed).add(vpc);
    (open ? closed : opened).delete(vpc);
    return show(vpc);
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-tree-toggle]");
    if (b) toggle(b.dataset.treeToggle, b.getAttribute("aria-expanded") !== "true");
  });

  // A tree swapped in (an edit's answer, a live update) may have been
  // rendered before the viewer opened a VPC: open what is wanted.
  document.addEventListener("htmx:afterSettle", function () {
    var t = tree();
    if (!t) return;
    t.querySelectorAll("li.vpc[data-tree-vpc]").forEach(function (li) {
      var vpc = li.dataset.treeVpc, btn = li.querySelector("[data-tree-toggle]");
      if ((btn.getAttribute("aria-expanded") === "true") !== wanted(vpc) ||
          (wanted(vpc) && li.querySelector(":scope > ul").dataset.loaded !== "true")) show(vpc);
    });
  });

  // --- a selection inside a closed VPC opens it ---
  // vpcOf finds the VPC of a resource in the search's index (nav.js's).
  var vpcs = { index: null, of: null };
  function vpcOf(id) {
    var index = window.vpcbNavIndex ? window.vpcbNavIndex() : [];
    if (vpcs.index !== index) vpcs = { index: index, of: new Map(index.map(function (e) { return [e.id, e.vpc || ""]; })) };
    return vpcs.of.get(id) || "";
  }
  function node(id) {
    var t = tree();
    return t && t.querySelector('.node[data-id="' + CSS.escape(id) + '"]');
  }
  function scrollTo(id) {
    var n = node(id);
    if (n && n.offsetParent !== null) n.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("vpcb:selected", function (e) {
    var id = e.detail.id;
    if (!id) return;
    var n = node(id), vpc = vpcOf(id);
    if (n && n.offsetParent !== null) { scrollTo(id); return; }
    if (!vpc || vpc === id || !vpcItem(vpc)) return;
    toggle(vpc, true).then(function () { scrollTo(id); });
  });

  // --- findings: a filter looks at every row ---
  document.addEventListener("change", function (e) {
    var f = e.target.closest("[data-filter]"), more = document.querySelector("[data-findings-more]");
    if (!f || !f.value || !more || more.disabled) return;
    more.disabled = true; // once: a second change before the answer would add the rows twice
    htmx.ajax("GET", more.dataset.findingsMore + "&all=true", { target: "#findings-rows", swap: "beforeend" });
  });
})();
