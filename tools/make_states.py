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
           # The Federation is the USSR's continuing state (COW's 365, its UN seat).
           "RUS": ["Russia", "Soviet Union", "USSR", "Union of Soviet Socialist Republics"],
           "USA": ["United States of America", "US"], "GBR": ["Britain",
           "Great Britain", "UK"], "PRK": ["North Korea"], "KOR": ["South Korea"],
           "VNM": ["Vietnam"], "LAO": ["Laos"], "SYR": ["Syria"], "IRN": ["Iran"],
           "TWN": ["Taiwan"], "VEN": ["Venezuela"], "BOL": ["Bolivia"], "TZA": ["Tanzania"],
           "MDA": ["Moldova"], "BRN": ["Brunei"], "CPV": ["Cape Verde"],
           "VAT": ["Vatican", "Holy See", "Vatican City", "Vatican City State"],
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
        ("gcc", "Gulf Cooperation Council", ["IGOGCC"], ["Gulf Cooperation Council"]),
        ("wto", "World Trade Organization", [], ["World Trade Organization", "WTO"]),
        ("who", "World Health Organization", [], ["World Health Organization"]),
        ("iaea", "IAEA", [], ["International Atomic Energy Agency", "IAEA"]),
        ("imf", "International Monetary Fund", [], ["International Monetary Fund", "IMF"]),
        ("world-bank", "World Bank", [], ["World Bank"]),
        ("opec", "OPEC", [], ["Organization of the Petroleum Exporting Countries", "OPEC"])]
# Bodies of an organisation, as ICEWS names them: filed under it, not the organisation itself.
PARTS = {"eu": ["European Commission", "European Parliament", "European Council",
                "Council of the European Union", "European Central Bank", "Europol", "Frontex",
                "European External Action Service"],
         "un": ["UN Security Council", "United Nations Security Council", "UN General Assembly",
                "United Nations General Assembly", "UN Human Rights Council",
                "United Nations Human Rights Council", "UN Secretariat"]}
# Officials of an organisation, as ICEWS names them, with their terms (first and last day):
# ICEWS's sectors are a person's whole career and its Country their nationality, so the
# UN Secretary-General has "Government" sectors (Portugal's prime minister, 1995-2002)
# and would be filed under Portugal. In office, an official acts for the organisation.
OFFICIALS = [
    ("un", "1992-01-01", "1996-12-31", ["Boutros Boutros-Ghali"]),
    ("un", "1997-01-01", "2006-12-31", ["Kofi Annan", "Kofi Atta Annan"]),
    ("un", "2007-01-01", "2016-12-31", ["Ban Ki-moon", "Ban Ki Moon"]),
    ("un", "2017-01-01", "2026-12-31", ["António Manuel de Oliveira Guterres",
                                        "António Guterres", "Antonio Guterres"]),
    ("nato", "1995-12-05", "1999-10-06", ["Javier Solana"]),
    ("nato", "2004-01-01", "2009-07-31", ["Jaap de Hoop Scheffer"]),
    ("nato", "2009-08-01", "2014-09-30", ["Anders Fogh Rasmussen"]),
    ("nato", "2014-10-01", "2024-09-30", ["Jens Stoltenberg"]),
    ("nato", "2024-10-01", "", ["Mark Rutte"]),
    ("eu", "1999-10-18", "2009-11-30", ["Javier Solana"]),
    ("eu", "2004-11-22", "2014-10-31", ["José Manuel Barroso", "Jose Manuel Barroso",
                                        "José Manuel Durão Barroso"]),
    ("eu", "2009-12-01", "2014-10-31", ["Catherine Ashton"]),
    ("eu", "2009-12-01", "2014-11-30", ["Herman Van Rompuy"]),
    ("eu", "2010-02-10", "2019-11-30", ["Cecilia Malmstrom", "Cecilia Malmström"]),
    ("eu", "2012-01-17", "2017-01-17", ["Martin Schulz"]),
    ("eu", "2014-11-01", "2019-11-30", ["Jean-Claude Juncker", "Federica Mogherini",
                                        "Mina Andreeva"]),
    ("eu", "2014-12-01", "2019-11-30", ["Donald Tusk"]),
    ("eu", "2017-01-17", "2019-07-02", ["Antonio Tajani"]),
    ("eu", "2019-12-01", "", ["Ursula von der Leyen"]),
    ("eu", "2019-12-01", "2024-11-30", ["Charles Michel", "Josep Borrell"]),
    ("osce", "2017-07-18", "2020-07-18", ["Thomas Greminger"]),
    ("african-union", "2017-03-14", "2025-02-15", ["Moussa Faki Mahamat", "Moussa Faki"]),
    ("arab-league", "2016-07-01", "", ["Ahmed Aboul Gheit"]),
    ("oas", "2015-05-26", "2025-05-26", ["Luis Almagro"]),
    ("wto", "2013-09-01", "2020-08-31", ["Roberto Azevedo", "Roberto Azevêdo"]),
    ("who", "2017-07-01", "", ["Tedros Adhanom Ghebreyesus", "Tedros Adhanom"]),
    ("iaea", "2009-12-01", "2019-07-22", ["Yukiya Amano"]),
]


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
out.append("parts:")
for ident, names in PARTS.items():
    out.append(f"  - {{of: {ident}, names: [{', '.join(q(n) for n in names)}]}}")
out.append("officials:")
for ident, first, last, names in OFFICIALS:
    out.append(f"  - {{of: {ident}, from: {q(first)}, to: {q(last)}, "
               f"names: [{', '.join(q(n) for n in names)}]}}")
sys.stdout.write("\n".join(out) + "\n")
