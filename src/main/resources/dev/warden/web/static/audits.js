"use strict";
(async () => {
  const { api, el, clear, badge, when, table, message } = Warden;
  Warden.nav("audits.html");
  const form = document.getElementById("start");
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const targets = document.getElementById("targets").value.split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
    const scope = document.getElementById("scope").value.trim();
    if (targets.length === 0) { message("Give at least one target.", "error"); document.getElementById("targets").focus(); return; }
    const button = document.getElementById("start-button");
    button.disabled = true;
    try {
      const a = await api("/api/audits", { method: "POST", body: scope ? { targets, scope } : { targets } });
      message(`Audit ${a.id} started (${a.targets} host(s)); it runs in the background.`, "ok");
      refresh();
    } catch (e) { message(e.message, "error"); } finally { button.disabled = false; }
  });
  let timer = null;
  async function refresh() {
    let data;
    try { data = await api("/api/audits"); } catch (e) { message(e.message, "error"); return; }
    clear(document.getElementById("table")).append(table("Audits, newest first", ["Audit", "Status", "Started", "Finished", "Hosts", "Devices", "Scope", "Started by"],
      data.audits.map(a => el("tr", { "data-id": a.id, "data-status": a.status },
        el("td", { class: "mono" }, a.id), el("td", {}, badge(a.status, a.status === "failed" ? "fail" : a.status === "finished" ? "pass" : "acknowledged"),
          a.error ? el("div", { class: "muted" }, a.error) : null),
        el("td", {}, when(a.startedAt)), el("td", {}, when(a.finishedAt)), el("td", { class: "num" }, String(a.targets)),
        el("td", { class: "num" }, a.devices === null ? "" : String(a.devices)), el("td", {}, a.scope), el("td", {}, a.requestedBy || ""))), { id: "audits-table" }));
    const busy = data.audits.some(a => a.status === "queued" || a.status === "running");
    clearTimeout(timer);
    if (busy) timer = setTimeout(refresh, 1500);
  }
  refresh();
})();
