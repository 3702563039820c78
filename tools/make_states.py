"""Writes src/timeline/interchange/states.yaml (to stdout) from ISO 3166-1 (pycountry), with the names
ICEWS and GDELT write. Run once by hand; tests/unit/test_states.py checks the result."""
import re, sys, unicodedata
import pycountry

# Short ids for the names people type; otherwise the ISO common or short name, slugged.
IDS = {"RUS": "russia", "USA": "united-states", "GBR": "united-kingdom", "PRK": "north-korea",
       "KOR": "south-korea", "IRN": "iran", "SYR": "syria", "VNM": "vietnam", "TWN": "taiwan",
       "BOL": "bolivia", "VEN": "venezuela", "TZA": "tanzania", "LAO": "laos", "MDA": "moldova",
       "MKD": "north-macedonia", "COD": "dr-congo", "COG": "congo", "PSE": "palestine",
       "CZE": "czechia", "TUR": "turkey", "CIV": "cote-d-ivoire", "SWZ": "eswatini",
       "FSM": "micronesia", "VAT": "holy-see", "BRN": "brunei", "CPV": "cabo-verde"}
# Names ICEWS and GDELT write that ISO does not.
ALIASES = {"CIV": ["Cote d'Ivoire", "Ivory Coast"], "COD": ["Democratic Republic of Congo",
           "Democratic Republic of the Congo", "DR Congo", "Congo, DRC"],
           "PSE": ["Palestine", "Occupied Palestinian Territory", "Palestinian Territory"],
           "SWZ": ["Swaziland"], "TUR": ["Turkey", "Turkiye"], "CZE": ["Czech Republic"],
           "MKD": ["the former Yugoslav Republic of Macedonia", "Macedonia"],
           "RUS": ["Russia"], "USA": ["United States of America", "US"], "GBR": ["Britain",
           "Great Britain", "UK"], "PRK": ["North Korea"], "KOR": ["South Korea"],
           "VNM": ["Vietnam"], "LAO": ["Laos"], "SYR": ["Syria"], "IRN": ["Iran"],
           "TWN": ["Taiwan"], "VEN": ["Venezuela"], "BOL": ["Bolivia"], "TZA": ["Tanzania"],
           "MDA": ["Moldova"], "BRN": ["Brunei"], "CPV": ["Cape Verde"], "VAT": ["Vatican"],
           "FSM": ["Micronesia"], "MMR": ["Burma"], "TLS": ["East Timor"]}
# International organisations: id, name, CAMEO/GDELT codes, the names ICEWS writes.
ORGS = [("nato", "NATO", ["NATO", "IGONAT"], ["North Atlantic Treaty Organization", "NATO"]),
        ("eu", "European Union", ["EUR", "IGOEUREEC", "IGOEEC"], ["European Union", "EU"]),
        ("un", "United Nations", ["UNO", "IGOUNO"], ["United Nations", "UN"]),
        ("osce", "OSCE", ["IGOOSCE"], ["Organization for Security and Co-operation in Europe",
                                       "OSCE"]),
        ("african-union", "African Union", ["IGOAFRAU"], ["African Union"]),
        ("asean", "ASEAN", ["IGOASEAN", "IGOSEAASN"], ["Association of Southeast Asian Nations",
                                                      "ASEAN"]),
        ("arab-league", "Arab League", ["IGOARL"], ["Arab League", "League of Arab States"]),
        ("council-of-europe", "Council of Europe", ["IGOCOE"], ["Council of Europe"]),
        ("oas", "Organization of American States", ["IGOOAS"], ["Organization of American States"]),
        ("csto", "CSTO", [], ["Collective Security Treaty Organization"]),
        ("sco", "Shanghai Cooperation Organisation", [], ["Shanghai Cooperation Organisation",
                                                          "Shanghai Cooperation Organization"]),
        ("gcc", "Gulf Cooperation Council", ["IGOGCC"], ["Gulf Cooperation Council"])]


def slug(text):
    # Letters folded to ASCII first: Réunion is "reunion", not "r-union".
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def q(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


out = ["# States (ISO 3166-1, via pycountry %s) and the main international organisations, with"
       % pycountry.__version__ if hasattr(pycountry, "__version__") else "# States (ISO 3166-1)",
       "# the codes (ISO alpha-3 = CAMEO country codes) and names ICEWS and GDELT write.",
       "# The default actor map of 'timeline import --format icews|gdelt|plover|polecat'.",
       "# Made by hand once from pycountry; tests/unit/test_states.py checks it against ISO.",
       "states:"]
for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
    name = getattr(c, "common_name", None) or c.name
    ident = IDS.get(c.alpha_3) or slug(name)
    names = []
    for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None),
              *ALIASES.get(c.alpha_3, [])):
        if n and n not in names:
            names.append(n)
    plain = "," not in name and "(" not in name and c.alpha_3 not in (
        "RUS", "TUR", "CZE", "SWZ", "MKD", "CIV", "PSE", "COD")
    display = name if plain or c.alpha_3 not in ALIASES else ALIASES[c.alpha_3][0]
    out.append(f"  - {{id: {ident}, name: {q(display)}, codes: [{c.alpha_3}], "
               f"names: [{', '.join(q(n) for n in names)}]}}")
out.append("organizations:")
for ident, name, codes, names in ORGS:
    out.append(f"  - {{id: {ident}, name: {q(name)}, codes: [{', '.join(codes)}], "
               f"names: [{', '.join(q(n) for n in names)}]}}")
sys.stdout.write("\n".join(out) + "\n")
