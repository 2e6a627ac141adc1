// A tiny SVG chart helper: horizontal bars (ranked things) and vertical bars over days (things over time).
// Each chart is role="img" with a title and a description, and the page shows the same figures in a table.
"use strict";

const Chart = (() => {
  const NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function frame(width, height, title, description, id) {
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-labelledby": id + "-t " + id + "-d", class: "chart", id });
    root.append(svg("title", { id: id + "-t" }, title), svg("desc", { id: id + "-d" }, description));
    return root;
  }

  // items: [{label, value, text?, kind?}] drawn as one bar each, longest = max (or the largest value).
  function bars(container, items, opts) {
    const o = Object.assign({ width: 720, row: 26, labelWidth: 190, valueWidth: 150, max: null, title: "", id: "chart" }, opts || {});
    const max = o.max || Math.max(1, ...items.map(i => i.value));
    const height = Math.max(o.row, items.length * o.row) + 8;
    const desc = items.map(i => `${i.label}: ${i.text || i.value}`).join("; ");
    const root = frame(o.width, height, o.title, desc, o.id);
    const barMax = o.width - o.labelWidth - o.valueWidth;
    items.forEach((item, n) => {
      const y = 4 + n * o.row;
      const w = Math.max(item.value > 0 ? 2 : 0, Math.round(barMax * item.value / max));
      const g = svg("g", { class: "bar " + (item.kind ? "bar-" + item.kind : ""), "data-label": item.label, "data-value": item.value });
      g.append(svg("text", { x: o.labelWidth - 6, y: y + o.row * 0.62, "text-anchor": "end", class: "bar-label" }, item.label));
      g.append(svg("rect", { x: o.labelWidth, y: y + 3, width: w, height: o.row - 8, rx: 2 }));
      g.append(svg("text", { x: o.labelWidth + w + 6, y: y + o.row * 0.62, class: "bar-value" }, item.text || String(item.value)));
      root.append(g);
    });
    container.append(root);
    return root;
  }

  // days: [{day: "2026-11-20", value, parts?: {kind: n}}], one column per day, stacked by kind when parts are given.
  function columns(container, days, opts) {
    const o = Object.assign({ width: 640, height: 220, title: "", id: "timeline", kinds: [] }, opts || {});
    const max = Math.max(1, ...days.map(d => d.value));
    const left = 36, bottom = 40, top = 10;
    const plotH = o.height - bottom - top;
    const colW = Math.max(8, Math.min(48, (o.width - left - 10) / Math.max(1, days.length)));
    const desc = days.map(d => `${d.day}: ${d.value}`).join("; ");
    const root = frame(o.width, o.height, o.title, desc, o.id);
    const ticks = max <= 5 ? max : 4;
    for (let t = 0; t <= ticks; t++) {
      const v = Math.round(max * t / ticks);
      const y = top + plotH - plotH * v / max;
      root.append(svg("line", { x1: left, x2: o.width - 4, y1: y, y2: y, class: "grid" }));
      root.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, String(v)));
    }
    days.forEach((d, n) => {
      const x = left + 4 + n * colW;
      const g = svg("g", { class: "column", "data-day": d.day, "data-value": d.value });
      let y = top + plotH;
      const parts = d.parts && o.kinds.length ? o.kinds.map(k => [k, d.parts[k] || 0]) : [["all", d.value]];
      for (const [kind, v] of parts) {
        if (!v) continue;
        const h = plotH * v / max;
        y -= h;
        g.append(svg("rect", { x, y, width: colW - 4, height: h, class: "col-" + kind }));
      }
      g.append(svg("text", { x: x + (colW - 4) / 2, y: o.height - bottom + 14, "text-anchor": "middle", class: "axis" }, d.day.substring(5)));
      root.append(g);
    });
    container.append(root);
    return root;
  }

  return { bars, columns };
})();
