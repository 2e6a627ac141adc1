"use strict";
(async () => {
  const { api, el, clear, badge, when, table, message, me } = Warden;
  Warden.nav("");
  const id = Warden.param("id");
  if (!id) { message("No incident given (incident.html?id=ID).", "error"); return; }
  let who = null;
  try { who = await me(); } catch (e) { return; }
  async function load() {
    let i;
    try {
      i = await api("/api/incidents/" + encodeURIComponent(id));
    } catch (e) { message(e.message, "error"); return; }
    render(i);
  }
  function render(i) {
    document.title = "Incident " + i.id + " · Warden";
    clear(document.getElementById("title")).append(`Incident ${i.id}: ${i.detector} `, badge(i.status));
    const c = clear(document.getElementById("content"));
    const fact = (k, v) => [el("dt", {}, k), el("dd", {}, v === null || v === undefined ? "–" : v)];
    c.append(el("p", { class: "explanation", id: "explanation" }, i.explanation),
      el("section", { class: "card", "aria-labelledby": "sum-h" }, el("h2", { id: "sum-h" }, "Summary"),
        el("dl", { class: "facts", id: "summary" }, fact("Device", i.device.label
          ? el("a", { href: "device.html?key=" + encodeURIComponent(i.device.ip) }, i.device.ip)
          : el("span", {}, i.device.ip + " (never audited: warden audit " + i.device.ip + ")")),
          fact("MAC", i.device.mac), fact("Detector", i.detector), fact("Severity", badge(i.severity)), fact("Status", badge(i.status)),
          fact("First seen", when(i.firstSeen)), fact("Last seen", when(i.lastSeen)),
          fact("Counterparts", i.counterparts && i.counterparts.length ? i.counterparts.join(", ") : null))));

    const figures = Object.entries(i.figures || {});
    const harm = el("section", { class: "card", "aria-labelledby": "harm-h" }, el("h2", { id: "harm-h" }, "Harm figures"));
    harm.append(el("ul", { class: "figures", id: "harm" }, figures.map(([k, v]) =>
      el("li", { "data-figure": k }, el("span", { class: "n" }, Number(v).toLocaleString("en-US")), el("span", { class: "what" }, k.replace(/_/g, " "))))));
    c.append(harm);

    c.append(el("h2", {}, "Timeline"), el("ol", { class: "timeline", id: "timeline" },
      [{ at: i.firstSeen, event: "first evidence" }, ...(i.timeline || []), { at: i.lastSeen, event: "latest evidence" }]
        .sort((a, b) => (a.at || "").localeCompare(b.at || ""))
        .map(e => el("li", {}, el("strong", {}, when(e.at)), " ", e.event, e.by ? " by " + e.by : "", e.note ? el("div", { class: "muted" }, "“" + e.note + "”") : null))));

    c.append(el("h2", {}, "Evidence"), i.evidence ? el("p", { id: "evidence" }, `${i.evidence.flows.toLocaleString("en-US")} flow(s); first: `,
      el("code", {}, i.evidence.flowIds.join(", "))) : el("p", { class: "muted" }, "No evidence flows recorded."));

    c.append(el("h2", {}, "Ledger proof"), i.ledger ? ledgerView(i)
      : el("p", { class: "muted", id: "ledger" }, "Not yet recorded in the evidence ledger: the API gives no ledger entry for this incident."));

    c.append(el("div", { class: "downloads" }, el("button", { type: "button", class: "secondary", onclick: () => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(i, null, 2)], { type: "application/json" }));
      const a = el("a", { href: url, download: "warden-incident-" + i.id + ".json" }); document.body.append(a); a.click(); a.remove();
    } }, "Incident (JSON)"),
      el("button", { type: "button", class: "secondary", id: "incident-report", onclick: () => Warden.download("/api/reports/incident/" + encodeURIComponent(i.id) + "?format=pdf", "warden-incident-" + i.id + ".pdf") }, "Incident report (PDF)"),
      el("button", { type: "button", class: "secondary", id: "liability-report", onclick: () => Warden.download("/api/reports/liability/" + encodeURIComponent(i.id) + "?format=pdf", "warden-liability-" + i.id + ".pdf") }, "Liability worksheet (PDF)"),
      i.device.label ? el("button", { type: "button", class: "secondary", onclick: () => Warden.download("/api/reports/device/" + encodeURIComponent(i.device.ip) + "?format=pdf", "warden-device-" + i.device.ip + ".pdf") }, "Device report (PDF)") : null));

    const canAct = who && (who.role === "operator" || who.role === "admin");
    if (i.status !== "closed") {
      const note = el("input", { id: "note", name: "note", size: 50, maxlength: 1000 });
      const act = async (what) => {
        try {
          const changed = await api("/api/incidents/" + encodeURIComponent(i.id) + "/" + what, { method: "POST", body: note.value ? { note: note.value } : {} });
          message(what === "ack" ? "Acknowledged." : "Closed.", "ok");
          render(changed);
        } catch (e) { message(e.message, "error"); }
      };
      c.append(el("section", { class: "card", "aria-labelledby": "act-h" }, el("h2", { id: "act-h" }, "Actions"),
        canAct ? el("div", { class: "actions" }, el("div", {}, el("label", { for: "note" }, "Note (optional)"), note),
          i.status === "open" ? el("button", { type: "button", class: "action", id: "ack", onclick: () => act("ack") }, "Acknowledge") : null,
          el("button", { type: "button", class: "action", id: "close", onclick: () => act("close") }, "Close"))
          : el("p", { class: "muted" }, "Your token is a viewer: acknowledging and closing need an operator token.")));
    }
  }
  // The incident's ledger entries, its pcap excerpt's hash, and the inclusion proof of the latest entry under the
  // signed tree head (checkable offline with bin/warden-verify, docs/ledger.md).
  function ledgerView(i) {
    const l = i.ledger;
    const box = el("div", { id: "ledger" });
    box.append(table("Ledger entries of this incident", ["Entry", "Event"],
      (l.entries || []).map(e => el("tr", { "data-seq": e.seq }, el("td", { class: "mono" }, String(e.seq)), el("td", {}, e.event))), { class: "compact" }));
    if (l.excerpt) {
      box.append(el("p", { id: "excerpt" }, `pcap excerpt: ${Number(l.excerpt.packets).toLocaleString("en-US")} packet(s), SHA-256 `,
        el("code", { class: "mono" }, l.excerpt.sha256)));
    }
    const p = l.proof;
    if (p && p.treeHead) {
      const fact = (k, v) => [el("dt", {}, k), el("dd", { class: "mono" }, v)];
      box.append(el("dl", { class: "facts", id: "proof" }, fact("Proven entry", String(p.leafIndex)), fact("Leaf hash", p.leafHash),
        fact("Tree size", String(p.treeHead.treeSize)), fact("Root hash", p.treeHead.rootHash),
        fact("Signed", new Date(p.treeHead.timestamp).toISOString()), fact("Key", p.treeHead.keyId),
        fact("Audit path", `${(p.auditPath || []).length} hash(es)`)));
      box.append(el("button", { type: "button", class: "secondary", id: "proof-download", onclick: () => {
        const url = URL.createObjectURL(new Blob([JSON.stringify(p, null, 2)], { type: "application/json" }));
        const a = el("a", { href: url, download: "warden-proof-" + i.id + ".json" }); document.body.append(a); a.click(); a.remove();
      } }, "Proof (JSON, for bin/warden-verify)"));
    } else if (p && p.error) {
      box.append(el("p", { class: "muted" }, p.error));
    }
    return box;
  }
  load();
})();
