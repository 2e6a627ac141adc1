"use strict";
(async () => {
  const { api, el, clear, badge, when, table, message } = Warden;
  Warden.nav("incidents.html");
  const ip = Warden.param("ip");
  // the server pages the list (newest first) and counts every incident of the device filter for the figures and chart
  const limit = Math.max(1, Math.min(1000, parseInt(Warden.param("limit") || "100", 10) || 100));
  const sel = document.getElementById("f-status");
  let offset = 0;
  const query = () => "/api/incidents?limit=" + limit + "&offset=" + offset + (ip ? "&ip=" + encodeURIComponent(ip) : "")
    + (sel.value ? "&status=" + encodeURIComponent(sel.value) : "");
  let data;
  try {
    data = await api(query());
  } catch (e) { message(e.message, "error"); return; }
  if (data.source === "none") message("No incident source is attached yet: incidents come from 'warden watch'.", "info");
  else if (ip) message("Incidents of " + ip + ".", "info");
  const s = data.byStatus;
  const fig = (id, n, what) => el("li", { id }, el("span", { class: "n" }, String(n)), el("span", { class: "what" }, what));
  document.getElementById("figures").append(fig("incident-total", s.open + s.acknowledged + s.closed, "incidents"),
    fig("incident-open", s.open, "open"), fig("incident-ack", s.acknowledged, "acknowledged"), fig("incident-closed", s.closed, "closed"));

  // one column per day from the first to the last incident, stacked by status
  const byDay = new Map(data.byDay.map(d => [d.day, { open: d.open, acknowledged: d.acknowledged, closed: d.closed }]));
  const days = [];
  if (byDay.size) {
    const keys = [...byDay.keys()];
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

  const newer = document.getElementById("newer"), older = document.getElementById("older"), range = document.getElementById("page-range");
  function render() {
    const shown = data.incidents;
    clear(document.getElementById("table")).append(table("Incidents, newest first", ["Incident", "Device", "Detector", "Severity", "Status", "First seen", "Last seen", "Explanation"],
      shown.map(i => el("tr", { "data-id": i.id, "data-status": i.status },
        el("td", {}, el("a", { href: "incident.html?id=" + encodeURIComponent(i.id) }, i.id)),
        // only an audited device has a device page (its incident names its grade); others were seen in traffic only
        el("td", {}, i.device.label ? el("a", { href: "device.html?key=" + encodeURIComponent(i.device.ip) }, i.device.ip)
          : el("span", { title: "never audited: no device page" }, i.device.ip)),
        el("td", {}, i.detector), el("td", {}, badge(i.severity)), el("td", {}, badge(i.status)),
        el("td", {}, when(i.firstSeen)), el("td", {}, when(i.lastSeen)), el("td", {}, i.explanation))), { id: "incidents-table" }));
    range.textContent = data.count ? (data.offset + 1).toLocaleString() + "–" + (data.offset + shown.length).toLocaleString() + " of "
      + data.count.toLocaleString() : "none";
    newer.disabled = data.offset === 0;
    older.disabled = data.offset + shown.length >= data.count;
  }
  async function load(to) {
    const was = offset;
    offset = Math.max(0, to);
    newer.disabled = older.disabled = sel.disabled = true; // one page on its way at a time
    try {
      data = await api(query());
    } catch (e) { offset = was; message(e.message, "error"); } finally { sel.disabled = false; }
    render(); // the new page, or the one shown before when it could not come
  }
  newer.addEventListener("click", () => load(offset - limit));
  older.addEventListener("click", () => load(offset + limit));
  sel.addEventListener("change", () => load(0));
  render();
})();
