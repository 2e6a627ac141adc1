"use strict";
(async () => {
  const { api, el, clear, badge, when, table, message } = Warden;
  Warden.nav("watches.html");
  const select = document.getElementById("capture");
  const button = document.getElementById("start-button");
  try {
    const c = await api("/api/captures");
    clear(select).append(...c.captures.map(f => el("option", { value: f.name }, `${f.name} (${Number(f.bytes).toLocaleString("en-US")} bytes)`)));
    document.getElementById("capture-help").prepend(el("span", {}, "Directory: ", el("code", {}, c.directory), ". "));
    if (c.captures.length === 0) { button.disabled = true; message("The capture directory is empty: nothing to watch yet.", "info"); }
    if (c.interfaces.length > 0) {
      clear(document.getElementById("interface")).append(...c.interfaces.map(i => el("option", { value: i }, i)));
      document.getElementById("duration-help").textContent = `At most ${c.maxCaptureSeconds} s. Packets are watched as they arrive; the run is stored when the time is up.`;
      document.getElementById("live-card").hidden = false;
    }
  } catch (e) { button.disabled = true; message(e.message, "error"); }
  document.getElementById("start").addEventListener("submit", async ev => {
    ev.preventDefault();
    if (!select.value) { message("Choose a capture.", "error"); return; }
    button.disabled = true;
    try {
      const w = await api("/api/watches", { method: "POST", body: { capture: select.value } });
      message(`Watch ${w.id} started on ${w.input}; it runs in the background.`, "ok");
      refresh();
    } catch (e) { message(e.message, "error"); } finally { button.disabled = false; }
  });
  document.getElementById("live").addEventListener("submit", async ev => {
    ev.preventDefault();
    const live = document.getElementById("live-button");
    live.disabled = true;
    try {
      const w = await api("/api/watches", { method: "POST", body: { interface: document.getElementById("interface").value, duration: document.getElementById("duration").value.trim() } });
      message(`Watch ${w.id} started: ${w.input}; it runs in the background.`, "ok");
      refresh();
    } catch (e) { message(e.message, "error"); } finally { live.disabled = false; }
  });
  let timer = null;
  async function refresh() {
    let data;
    try { data = await api("/api/watches"); } catch (e) { message(e.message, "error"); return; }
    clear(document.getElementById("table")).append(table("Watch runs, newest first", ["Watch", "Status", "Run", "Input", "Started", "Finished", "Incidents", "Started by"],
      data.watches.map(w => el("tr", { "data-id": w.id, "data-status": w.status, "data-run": w.run || "" },
        el("td", { class: "mono" }, w.id), el("td", {}, badge(w.status, w.status === "failed" ? "fail" : w.status === "finished" ? "pass" : "acknowledged"),
          w.error ? el("div", { class: "muted" }, w.error) : null),
        el("td", { class: "mono" }, w.run || ""), el("td", {}, w.input || ""), el("td", {}, when(w.startedAt)), el("td", {}, when(w.finishedAt)),
        el("td", { class: "num" }, w.incidents !== null && w.incidents !== undefined ? String(w.incidents)
          : w.summary && w.summary.incidents !== undefined ? String(w.summary.incidents) : ""),
        el("td", {}, w.requestedBy || ""))), { id: "watches-table" }));
    const busy = data.watches.some(w => w.status === "queued" || w.status === "running");
    clearTimeout(timer);
    if (busy) timer = setTimeout(refresh, 1500);
  }
  refresh();
})();
