"""Writes src/timeline/interchange/cow_states.yaml (to stdout): the Correlates of War state
numbers, each with the actor id the rest of the tool uses, the years the state was a
member of the state system and the first day it was (``from``, where after 1816). Run once by hand, from COW's State System Membership list
(v2016, states2016.csv: stateabb, ccode, statenme, styear, ..., endyear):

    python tools/make_cow_states.py states2016.csv > src/timeline/interchange/cow_states.yaml

A state that is today's ISO state takes the built-in map's id (states.yaml, by name);
historical states that were not the same state as today's get ids of their own
(docs/formats.md says why for each). tests/unit/test_cow_states.py checks the result."""
import csv, json, sys
from pathlib import Path
import yaml

STATES = Path(__file__).resolve().parent.parent / "src/timeline/interchange/states.yaml"
# COW names ISO (and so states.yaml) spells otherwise.
SAME = {"Ivory Coast": "cote-d-ivoire", "Swaziland": "eswatini", "Macedonia": "north-macedonia",
        "Democratic Republic of the Congo": "dr-congo", "Congo": "congo",
        "Czech Republic": "czechia", "East Timor": "timor-leste", "Cape Verde": "cabo-verde",
        "Federated States of Micronesia": "micronesia", "Antigua & Barbuda": "antigua-and-barbuda",
        "St. Lucia": "saint-lucia", "St. Vincent and the Grenadines":
        "saint-vincent-and-the-grenadines", "St. Kitts and Nevis": "saint-kitts-and-nevis",
        "Myanmar": "myanmar", "Vietnam": "vietnam", "Gambia": "gambia", "Bahamas": "bahamas",
        "Sao Tome and Principe": "sao-tome-and-principe", "Kyrgyzstan": "kyrgyzstan",
        "Yemen": "yemen", "Bosnia and Herzegovina": "bosnia-and-herzegovina",
        "United Kingdom": "united-kingdom", "United States of America": "united-states",
        "Russia": "russia", "Germany": "germany", "Italy": "italy", "China": "china",
        "Taiwan": "taiwan", "North Korea": "north-korea", "South Korea": "south-korea",
        "Iran": "iran", "Syria": "syria", "Laos": "laos", "Moldova": "moldova",
        "Tanzania": "tanzania", "Bolivia": "bolivia", "Venezuela": "venezuela",
        "Turkey": "turkey", "Brunei": "brunei"}
# States of the system that are not today's ISO states, by COW number: id, name.
HISTORICAL = {
    240: ("hanover", "Hanover"), 245: ("bavaria", "Bavaria"), 267: ("baden", "Baden"),
    269: ("saxony", "Saxony"), 271: ("wurttemberg", "Württemberg"),
    273: ("hesse-electoral", "Hesse-Kassel (Electoral Hesse)"),
    275: ("hesse-grand-ducal", "Hesse-Darmstadt (Grand Ducal Hesse)"),
    280: ("mecklenburg-schwerin", "Mecklenburg-Schwerin"),
    260: ("west-germany", "German Federal Republic (West Germany)"),
    265: ("east-germany", "German Democratic Republic (East Germany)"),
    300: ("austria-hungary", "Austria-Hungary (the Austrian Empire until 1867)"),
    315: ("czechoslovakia", "Czechoslovakia"),
    327: ("papal-states", "Papal States"), 329: ("two-sicilies", "Two Sicilies"),
    332: ("modena", "Modena"), 335: ("parma", "Parma"), 337: ("tuscany", "Tuscany"),
    345: ("yugoslavia", "Yugoslavia (Serbia until 1918; Serbia and Montenegro from 1992)"),
    511: ("zanzibar", "Zanzibar"), 678: ("north-yemen", "Yemen Arab Republic (North Yemen)"),
    680: ("south-yemen", "Yemen People's Republic (South Yemen)"),
    730: ("korea", "Korea (Joseon, the Korean Empire)"),
    817: ("south-vietnam", "Republic of Vietnam (South Vietnam)"),
    347: ("kosovo", "Kosovo"),  # a state of COW's system, not of ISO 3166-1
}
# One COW number for states that were not one state: (last year of the first, id, name).
SPLIT = {255: (1870, "prussia", "Prussia")}
# The first day of the later state of a split number (the German Empire's proclamation).
FROM = {255: "1871-01-18"}


def main(path):
    data = yaml.safe_load(STATES.read_text(encoding="utf-8"))
    by_name = {}
    for entry in data["states"]:
        for name in (entry["name"], *entry["names"]):
            by_name.setdefault(name.casefold(), entry)
    by_id = {e["id"]: e for e in data["states"]}
    periods, names, firsts = {}, {}, {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = int(row["ccode"])
            names[code] = (row["stateabb"], row["statenme"])
            periods.setdefault(code, []).append((int(row["styear"]), int(row["endyear"])))
            start = f"{int(row['styear']):04d}-{int(row['stmonth']):02d}-{int(row['stday']):02d}"
            firsts[code] = min(firsts.get(code, start), start)
    print("# Correlates of War state numbers (State System Membership v2016) -> actors: "
          "made by\n# tools/make_cow_states.py; the reader of 'timeline import --format "
          "cow-dipex'.\n# member: the years the state was a member of the state system.\n"
          "states:")
    for code in sorted(names):
        abb, cow_name = names[code]
        if code in HISTORICAL:
            actor, name = HISTORICAL[code]
        else:
            entry = by_id.get(SAME.get(cow_name, "")) or by_name.get(cow_name.casefold())
            if entry is None:
                sys.exit(f"no ISO state for COW {code} {cow_name!r}: add it to SAME or HISTORICAL")
            actor, name = entry["id"], entry["name"]
        member = ", ".join(f"[{a}, {b}]" for a, b in periods[code])
        line = (f"  - {{ccode: {code}, abb: {abb}, id: {actor}, name: {json.dumps(name)}, "
                f"member: [{member}]")
        # The first day a state joined the system, where that is after COW's first
        # (1816-01-01, when most of its first members had long existed).
        start = FROM.get(code, firsts[code])
        if start > "1816-01-01":
            line += f", from: {start}"
        if code in SPLIT:
            last, early_id, early_name = SPLIT[code]
            line += f", before: {{until: {last}, id: {early_id}, name: {json.dumps(early_name)}}}"
        print(line + "}")


if __name__ == "__main__":
    main(sys.argv[1])
