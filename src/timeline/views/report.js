// The report of one relationship (after common.js): the state on the slider's day, what
// changed between two days, and every event (retracted ones struck through).
const live = data.events.filter((e) => e.status !== "retracted");
function pendingAt(day) {
  return live.filter((e) => e.announced && startOf(e.announced) <= day && day < dayOf(e.day));
}
// Events dated by a span that holds the day: they may or may not have taken effect yet.
function inFlight(day) {
  return live.filter((e) => e.first !== e.known && (e.first === null || dayOf(e.first) <= day)
    && (e.known === null || day < dayOf(e.known)));
}
function revisionsHtml(e) {
  return e.revisions.map((r) => `<div class="revision ${esc(r.status)}">${esc(r.status)}
    ${esc(r.recorded_at.slice(0, 10))}: ${esc(r.reason || "")}${r.changes.length
      ? ` <span class="muted">(${r.changes.map(esc).join("; ")})</span>` : ""}</div>`).join("");
}
function eventHtml(e) {
  const parties = e.target_name ? `${esc(e.actor_name)} &rarr; ${esc(e.target_name)}`
    : esc(e.actor_name);
  const announced = e.announced ? ` <span class="muted">(announced ${esc(e.announced)})</span>` : "";
  const changes = e.changes.length ? `<div class="changes">${e.changes.map(esc).join("; ")}</div>` : "";
  const sources = e.source_links.map((s) => `<li>${sourceHtml(s)}</li>`).join("");
  return `<div class="event ${esc(e.status)}" data-id="${esc(e.id)}">
    <span class="when">${esc(e.on)}</span> <span class="what"><b>${esc(e.words)}</b>
    ${parties}${announced}</span> <span class="muted id">${esc(e.id)}</span>${changes}
    ${e.note ? `<div class="note">${esc(e.note)}</div>` : ""}${revisionsHtml(e)}
    <ul class="sources">${sources}</ul></div>`;
}
const wordsOf = new Map(data.events.map((e) => [e.id, e.words]));
function showState(day) {
  document.getElementById("asof-label").textContent = isoOf(day);
  document.getElementById("asof-date").value = isoOf(day);
  // A fact an event in flight touches is uncertain: shown with what may already have
  // changed it (a fact with no known value yet gets a row of its own).
  const flying = new Map();
  for (const e of inFlight(day)) {
    for (const [s, t] of e.touches) {
      const k = s + "\u0000" + t;
      flying.set(k, [...(flying.get(k) || []), e]);
    }
  }
  const facts = stateAt(data.intervals, day);
  const shown = new Set(facts.map((f) => f.subject + "\u0000" + f.attribute));
  for (const [k, events] of flying) {
    if (shown.has(k)) continue;
    const [subject, attribute] = k.split("\u0000");
    facts.push({ subject, attribute, value: null, since: null, event: null });
  }
  facts.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  document.querySelector("#state tbody").innerHTML = facts.map((f) => {
    const maybe = flying.get(f.subject + "\u0000" + f.attribute) || [];
    const note = maybe.length ? `<div class="uncertain-note">uncertain: ${maybe.map((e) =>
      `${esc(e.words)} (${esc(e.on)})`).join(", ")} may already have changed it</div>` : "";
    return `<tr data-key="${esc(f.subject)} ${esc(f.attribute)}"${maybe.length ? ' class="uncertain"' : ""}>
     <td>${esc(named("subjects", f.subject))}</td>
     <td>${esc(named("attributes", f.attribute))}</td><td class="value-cell">${f.value === null
       ? "-" : valueHtml(f.value)}${note}</td>
     <td>${esc(f.since || "-")}</td><td title="${esc(f.event || "")}">${esc(
       (f.event && wordsOf.get(f.event)) || f.event || "-")}</td></tr>`;
  }).join("");
  const pending = pendingAt(day);
  document.getElementById("pending").innerHTML = pending.length
    ? pending.map((e) => `<li data-id="${esc(e.id)}">${esc(e.on)}: ${esc(e.words)}
        ${e.changes.length ? `(${e.changes.map(esc).join("; ")})` : ""}
        <span class="muted">announced ${esc(e.announced)}</span></li>`).join("")
    : "<li class=\"muted\">none</li>";
  markChart(day);
}
function showDiff() {
  const from = dayOf(document.getElementById("from").value);
  const to = dayOf(document.getElementById("to").value);
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  // The days from "from" to "to", both included: the state before the first against the last.
  const key = (f) => f.subject + "\u0000" + f.attribute;
  const before = new Map(stateAt(data.intervals, from - 1).map((f) => [key(f), f]));
  const after = new Map(stateAt(data.intervals, to).map((f) => [key(f), f]));
  const inside = live.filter((e) => from <= dayOf(e.day) && dayOf(e.day) <= to);
  const facts = [...new Map([...before, ...after]).values()].sort((a, b) => (order(a) < order(b) ? -1 : 1));
  const rows = [];
  for (const fact of facts) {
    const b = before.get(key(fact)), a = after.get(key(fact));
    const bv = b ? b.value : null, av = a ? a.value : null;
    if (bv === av) continue;
    const made = inside.filter((e) => e.touches.some(([s, t]) => s === fact.subject && t === fact.attribute));
    // Seen to hold by a day (../D) is no change: when it began is not known. A change
    // whose event may have taken effect before the period is only possible.
    if (bv === null && made.length && made.every((e) => e.first === null)) continue;
    const possible = made.some((e) => e.first === null || dayOf(e.first) < from);
    const causes = made.map((e) => `<span title="${esc(e.id)}">${esc(e.words)}</span>`).join(", ");
    rows.push(`<tr data-key="${esc(fact.subject)} ${esc(fact.attribute)}"${possible ? ' class="uncertain"' : ""}><td>${esc(named("subjects", fact.subject))}</td>
      <td>${esc(named("attributes", fact.attribute))}</td><td>${bv === null ? "-" : valueHtml(bv)}</td>
      <td>${av === null ? "-" : valueHtml(av)}${possible ? ' <span class="muted">(possible)</span>' : ""}</td><td>${causes}</td></tr>`);
  }
  document.querySelector("#changes tbody").innerHTML = rows.join("") ||
    "<tr><td colspan=\"5\" class=\"muted\">no changes</td></tr>";
  document.getElementById("diff-events").innerHTML = inside.map(eventHtml).join("") ||
    "<p class=\"muted\">no events</p>";
}

const today = Math.floor(Date.now() / DAY);
const days = live.map((e) => dayOf(e.day)).concat(data.intervals.map((i) => dayOf(i.start)));
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
