"use strict";
(() => {
  const { el, message } = Warden;
  document.getElementById("login").addEventListener("submit", async ev => {
    ev.preventDefault();
    const token = document.getElementById("token").value.trim();
    const r = await fetch("/api/me", { headers: { "Authorization": "Bearer " + token } });
    if (!r.ok) {
      const e = await r.json().catch(() => ({}));
      message(e.error || ("HTTP " + r.status), "error");
      return;
    }
    sessionStorage.setItem(Warden.KEY, token);
    const next = Warden.param("next");
    // only a path on this server: never an absolute or protocol-relative address
    window.location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : "index.html";
  });
  if (Warden.param("next")) message("Log in to see this page.", "info");
})();
