// Warden dashboard: shared helpers. No framework, no external resources. Every value from the API is put into the page
// as text (el() never parses HTML), so a device banner cannot inject markup.
"use strict";

const Warden = (() => {
  const KEY = "warden.token";

  // A token given once as ?token=... is kept for this tab and removed from the address bar (and so from history).
  (function takeTokenFromUrl() {
    const url = new URL(window.location.href);
    const t = url.searchParams.get("token");
    if (t) {
      sessionStorage.setItem(KEY, t);
      url.searchParams.delete("token");
      history.replaceState(null, "", url.pathname + url.search + url.hash);
    }
  })();

  function token() { return sessionStorage.getItem(KEY); }

  function toLogin() {
    const next = window.location.pathname + window.location.search;
    window.location.href = "login.html?next=" + encodeURIComponent(next);
  }

  async function api(path, options = {}) {
    const t = token();
    if (!t) { toLogin(); throw new Error("no token"); }
    const headers = Object.assign({ "Authorization": "Bearer " + t }, options.headers || {});
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const r = await fetch(path, { method: options.method || "GET", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    if (r.status === 401) { sessionStorage.removeItem(KEY); toLogin(); throw new Error("token refused"); }
    if (options.raw) return r;
    const data = await r.json();
    if (!r.ok) { const e = new Error(data.error || ("HTTP " + r.status)); e.status = r.status; throw e; }
    return data;
  }

  // el("a", {href: "x", class: "y"}, "text", child, ...): builds elements; strings become text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.substring(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (isNaN(d)) return iso;
    return d.toISOString().replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
  }

  function grade(g) {
    return el("span", { class: "grade grade-" + (g || "none"), title: g ? "grade " + g : "no grade" }, g || "–");
  }

  function badge(text, kind) { return el("span", { class: "badge badge-" + (kind || text) }, text); }

  function deviceLink(d) {
    return el("a", { href: "device.html?key=" + encodeURIComponent(d.deviceKey || d.ip) }, d.ip);
  }

  function table(caption, headers, rows, attrs) {
    return el("table", attrs || {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headers.map(h => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows));
  }

  function message(text, kind) {
    const box = document.getElementById("message");
    if (!box) return;
    clear(box).append(el("p", { class: "msg msg-" + (kind || "info") }, text));
  }

  // Downloads need the Authorization header, so they go through fetch and a temporary object URL.
  async function download(path, filename) {
    const r = await api(path, { raw: true });
    if (!r.ok) { const e = await r.json(); message(e.error || ("HTTP " + r.status), "error"); return; }
    const url = URL.createObjectURL(await r.blob());
    const a = el("a", { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function nav(current) {
    const pages = [["index.html", "Devices"], ["manufacturers.html", "Manufacturers"], ["incidents.html", "Incidents"], ["audits.html", "Audits"], ["watches.html", "Watches"]];
    const header = document.querySelector("header.top");
    if (!header) return;
    clear(header).append(
      el("a", { class: "brand", href: "index.html" }, "Warden"),
      el("nav", { "aria-label": "Main" }, el("ul", {}, pages.map(([href, name]) =>
        el("li", {}, el("a", { href, "aria-current": current === href ? "page" : null }, name))))),
      el("button", { type: "button", class: "logout", onclick: () => { sessionStorage.removeItem(KEY); window.location.href = "login.html"; } }, "Log out"));
  }

  async function me() { return api("/api/me"); }

  function param(name) { return new URL(window.location.href).searchParams.get(name); }

  return { api, el, clear, when, grade, badge, deviceLink, table, message, download, nav, me, param, token, KEY };
})();
