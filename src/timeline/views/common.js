"use strict";
// What both reports share: days as numbers, escaping, names over ids, sources, the rows that
// hold on a day, and the line that marks the chosen day on the chart.
const data = JSON.parse(document.getElementById("data").textContent);
const DAY = 86400000;
const SVG = "http://www.w3.org/2000/svg";
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
// A day typed as ISO YYYY-MM-DD (the date fields are text, not <input type=date>, whose
// display follows the browser's locale: 10/20/2021): NaN unless it is one, on the calendar.
const typedDay = (text) => {
  const t = text.trim();
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(t)) return NaN;
  const day = dayOf(t);
  return isoOf(day) === t ? day : NaN;
};
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
// Every text the page writes comes from the data: it is escaped as it is written.
const esc = (text) => String(text).replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const named = (kind, id) => (data.labels[kind] && Object.hasOwn(data.labels[kind], String(id))
  ? data.labels[kind][String(id)] : String(id));
const styleOf = (value) => (Object.hasOwn(data.styles.values, String(value))
  ? data.styles.values[String(value)] : data.styles.other);
// A value the chart colours has its swatch beside its name; a count or a name has none.
const valueHtml = (value) => {
  const s = Object.hasOwn(data.styles.values, String(value)) ? styleOf(value) : null;
  return (s ? `<span class="swatch phase-${esc(s.phase)}" style="background:${esc(s.colour)}"></span>` : "") +
    `<span class="value">${esc(named("values", value))}</span>`;
};

// Whether a row the library worked out holds on a day: from its start (included; null, from
// the beginning) to its end (excluded; null, until further notice).
const holding = (row, day) => (row.start === null || dayOf(row.start) <= day) &&
  (row.end === null || day < dayOf(row.end));
// Each source comes as [label, web address or null], made by the library; the address is
// shown beside a label that is only a publisher ("TASS"), so a reader sees where it goes.
function sourceHtml([label, url]) {
  if (!url) return esc(label);
  const where = url.replace(/^https?:\/\//i, "");
  const shown = label === url ? where : label;
  return `<a href="${esc(url)}">${esc(shown)}</a>` +
    (label === url ? "" : ` <span class="muted url">${esc(where)}</span>`);
}
// A dashed line over the chart at the chosen day, placed from the time axis's own box (the
// SVG element with id data.axis.gid spans data.axis.from to data.axis.to).
function markChart(day) {
  const axes = document.getElementById(data.axis.gid);
  if (!axes) return;
  const box = axes.getBBox();
  const lo = dayOf(data.axis.from), hi = dayOf(data.axis.to);
  let line = document.getElementById("asof-line");
  if (!line) {
    // The line drawn with the chart, if any, stands for one day only: the page's moves.
    for (const id of [data.axis.asof, data.axis.asof + "-text"]) {
      const drawn = document.getElementById(id);
      if (drawn) drawn.style.display = "none";
    }
    line = document.createElementNS(SVG, "line");
    line.id = "asof-line";
    line.setAttribute("stroke", "#1e88e5");
    line.setAttribute("stroke-width", "1.5");
    line.setAttribute("stroke-dasharray", "5,3");
    axes.ownerSVGElement.appendChild(line);
  }
  const x = box.x + ((day + 0.5 - lo) / (hi - lo)) * box.width;  // the middle of the day
  for (const [k, v] of [["x1", x], ["x2", x], ["y1", box.y], ["y2", box.y + box.height]]) {
    line.setAttribute(k, String(v));
  }
  line.style.display = day < lo || day >= hi ? "none" : "";
}
