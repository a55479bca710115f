// vpcboard designer: the inspector's structured editors. The server renders
// every picker and row; this file adds, removes and moves rows (renaming
// their inputs "ingress[2].protocol" so that the posted rows are in the
// order shown), shows the input of a rule's peer type and the targets of a
// route's target type, offers only the resources of the form's VPC, keeps
// network ACL entries in order by number, shows the next free block of the
// size chosen, and toggles a list's raw text view. No inline scripts.
(function () {
  "use strict";

  // The VPC the form's resource is in: its VPC picker, else the VPC of
  // the subnet it is in (a workload's first interface, a NAT gateway).
  function formVPC(form) {
    var v = form.querySelector('select[name="vpc"]');
    if (v) return v.value;
    var s = form.querySelector('select[name="subnet"], select[name$="].subnet"]');
    if (s && s.selectedOptions.length) return s.selectedOptions[0].dataset.vpc || "";
    return "";
  }

  // Pickers offer only what fits: the resources of the form's VPC (and
  // the shared ones), and for a route target the kind of its type.
  function filter(form) {
    var vpc = formVPC(form);
    form.querySelectorAll("select[data-picker]").forEach(function (sel) {
      if (sel.name === "vpc") return;
      var kind = "";
      if (sel.hasAttribute("data-target-id")) {
        var t = sel.closest("tr").querySelector("[data-target-type]");
        kind = t.value === "network-interface" ? "workload" : t.value;
        sel.hidden = kind === "local" || kind === "blackhole";
        if (sel.hidden) sel.value = "";
      }
      Array.prototype.forEach.call(sel.options, function (o) {
        if (!o.value) return;
        var off = (vpc && o.dataset.vpc && o.dataset.kind !== "vpc" && o.dataset.vpc !== vpc) ||
          (kind && o.dataset.kind !== kind);
        o.hidden = off;
        o.disabled = off && !o.selected;
      });
    });
    form.querySelectorAll(".ref-choice").forEach(function (l) {
      var box = l.querySelector("input");
      l.hidden = !!(vpc && l.dataset.vpc && l.dataset.kind !== "vpc" && l.dataset.vpc !== vpc) && !box.checked;
    });
    // A subnet's zone is in its VPC's region.
    var vpcSel = form.querySelector('select[name="vpc"]');
    var region = vpcSel && vpcSel.selectedOptions.length ? vpcSel.selectedOptions[0].dataset.region : "";
    form.querySelectorAll('select[name="az"] option').forEach(function (o) {
      var off = !!(region && o.value && o.dataset.region !== region);
      o.hidden = off;
      o.disabled = off && !o.selected;
    });
    form.querySelectorAll("[data-peer-type]").forEach(peer);
    form.querySelectorAll(".ports").forEach(ports);
    form.querySelectorAll("[data-cidr-suggest]").forEach(function (s) { suggest(s, vpc); });
  }

  // A rule's peer: only the input of its type is shown.
  function peer(sel) {
    var cell = sel.closest(".peer");
    cell.querySelectorAll("[data-peer]").forEach(function (el) {
      el.hidden = el.dataset.peer !== sel.value;
    });
  }

  // Ports for tcp and udp, type and code for ICMP, nothing for the rest.
  function ports(cell) {
    var proto = cell.closest("tr").querySelector('[data-cell="protocol"]');
    var p = proto ? proto.value.trim().toLowerCase() : "";
    var kind = /^(tcp|udp|6|17)$/.test(p) ? "ports" : /^(icmp|icmpv6|1|58)$/.test(p) ? "icmp" : "none";
    cell.querySelectorAll("[data-ports]").forEach(function (el) { el.hidden = el.dataset.ports !== kind; });
  }

  // The next free block of the chosen size in the form's VPC. A CIDR
  // field still holding the block offered follows the VPC and size chosen.
  function suggest(box, vpc) {
    var list = [];
    try { list = JSON.parse(box.dataset.json) || []; } catch (err) { list = []; }
    var size = box.querySelector("[data-cidr-size]");
    var bits = size ? parseInt(size.value, 10) : (list[0] || {}).bits;
    var button = box.querySelector("[data-action=use-suggestion]");
    var hit = list.filter(function (s) { return s.bits === bits && (!s.vpc || s.vpc === vpc); })[0];
    button.hidden = !hit;
    button.textContent = hit ? hit.cidr : "";
    button.dataset.value = hit ? hit.cidr : "";
    var input = document.getElementById(button.dataset.for);
    if (!input) return;
    var offered = list.some(function (s) { return s.cidr === input.value; });
    if (input.dataset.auto === undefined) input.dataset.auto = offered ? input.value : "";
    if (hit && input.value === input.dataset.auto && input.value !== "") {
      input.value = hit.cidr;
      input.dataset.auto = hit.cidr;
    }
  }

  // Rows are named by their place: ingress[0], ingress[1]…
  function renumber(rows) {
    var name = rows.dataset.rows;
    rows.querySelectorAll("tbody > tr[data-row]").forEach(function (tr, i) {
      tr.querySelectorAll("[name]").forEach(function (el) {
        var m = /^[^\[]+\[[^\]]*\]\.(.*)$/.exec(el.name);
        if (m) el.name = name + "[" + i + "]." + m[1];
      });
      tr.querySelectorAll("[aria-label]").forEach(function (el) {
        el.setAttribute("aria-label", el.getAttribute("aria-label").replace(/row \d+$/, "row " + (i + 1)));
      });
    });
  }

  // A row and the error line under it move together.
  function withError(tr) {
    var next = tr.nextElementSibling;
    return next && next.hasAttribute("data-row-error") ? [tr, next] : [tr];
  }

  // Network ACL entries are evaluated by number: keep them in that order.
  function sortByNumber(rows) {
    var body = rows.querySelector("tbody");
    var trs = Array.prototype.slice.call(body.querySelectorAll("tr[data-row]"));
    if (!trs.length || !trs[0].querySelector('[data-cell="number"]')) return;
    var num = function (tr) { var n = parseInt(tr.querySelector('[data-cell="number"]').value, 10); return isNaN(n) ? Infinity : n; };
    trs.map(function (tr, i) { return {tr: tr, i: i}; })
      .sort(function (a, b) { return num(a.tr) - num(b.tr) || a.i - b.i; })
      .forEach(function (x) { withError(x.tr).forEach(function (el) { body.appendChild(el); }); });
    renumber(rows);
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    var rows = b.closest("[data-rows]");
    if (!rows) return;
    var body = rows.querySelector("tbody");
    var tr = b.closest("tr[data-row]");
    if (b.hasAttribute("data-row-add")) {
      var row = rows.querySelector("template[data-row-template]").content.cloneNode(true);
      var last = body.querySelectorAll("tr[data-row]");
      var added = row.querySelector("tr[data-row]");
      var numCell = added.querySelector('[data-cell="number"]');
      if (numCell && last.length) {
        // The next entry number, by hundreds as AWS suggests.
        var top = parseInt(last[last.length - 1].querySelector('[data-cell="number"]').value, 10) || 0;
        numCell.value = Math.floor(top / 100) * 100 + 100;
      } else if (numCell) {
        numCell.value = 100;
      }
      body.appendChild(row);
      renumber(rows);
      filter(rows.closest("form"));
      var first = added.querySelector("input, select");
      if (first) first.focus();
    } else if (b.hasAttribute("data-row-remove") && tr) {
      withError(tr).forEach(function (el) { el.remove(); });
      renumber(rows);
    } else if (b.hasAttribute("data-row-up") && tr) {
      var prev = tr.previousElementSibling;
      while (prev && !prev.hasAttribute("data-row")) prev = prev.previousElementSibling;
      if (prev) withError(tr).forEach(function (el) { body.insertBefore(el, prev); });
      renumber(rows);
      b.focus();
    } else if (b.hasAttribute("data-row-down") && tr) {
      var next = withError(tr).pop().nextElementSibling;
      if (next) {
        var after = withError(next).pop().nextElementSibling;
        withError(tr).forEach(function (el) { body.insertBefore(el, after); });
      }
      renumber(rows);
      b.focus();
    } else if (b.hasAttribute("data-raw-toggle")) {
      // The raw view for experts: the text is posted instead of the rows.
      var raw = rows.parentElement.querySelector(".raw-json");
      var toRaw = raw.hidden;
      raw.hidden = !toRaw;
      raw.disabled = !toRaw;
      rows.querySelector("table").hidden = toRaw;
      rows.querySelector("[data-row-add]").hidden = toRaw;
      rows.querySelectorAll("tbody [name], [data-rows-marker]").forEach(function (el) { el.disabled = toRaw; });
      b.textContent = toRaw ? "rows" : "raw";
      b.setAttribute("aria-pressed", String(toRaw));
    }
  });

  document.addEventListener("change", function (e) {
    var form = e.target.closest("[data-testid=resource-form]");
    if (!form) return;
    if (e.target.matches('[data-cell="number"]')) sortByNumber(e.target.closest("[data-rows]"));
    filter(form);
  });

  document.addEventListener("input", function (e) {
    var cell = e.target.matches('[data-cell="protocol"]') && e.target.closest("tr").querySelector(".ports");
    if (cell) ports(cell);
    if (!e.target.hasAttribute("data-refs-filter")) return;
    var q = e.target.value.toLowerCase();
    e.target.closest(".refs").querySelectorAll(".ref-choice").forEach(function (l) {
      l.classList.toggle("filtered-out", q !== "" && l.textContent.toLowerCase().indexOf(q) < 0);
    });
  });

  function init(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-testid=resource-form]").forEach(filter);
    if (root.matches && root.matches("[data-testid=resource-form]")) filter(root);
  }
  document.addEventListener("htmx:load", function (e) { init(e.target); });
  init(document);
})();
