// The report of one actor's every relationship (after common.js): on the slider's day, the
// network's edges restyled, the line over the lanes moved, and each relationship's facts.
const announced = data.announced;
function showNetwork(day) {
  data.counterparts.forEach((c, n) => {
    const look = c.edges.find((s) => holding(s, day));
    const edge = document.querySelector(`#edge-${n} path`);
    const label = document.getElementById(`edge-label-${n}`);
    if (!look || !edge) return;  // a counterpart not drawn one by one (of many)
    Object.assign(edge.style, { stroke: look.colour, strokeDasharray: look.dasharray,
      strokeWidth: String(look.width) });
    edge.parentNode.dataset.label = look.label;
    if (!label) return;  // many edges carry no words: the legend names their colours
    const text = label.querySelector("text");
    text.textContent = look.label;
    // The label's box was drawn for the first day's words: a halo fits any words instead.
    const box = label.querySelector("path");
    if (box) box.style.display = "none";
    Object.assign(text.style, { stroke: "#ffffff", strokeWidth: "3px", paintOrder: "stroke",
      strokeLinejoin: "round" });
  });
  const title = document.querySelector("#network-title text");
  if (title) title.textContent = `as of ${isoOf(day)}`;
  // The key under the drawn network says the ties of the day it was drawn for: the page
  // says them for the chosen day instead, each wording once, with the counterparts it fits.
  const key = document.getElementById(data.key);
  if (key) key.style.display = "none";
  const alike = new Map();
  for (const c of data.counterparts) {
    const look = c.edges.find((s) => holding(s, day));
    if (!look) continue;
    if (!alike.has(look.label)) alike.set(look.label, []);
    alike.get(look.label).push(c.name);
  }
  document.getElementById("ties").innerHTML = [...alike].sort((a, b) => b[1].length - a[1].length)
    .map(([label, who]) => `<li><b>${esc(label)}</b>: ${who.map(esc).join(", ")}</li>`).join("");
}
function showState(day) {
  document.getElementById("asof-label").textContent = isoOf(day);
  document.getElementById("asof-date").value = isoOf(day);
  const rows = [];
  for (const c of data.counterparts) {
    for (const f of c.intervals.filter((i) => holding(i, day))) {
      rows.push(`<tr data-with="${esc(c.id)}" data-key="${esc(f.subject)} ${esc(f.attribute)}">
        <td>${esc(c.name)}</td><td>${esc(named("subjects", f.subject))}</td>
        <td>${esc(named("attributes", f.attribute))}</td><td class="value-cell">${valueHtml(f.value)}</td>
        <td title="${esc(f.event)}">${esc(f.since)}</td></tr>`);
    }
  }
  document.querySelector("#facts tbody").innerHTML = rows.join("") ||
    "<tr><td colspan=\"5\" class=\"muted\">no facts recorded by this day</td></tr>";
  const pending = data.pending.filter((p) => holding(p, day)).map((p) => announced[p.event]);
  document.getElementById("pending").innerHTML = pending.length
    ? pending.map((e) => `<li data-id="${esc(e.id)}">${esc(e.on)}: ${esc(e.words)},
        ${esc(e.parties)}
        ${e.changes.length ? `(${e.changes.map(esc).join("; ")})` : ""}
        <span class="muted">announced ${esc(e.announced)}</span></li>`).join("")
    : "<li class=\"muted\">none</li>";
  showNetwork(day);
  markChart(day);
}

if (data.left_out) {
  const note = document.getElementById("left-out");
  note.textContent = `${data.left_out} fact intervals (counts and descriptions first) are not ` +
    "in this page, to keep it small: 'timeline state ACTOR --as-of DAY' lists every fact.";
  note.hidden = false;
}
const slider = document.getElementById("asof");
slider.min = dayOf(data.axis.from); slider.max = dayOf(data.axis.to) - 1; slider.step = 1;
const initial = dayOf(data.default_as_of);
slider.value = initial;
slider.addEventListener("input", () => showState(+slider.value));
document.getElementById("asof-date").addEventListener("change", (ev) => {
  const day = typedDay(ev.target.value);
  ev.target.setCustomValidity(Number.isNaN(day) ? "a day as YYYY-MM-DD" : "");
  if (!Number.isNaN(day)) { slider.value = day; showState(day); }
});
showState(initial);
