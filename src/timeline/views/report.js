// The report of one relationship (after common.js): the state on the slider's day, what
// changed between two days, and every event (retracted ones struck through). Every answer
// comes worked out by the library (data.answers, see timeline/domain/answers.py): this
// script only looks up the rows that hold on a day, or the diff of two days, and draws them.
const answers = data.answers;
const cutDays = answers.cuts.map(dayOf);
const eventAt = (n) => data.events[n];
// How many cuts come before a day (or on it too, with onIt): the span that holds it.
function cutsBefore(day, onIt) {
  let lo = 0, hi = cutDays.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cutDays[mid] < day || (onIt && cutDays[mid] === day)) lo = mid + 1; else hi = mid;
  }
  return lo;
}
function revisionsHtml(e) {
  return e.revisions.map((r) => `<div class="revision ${esc(r.status)}">${esc(r.status)}
    ${esc(r.recorded_at.slice(0, 10))}: ${esc(r.reason || "")}${r.changes.length
      ? ` <span class="muted">(${r.changes.map(esc).join("; ")})</span>` : ""}</div>`).join("");
}
function eventHtml(e) {
  const parties = esc(e.parties);  // "a -> b", or "a - b" when both did it (a meeting)
  const announced = e.announced ? ` <span class="muted">(announced ${esc(e.announced)})</span>` : "";
  const changes = e.changes.length ? `<div class="changes">${e.changes.map(esc).join("; ")}</div>` : "";
  const sources = e.source_links.map((s) => `<li>${sourceHtml(s)}</li>`).join("");
  return `<div class="event ${esc(e.status)}" data-id="${esc(e.id)}">
    <span class="when">${esc(e.on)}</span> <span class="what"><b>${esc(e.words)}</b>
    ${parties}${announced}</span> <span class="muted id">${esc(e.id)}</span>${changes}
    ${e.note ? `<div class="note">${esc(e.note)}</div>` : ""}${revisionsHtml(e)}
    <ul class="sources">${sources}</ul></div>`;
}
const madeBy = (n) => (n === null ? "-" : `<span title="${esc(eventAt(n).id)}">${esc(eventAt(n).words)}</span>`);
// A row's fact, by its number in answers.facts: [subject, attribute].
const keyHtml = (n) => {
  const [subject, attribute] = answers.facts[n];
  return { key: `${esc(subject)} ${esc(attribute)}`,
    cells: `<td>${esc(named("subjects", subject))}</td><td>${esc(named("attributes", attribute))}</td>` };
};
function factHtml(f) {
  const { key, cells } = keyHtml(f.fact);
  const uncertain = f.certainty !== "certain";
  // An uncertain fact: what is known, and what events in flight may already have made it.
  const note = uncertain ? `<div class="uncertain-note">uncertain: ${f.flying.map((n) =>
    `${esc(eventAt(n).words)} (${esc(eventAt(n).on)})`).join(", ")} may already have changed it
    (to ${valueHtml(f.possible)})</div>` : "";
  return `<tr data-key="${key}"${uncertain ? ' class="uncertain"' : ""}>${cells}
     <td class="value-cell">${f.value === null
       ? "-" : valueHtml(f.value)}${note}</td>
     <td>${esc(f.since || "-")}</td><td>${madeBy(f.event)}</td></tr>`;
}
function showState(day) {
  document.getElementById("asof-label").textContent = isoOf(day);
  document.getElementById("asof-date").value = isoOf(day);
  document.querySelector("#state tbody").innerHTML =
    answers.state.filter((f) => holding(f, day)).map(factHtml).join("");
  const pending = answers.pending.filter((p) => holding(p, day)).map((p) => eventAt(p.event));
  document.getElementById("pending").innerHTML = pending.length
    ? pending.map((e) => `<li data-id="${esc(e.id)}">${esc(e.on)}: ${esc(e.words)}
        ${e.changes.length ? `(${e.changes.map(esc).join("; ")})` : ""}
        <span class="muted">announced ${esc(e.announced)}</span></li>`).join("")
    : "<li class=\"muted\">none</li>";
  markChart(day);
}
function changeHtml(c) {
  const { key, cells } = keyHtml(c.fact);
  const possible = c.certainty !== "certain";
  const more = c.more ? ` <span class="muted">and ${c.more} more</span>` : "";
  return `<tr data-key="${key}"${possible ? ' class="uncertain"' : ""}>${cells}<td>${c.before === null ? "-" : valueHtml(c.before)}</td>
      <td>${c.after === null ? "-" : valueHtml(c.after)}${possible ? ' <span class="muted">(possible)</span>' : ""}</td>
      <td>${c.events.map(madeBy).join(", ")}${more}</td></tr>`;
}
function showDiff() {
  const fromText = document.getElementById("from").value, toText = document.getElementById("to").value;
  const from = typedDay(fromText), to = typedDay(toText);
  for (const [id, day] of [["from", from], ["to", to]]) {
    document.getElementById(id).setCustomValidity(Number.isNaN(day) ? "a day as YYYY-MM-DD" : "");
  }
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  const rows = document.querySelector("#changes tbody"), events = document.getElementById("diff-events");
  // The diff of the days from "from" to "to", both included, by the spans that hold the
  // day before the first and the last.
  const found = from <= to ? answers.diffs[`${cutsBefore(from, false)} ${cutsBefore(to, true)}`] : null;
  if (!found) {
    const years = answers.year_ends.length ? ", and from 1 January after the end of one of " +
      `these years to 31 December of another: ${answers.year_ends.join(", ")}` : "";
    const why = from > to ? "the period starts after it ends"
      : "not in this page, which holds the changes of a few periods only (its first " +
        `period${years}): 'timeline diff ${data.actors.join(" ")} --from ${fromText} --to ` +
        `${toText}' answers it`;
    rows.innerHTML = `<tr><td colspan="5" class="muted">${esc(why)}</td></tr>`;
    events.innerHTML = "";
    return;
  }
  rows.innerHTML = found.changes.map((n) => changeHtml(answers.changes[n])).join("") ||
    "<tr><td colspan=\"5\" class=\"muted\">no changes</td></tr>";
  const inside = found.events.flatMap(([a, b]) => data.events.slice(a, b));
  events.innerHTML = inside.map(eventHtml).join("") || "<p class=\"muted\">no events</p>";
}

const days = answers.days;
const slider = document.getElementById("asof");
slider.min = dayOf(days.first); slider.max = dayOf(days.last); slider.step = 1;
const initial = dayOf(days.initial);
slider.value = initial;
slider.addEventListener("input", () => showState(+slider.value));
document.getElementById("asof-date").addEventListener("change", (ev) => {
  const day = typedDay(ev.target.value);
  ev.target.setCustomValidity(Number.isNaN(day) ? "a day as YYYY-MM-DD" : "");
  if (!Number.isNaN(day)) { slider.value = day; showState(day); }
});
document.getElementById("from").value = days.from;
document.getElementById("to").value = days.to;
for (const id of ["from", "to"]) document.getElementById(id).addEventListener("change", showDiff);
document.getElementById("events").innerHTML = data.events.map(eventHtml).join("");
showState(initial);
showDiff();
