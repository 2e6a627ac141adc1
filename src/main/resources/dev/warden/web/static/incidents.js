"use strict";
(async () => {
  const { api, el, clear, badge, when, table, message } = Warden;
  Warden.nav("incidents.html");
  let data;
  try {
    data = await api("/api/incidents");
  } catch (e) { message(e.message, "error"); return; }
  const all = data.incidents;
  const ip = Warden.param("ip");
  const mine = ip ? all.filter(i => i.device.ip === ip) : all;
  if (data.source === "none") message("No incident source is attached yet: incidents come from 'warden watch'.", "info");
  else if (ip) message("Incidents of " + ip + ".", "info");
  const fig = (id, n, what) => el("li", { id }, el("span", { class: "n" }, String(n)), el("span", { class: "what" }, what));
  document.getElementById("figures").append(fig("incident-total", mine.length, "incidents"),
    fig("incident-open", mine.filter(i => i.status === "open").length, "open"),
    fig("incident-ack", mine.filter(i => i.status === "acknowledged").length, "acknowledged"),
    fig("incident-closed", mine.filter(i => i.status === "closed").length, "closed"));

  // one column per day from the first to the last incident, stacked by status
  const byDay = new Map();
  for (const i of mine) {
    const day = (i.firstSeen || "").substring(0, 10);
    if (!byDay.has(day)) byDay.set(day, { open: 0, acknowledged: 0, closed: 0 });
    byDay.get(day)[i.status]++;
  }
  const days = [];
  if (byDay.size) {
    const keys = [...byDay.keys()].sort();
    for (let d = new Date(keys[0] + "T00:00:00Z"); d <= new Date(keys[keys.length - 1] + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1)) {
      const k = d.toISOString().substring(0, 10);
      const parts = byDay.get(k) || { open: 0, acknowledged: 0, closed: 0 };
      days.push({ day: k, value: parts.open + parts.acknowledged + parts.closed, parts });
      if (days.length > 366) break;
    }
  }
  const chart = document.getElementById("chart");
  if (days.length) {
    Chart.columns(chart, days, { title: "Incidents per day by first seen, stacked by status", id: "incidents-per-day", kinds: ["open", "acknowledged", "closed"] });
    chart.append(el("ul", { class: "legend", "aria-hidden": "true" }, ["open", "acknowledged", "closed"].map(k => el("li", {}, el("span", { class: "sw sw-" + k }), k))));
  } else chart.append(el("p", { class: "muted" }, "No incidents to chart."));

  const sel = document.getElementById("f-status");
  function render() {
    const shown = mine.filter(i => !sel.value || i.status === sel.value);
    clear(document.getElementById("table")).append(table("Incidents, newest first", ["Incident", "Device", "Detector", "Severity", "Status", "First seen", "Last seen", "Explanation"],
      shown.slice().sort((a, b) => b.firstSeen.localeCompare(a.firstSeen)).map(i => el("tr", { "data-id": i.id, "data-status": i.status },
        el("td", {}, el("a", { href: "incident.html?id=" + encodeURIComponent(i.id) }, i.id)),
        // only an audited device has a device page (its incident names its grade); others were seen in traffic only
        el("td", {}, i.device.label ? el("a", { href: "device.html?key=" + encodeURIComponent(i.device.ip) }, i.device.ip)
          : el("span", { title: "never audited: no device page" }, i.device.ip)),
        el("td", {}, i.detector), el("td", {}, badge(i.severity)), el("td", {}, badge(i.status)),
        el("td", {}, when(i.firstSeen)), el("td", {}, when(i.lastSeen)), el("td", {}, i.explanation))), { id: "incidents-table" }));
  }
  for (const ev of ["input", "change"]) sel.addEventListener(ev, render);
  render();
})();
