"use strict";
(async () => {
  const { api, el, clear, grade, badge, when, table, message, download } = Warden;
  Warden.nav("");
  const key = Warden.param("key");
  if (!key) { message("No device given (device.html?key=ADDRESS).", "error"); return; }
  let d;
  try {
    d = await api("/api/devices/" + encodeURIComponent(key));
  } catch (e) { message(e.message, "error"); return; }
  const dev = d.device;
  document.title = dev.ip + " · Warden";
  const title = document.getElementById("title");
  clear(title).append("Device " + dev.ip + " ", grade(dev.grade));
  const content = document.getElementById("content");
  const fact = (k, v) => [el("dt", {}, k), el("dd", {}, v === null || v === undefined || v === "" ? "–" : v)];
  const safeName = dev.ip.replace(/[^0-9a-zA-Z.]/g, "-");
  content.append(
    el("section", { class: "card", "aria-labelledby": "id-h" }, el("h2", { id: "id-h" }, "Identity"),
      el("dl", { class: "facts", id: "identity" },
        fact("Address", dev.ip), fact("MAC", dev.mac), fact("MAC vendor", dev.macVendor), fact("Manufacturer", dev.manufacturer),
        fact("Model", dev.model), fact("Firmware", dev.firmware), fact("Grade", grade(dev.grade)), fact("Status", badge(dev.status)),
        fact("Provisions failed", String(dev.failedProvisions)), fact("Last seen", when(dev.lastSeen)), fact("Last audit", dev.lastAudit)),
      el("div", { class: "downloads" },
        el("button", { type: "button", class: "secondary", onclick: () => download("/api/devices/" + encodeURIComponent(dev.deviceKey) + "/label", safeName + ".label.json") }, "Signed label (JSON)"),
        el("button", { type: "button", class: "secondary", onclick: () => download("/api/reports/device/" + encodeURIComponent(dev.deviceKey) + "?format=pdf", "warden-device-" + safeName + ".pdf") }, "Report (PDF)"),
        el("button", { type: "button", class: "secondary", onclick: () => download("/api/reports/device/" + encodeURIComponent(dev.deviceKey) + "?format=html", "warden-device-" + safeName + ".html") }, "Report (HTML)"),
        el("button", { type: "button", class: "secondary", onclick: () => download("/api/reports/device/" + encodeURIComponent(dev.deviceKey) + "?format=json", "warden-device-" + safeName + ".json") }, "Report (JSON)"))));

  const verdicts = d.label ? d.label.verdicts : [];
  const fails = verdicts.filter(v => v.verdict === "fail").length;
  content.append(el("h2", {}, "Label verdicts"),
    d.label ? el("p", {}, `Label ${d.label.labelId}, issued ${when(d.label.issuedAt)}, signed with key ${d.label.issuer && d.label.issuer.keyId || "?"}: `,
      el("strong", {}, `${fails} of ${verdicts.length} provisions failed`)) : el("p", { class: "muted" }, "No label yet."),
    table("Verdict per provision", ["Baseline", "Provision", "Title", "Verdict", "Evidence"], verdicts.map(v =>
      el("tr", { "data-verdict": v.verdict }, el("td", {}, v.baseline), el("td", {}, v.provision), el("td", {}, v.title || ""),
        el("td", {}, badge(v.verdict, v.verdict.replace(" ", "-"))), el("td", {}, v.evidence || ""))), { id: "verdicts" }));

  content.append(el("h2", {}, "Services"), table("Open services seen by the latest audit", ["Port", "Transport", "Protocol", "TLS", "Banner"],
    d.services.map(s => el("tr", {}, el("td", { class: "num" }, String(s.port)), el("td", {}, s.transport), el("td", {}, s.protocol),
      el("td", {}, s.tls ? "yes" : "no"), el("td", {}, el("code", {}, s.banner.length > 120 ? s.banner.substring(0, 120) + "…" : s.banner)))), { id: "services" }));

  content.append(el("h2", {}, "Findings"), d.findings.length === 0 ? el("p", { class: "muted" }, "No findings.") :
    table("Findings of the latest audit (passwords are never shown here)", ["Check", "Severity", "Where", "Summary", "Provisions", "Public since", "What to do"],
      d.findings.map(f => el("tr", { "data-check": f.check },
        el("td", {}, f.check), el("td", {}, badge(f.severity)), el("td", {}, f.port ? f.protocol + "/" + f.port : f.protocol),
        el("td", {}, f.summary, f.user ? el("div", { class: "muted" }, "user: " + f.user) : null),
        el("td", {}, f.provisions.join(", ")),
        el("td", {}, f.foreseeability ? `${f.foreseeability.publicSince} (${f.foreseeability.daysPublicBeforeSeen} days before seen)` : ""),
        el("td", {}, f.remediation))), { id: "findings" }));

  content.append(el("h2", {}, "Incidents"), d.incidents.length === 0 ? el("p", { class: "muted", id: "no-incidents" }, "No incidents recorded for this device.") :
    table("Incidents of this device", ["Incident", "Detector", "Severity", "Status", "First seen", "Last seen"], d.incidents.map(i =>
      el("tr", {}, el("td", {}, el("a", { href: "incident.html?id=" + encodeURIComponent(i.id) }, i.id)), el("td", {}, i.detector),
        el("td", {}, badge(i.severity)), el("td", {}, badge(i.status)), el("td", {}, when(i.firstSeen)), el("td", {}, when(i.lastSeen)))), { id: "incidents" }));

  content.append(el("h2", {}, "Label history"), table("Labels issued for this device", ["Audit", "Grade", "Issued"],
    d.labelHistory.map(l => el("tr", {}, el("td", {}, l.auditId), el("td", {}, grade(l.grade)), el("td", {}, when(l.issuedAt)))), { id: "history" }));
})();
