"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const DAY = 86400000;
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const startOf = (on) => {
  const p = on.split("-");
  return dayOf(`${p[0]}-${p[1] || "01"}-${p[2] || "01"}`);
};
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const esc = (text) => String(text).replace(/[&<>"]/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const order = (f) => [f.subject === data.relationship ? 0 : 1, f.subject, f.attribute].join("\u0000");

function stateAt(day) {
  return data.intervals
    .filter((i) => dayOf(i.start) <= day && (i.end === null || day < dayOf(i.end)))
    .sort((a, b) => (order(a) < order(b) ? -1 : 1));
}
function pendingAt(day) {
  return data.events.filter((e) => e.announced && startOf(e.announced) <= day && day < startOf(e.on));
}
// Each source comes as [label, web address or null], made by the library.
const sourceHtml = ([label, url]) => url ? `<a href="${esc(url)}">${esc(label)}</a>` : esc(label);
function eventHtml(e) {
  const fields = Object.entries(e.fields).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(" ");
  const announced = e.announced ? ` <span class="muted">(announced ${esc(e.announced)})</span>` : "";
  const sources = e.source_links.map((s) => `<li>${sourceHtml(s)}</li>`).join("");
  return `<div class="event" data-id="${esc(e.id)}"><span class="when">${esc(e.on)}</span>
    <b>${esc(e.type)}</b> ${esc(e.actor)} &rarr; ${esc(e.target || "")} ${fields}${announced}
    <span class="muted">[${esc(e.id)}]</span>
    ${e.note ? `<div>${esc(e.note)}</div>` : ""}<ul class="sources">${sources}</ul></div>`;
}
function showState(day) {
  document.getElementById("asof-label").textContent = isoOf(day);
  document.getElementById("asof-date").value = isoOf(day);
  document.querySelector("#state tbody").innerHTML = stateAt(day).map((f) =>
    `<tr data-key="${esc(f.subject)} ${esc(f.attribute)}"><td>${esc(f.subject)}</td>
     <td>${esc(f.attribute)}</td><td class="value value-${esc(f.value)}">${esc(f.value)}</td>
     <td>${esc(f.since)}</td><td>${esc(f.event)}</td></tr>`).join("");
  const pending = pendingAt(day);
  document.getElementById("pending").innerHTML = pending.length
    ? pending.map((e) => `<li data-id="${esc(e.id)}">${esc(e.on)} ${esc(e.type)}
        ${esc(Object.values(e.fields).join(" "))} (announced ${esc(e.announced)})</li>`).join("")
    : "<li class=\"muted\">none</li>";
}
function showDiff() {
  const from = dayOf(document.getElementById("from").value);
  const to = dayOf(document.getElementById("to").value);
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  // The days from "from" to "to", both included: the state before the first against the last.
  const before = new Map(stateAt(from - 1).map((f) => [f.subject + "\u0000" + f.attribute, f]));
  const after = new Map(stateAt(to).map((f) => [f.subject + "\u0000" + f.attribute, f]));
  const inside = data.events.filter((e) => from <= startOf(e.on) && startOf(e.on) <= to);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => {
    const [sa, aa] = a.split("\u0000"); const [sb, ab] = b.split("\u0000");
    return order({ subject: sa, attribute: aa }) < order({ subject: sb, attribute: ab }) ? -1 : 1;
  });
  const rows = [];
  for (const key of keys) {
    const b = before.get(key), a = after.get(key);
    const bv = b ? b.value : null, av = a ? a.value : null;
    if (bv === av) continue;
    const [subject, attribute] = key.split("\u0000");
    const causes = inside.filter((e) => e.touches.some(([s, t]) => s === subject && t === attribute))
      .map((e) => esc(e.id)).join(", ");
    rows.push(`<tr><td>${esc(subject)}</td><td>${esc(attribute)}</td><td>${bv === null ? "-" : esc(bv)}</td>
      <td>${av === null ? "-" : esc(av)}</td><td>${causes}</td></tr>`);
  }
  document.querySelector("#changes tbody").innerHTML = rows.join("") ||
    "<tr><td colspan=\"5\" class=\"muted\">no changes</td></tr>";
  document.getElementById("diff-events").innerHTML = inside.map(eventHtml).join("") ||
    "<p class=\"muted\">no events</p>";
}

const today = Math.floor(Date.now() / DAY);
const days = data.events.map((e) => startOf(e.on)).concat(data.intervals.map((i) => dayOf(i.start)));
if (days.length === 0) days.push(today);
const first = Math.min(...days) - 30, last = Math.max(...days) + 30;
const slider = document.getElementById("asof");
slider.min = first; slider.max = last; slider.step = 1;
const initial = data.default_as_of ? dayOf(data.default_as_of) : Math.max(...days) + 1;
slider.value = initial;
slider.addEventListener("input", () => showState(+slider.value));
document.getElementById("asof-date").addEventListener("change", (ev) => {
  const day = dayOf(ev.target.value);
  if (!Number.isNaN(day)) { slider.value = day; showState(day); }
});
document.getElementById("from").value = isoOf(Math.max(first, initial - 60));
document.getElementById("to").value = isoOf(initial);
for (const id of ["from", "to"]) document.getElementById(id).addEventListener("change", showDiff);
document.getElementById("events").innerHTML = data.events.map(eventHtml).join("");
showState(initial);
showDiff();
