// vpcboard: the page around the designer, on every page. Light or dark
// (the system's choice until the user picks one, kept in localStorage);
// the panes of narrow screens (the tree and the inspector as drawers over
// a dimmed diagram); every error the server answers an htmx request with,
// shown in the page; Delete offered for undo; the importer's notes
// dismissed. No inline scripts: the CSP allows only files.
(function () {
  "use strict";
  var root = document.documentElement;
  var body = document.body;

  // --- light or dark ---
  var themeKey = "vpcboard-theme";
  function storedTheme() {
    try { return localStorage.getItem(themeKey) || ""; } catch (err) { return ""; }
  }
  function applyTheme(t) {
    if (t === "dark" || t === "light") root.dataset.theme = t;
    else delete root.dataset.theme;
  }
  function currentTheme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  applyTheme(storedTheme());

  // --- notices: one live region, each message with an optional action ---
  var region = null;
  function notify(text, kind, action) {
    if (!region) {
      region = document.createElement("div");
      region.className = "notices";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.dataset.testid = "notices";
      body.appendChild(region);
    }
    var n = document.createElement("div");
    n.className = "notify " + (kind || "");
    n.dataset.testid = kind === "error" ? "error-notice" : "notice-toast";
    var span = document.createElement("span");
    span.textContent = text;
    n.appendChild(span);
    if (action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = action.label;
      b.dataset.testid = action.testid;
      b.addEventListener("click", function () { n.remove(); action.run(); });
      n.appendChild(b);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", function () { n.remove(); });
    n.appendChild(close);
    region.appendChild(n);
    setTimeout(function () { n.remove(); }, kind === "error" ? 15000 : 10000);
  }

  // --- errors of htmx requests: an error fragment is shown as a notice
  // (the form it came from keeps what was typed); any other answer >= 400
  // is content for its target (a form with its errors), swapped. ---
  function errorText(xhr) {
    var html = xhr.responseText || "";
    var doc = new DOMParser().parseFromString(html, "text/html");
    var frag = doc.querySelector("[data-error-fragment]");
    if (frag) return { text: frag.textContent.trim(), fragment: true };
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("application/json") === 0) {
      try { var j = JSON.parse(html); if (j.error && j.error.message) return { text: j.error.message, fragment: true }; } catch (err) { /* not JSON after all */ }
    }
    return { text: "", fragment: false };
  }
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (!xhr || xhr.status < 400) return;
    var m = errorText(xhr);
    if (m.fragment) {
      e.detail.shouldSwap = false;
      notify(m.text || ("The server answered " + xhr.status + "."), "error");
    } else if (xhr.responseText) {
      e.detail.shouldSwap = true; // a form with its errors, for its target
      e.detail.isError = false;
    } else {
      notify("The server answered " + xhr.status + " " + (xhr.statusText || "") + ".", "error");
    }
  });
  document.addEventListener("htmx:sendError", function () {
    notify("The server could not be reached: check the connection and try again.", "error");
  });
  document.addEventListener("htmx:timeout", function () {
    notify("The server took too long to answer: try again.", "error");
  });

  // --- Delete offers undo: the server undoes the version the delete made
  // (app.js replays it from its undo stack) ---
  var design = body.dataset.design;
  document.addEventListener("htmx:afterRequest", function (e) {
    var xhr = e.detail.xhr, cfg = e.detail.requestConfig;
    if (!xhr || !cfg || !e.detail.successful || !/\/delete-resource$/.test(cfg.path || "")) return;
    var v = xhr.getResponseHeader("X-Design-Version");
    var id = cfg.parameters && (cfg.parameters.id || (cfg.parameters.get && cfg.parameters.get("id")));
    if (!v || !design || document.querySelector("#inspector [data-testid=notice].error, #inspector .notice.error")) return;
    notify("Deleted " + (id || "the resource"), "", {
      label: "Undo", testid: "undo-delete",
      run: function () { document.dispatchEvent(new CustomEvent("vpcb:undo", { detail: { version: Number(v) } })); }
    });
  });

  // --- the "add" list: typing in it (type-ahead) only moves the choice;
  // Enter or a click opens the form, so that keys never open one ---
  var typed = false;
  function addList(el) { return el && el.closest ? el.closest("[data-testid=add-kind]") : null; }
  document.addEventListener("keydown", function (e) {
    var s = addList(e.target);
    if (s && e.key === "Enter") {
      typed = false;
      if (s.value) { e.preventDefault(); s.dispatchEvent(new Event("change", { bubbles: true })); }
      return;
    }
    // A key on the list, or on the page (the "n" shortcut focuses it).
    if (s || !e.target.closest || !e.target.closest("input, textarea, select, [contenteditable]")) typed = true;
  }, true);
  document.addEventListener("mousedown", function () { typed = false; }, true);
  document.addEventListener("change", function (e) {
    var s = addList(e.target);
    if (s && typed && document.activeElement === s) e.stopPropagation();
  }, true);

  // --- narrow screens: the tree and the inspector are drawers ---
  function setPane(name, open) {
    ["tree", "inspector"].forEach(function (p) {
      var on = open && p === name;
      body.classList.toggle("pane-" + p, on);
      document.querySelectorAll('[data-pane-name="' + p + '"]').forEach(function (b) { b.setAttribute("aria-expanded", on ? "true" : "false"); });
    });
  }
  function narrow() { return window.matchMedia("(max-width: 900px)").matches; }
  document.addEventListener("htmx:afterSwap", function (e) {
    // What the user selected or added is shown: the inspector opens.
    if (e.detail.target && e.detail.target.id === "inspector" && narrow() && !window.matchMedia("(max-width: 600px)").matches) setPane("inspector", true);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && (body.classList.contains("pane-tree") || body.classList.contains("pane-inspector"))) setPane("", false);
  });

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("[data-page-action]");
    if (!a) return;
    switch (a.dataset.pageAction) {
      case "theme":
        var t = currentTheme() === "dark" ? "light" : "dark";
        applyTheme(t);
        try { localStorage.setItem(themeKey, t); } catch (err) { /* private mode: for this page only */ }
        break;
      case "pane":
        setPane(a.dataset.paneName, !body.classList.contains("pane-" + a.dataset.paneName));
        break;
      case "close-panes":
        setPane("", false);
        break;
      case "dismiss":
        var s = a.closest("section");
        if (s) s.remove();
        break;
    }
  });
})();
