"use strict";
(async () => {
  const { api, el, grade, table, message } = Warden;
  Warden.nav("manufacturers.html");
  let data;
  try {
    data = await api("/api/manufacturers");
  } catch (e) { message(e.message, "error"); return; }
  const m = data.manufacturers;
  if (m.length === 0) { message("No devices yet.", "info"); return; }
  const pct = x => Math.round(x * 100) + " %";
  Chart.bars(document.getElementById("chart"), m.map(x => ({ label: x.manufacturer, value: x.exposure,
    text: `${pct(x.exposure)} (${x.devicesFailing} of ${x.devicesSeen})`, kind: x.exposure > 0 ? "fail" : "pass" })),
    { title: "Manufacturers ranked by the share of their devices failing a provision", id: "exposure-bars", max: 1, labelWidth: 220 });
  document.getElementById("table").append(table("Manufacturers, most exposed first",
    ["Rank", "Manufacturer", "Models", "Devices seen", "Failing", "Exposure", "Worst grade", "Provisions failed by most devices"],
    m.map(x => el("tr", { "data-manufacturer": x.manufacturer, "data-rank": x.rank },
      el("td", { class: "num" }, String(x.rank)), el("td", {}, x.manufacturer), el("td", {}, x.models.join(", ")),
      el("td", { class: "num" }, String(x.devicesSeen)), el("td", { class: "num" }, String(x.devicesFailing)),
      el("td", { class: "num exposure" }, pct(x.exposure)), el("td", {}, grade(x.worstGrade)),
      el("td", {}, el("ul", {}, x.worstProvisions.map(p => el("li", {}, `${p.provision} (${p.devicesFailing})`)))))), { id: "manufacturers-table" }));
})();
