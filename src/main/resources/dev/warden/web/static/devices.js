"use strict";
(async () => {
  const { api, el, clear, grade, badge, deviceLink, when, table, message } = Warden;
  Warden.nav("index.html");
  let data;
  try {
    data = await api("/api/devices");
  } catch (e) { message(e.message, "error"); return; }
  const devices = data.devices;
  const failing = devices.filter(d => d.status === "failing").length;
  const open = devices.reduce((n, d) => n + d.openIncidents, 0);
  const figures = document.getElementById("figures");
  const fig = (id, n, what) => el("li", { id }, el("span", { class: "n" }, String(n)), el("span", { class: "what" }, what));
  figures.append(fig("device-count", devices.length, "devices"), fig("failing-count", failing, "failing a provision"),
    fig("f-count", devices.filter(d => d.grade === "F").length, "graded F"), fig("incident-count", open, "open incidents"));
  if (devices.length === 0) message("No devices yet: run 'warden demo' or start an audit on the Audits page.", "info");

  const grades = ["A", "B", "C", "D", "F"].map(g => ({ label: "Grade " + g, value: devices.filter(d => d.grade === g).length,
    kind: g === "F" || g === "D" ? "fail" : g === "A" || g === "B" ? "pass" : null }));
  Chart.bars(document.getElementById("grade-chart"), grades, { title: "Devices by grade", id: "grade-bars", labelWidth: 90 });

  const gradeSel = document.getElementById("f-grade"), statusSel = document.getElementById("f-status"), text = document.getElementById("f-text");
  const url = new URL(window.location.href);
  gradeSel.value = url.searchParams.get("grade") || "";
  statusSel.value = url.searchParams.get("status") || "";

  function render() {
    const q = text.value.trim().toLowerCase();
    const shown = devices.filter(d => (!gradeSel.value || d.grade === gradeSel.value) && (!statusSel.value || d.status === statusSel.value)
      && (!q || [d.ip, d.mac, d.manufacturer, d.model, d.firmware].some(x => x && x.toLowerCase().includes(q))));
    document.getElementById("shown").textContent = `${shown.length} of ${devices.length} shown`;
    const rows = shown.map(d => el("tr", { "data-ip": d.ip, "data-grade": d.grade || "" },
      el("td", {}, deviceLink(d)),
      el("td", {}, d.manufacturer ? d.manufacturer + (d.model ? " " + d.model : "") : el("span", { class: "muted" }, "unidentified")),
      el("td", {}, d.firmware || ""),
      el("td", { class: "grade-cell" }, grade(d.grade)),
      el("td", { class: "status-cell" }, badge(d.status)),
      el("td", { class: "num" }, String(d.failedProvisions)),
      el("td", { class: "num" }, String(d.findings)),
      el("td", { class: "num" }, d.openIncidents ? el("a", { href: "incidents.html?ip=" + encodeURIComponent(d.ip) }, String(d.openIncidents)) : "0"),
      el("td", {}, when(d.lastSeen))));
    clear(document.getElementById("devices")).append(table("Devices with their latest grade",
      ["Address", "Device", "Firmware", "Grade", "Status", "Provisions failed", "Findings", "Open incidents", "Last seen"], rows, { id: "devices-table" }));
  }
  for (const c of [gradeSel, statusSel, text]) for (const ev of ["input", "change"]) c.addEventListener(ev, render);
  document.getElementById("filters").addEventListener("submit", e => e.preventDefault());
  render();
})();
