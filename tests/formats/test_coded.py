"""Who speaks for whom in coded data (interchange.coded): the resolver of ICEWS sides.

The sides are written as the ICEWS file of 2018-06-01 in ../shared/data/field/icews/ writes
them (andybega/icews ``inst/extdata/events.2018.sample.tab``, MIT; data from the ICEWS
Dataverse release, doi:10.7910/DVN/28075); the Event IDs of the rows are given."""

from __future__ import annotations

import pytest

from timeline.domain.values import ActorData
from timeline.interchange.coded import Resolver, Side, default_actors, value

RUSSIA = ActorData("russia", "Russia", "state")
GEORGIA = ActorData("georgia", "Georgia", "state")
BANGLADESH = ActorData("bangladesh", "Bangladesh", "state")
EU = ActorData("eu", "European Union", "organization")
UN = ActorData("un", "United Nations", "organization")
IGO = "International Government Organization,Regional Diplomatic IGOs,Regional"
PUTIN = ("Government,Executive Office,Elite,Executive,Ideological,(National) Major Party,"
         "Parties,Center Right")


@pytest.mark.parametrize(("name", "sectors", "country", "side"), [
    # the state itself, under either of its names, with NA as its sectors (32890576)
    ("Russia", "NA", "Russian Federation", Side(RUSSIA, True, "Russia")),
    ("Russian Federation", "", "Russian Federation", Side(RUSSIA, True, "Russian Federation")),
    ("Russia", "NA", "NA", Side(RUSSIA, True, "Russia")),
    # a part of it: a ministry (32889836), a leader (32892167), the state with a sector
    ("Foreign Affairs (Bangladesh)", "Executive,Foreign Ministry,Government", "Bangladesh",
     Side(BANGLADESH, False,
          "Foreign Affairs (Bangladesh) (Executive,Foreign Ministry,Government)")),
    ("Vladimir Putin", PUTIN, "Russian Federation",
     Side(RUSSIA, False, f"Vladimir Putin ({PUTIN})")),
    ("Russia", "Government", "Russia", Side(RUSSIA, False, "Russia (Government)")),
    # an organisation by its name, with its sectors and no country (32895832, 32891406)
    ("European Union", IGO, "NA", Side(EU, True, f"European Union ({IGO})")),
    ("United Nations", "International Government Organization,Global,Global Diplomatic IGOs",
     "NA", Side(UN, True, "United Nations (International Government Organization,Global,"
                          "Global Diplomatic IGOs)")),
    ("EU", "", "", Side(EU, True, "EU")),
    # a separatist region (32892140), with or without its sectors: its country's, silent
    ("Abkhazia", "Dissident,Separatists", "Georgia",
     Side(GEORGIA, False, "Abkhazia (Dissident,Separatists)")),
    ("Abkhazia", "NA", "Georgia", Side(GEORGIA, False, "Abkhazia")),
    # an organisation's official no map knows (Antonio Tajani), an unspecified actor
    ("Antonio Tajani", IGO, "NA", Side(None, False, f"Antonio Tajani ({IGO})")),
    ("Unspecified Actor", "Unspecified", "NA",
     Side(None, False, "Unspecified Actor (Unspecified)")),
    # NA everywhere is nothing at all
    ("NA", "NA", "NA", Side(None, False, "")),
    ("", "", "", Side(None, False, "")),
])
def test_who_an_icews_side_is_and_whether_it_speaks(name: str, sectors: str, country: str,
                                                    side: Side) -> None:
    assert Resolver(None).icews(name, sectors, country) == side


def test_a_name_the_users_map_gives_speaks_for_its_actor() -> None:
    resolver = Resolver({"Vladimir Putin": "russia", "Abkhazia": "abkhazia"})
    # the map's names are matched without regard to case, and speak whatever their sectors
    assert resolver.icews("vladimir putin", PUTIN, "Russian Federation") == Side(
        RUSSIA, True, f"vladimir putin ({PUTIN})")
    assert resolver.icews("Abkhazia", "Dissident,Separatists", "Georgia") == Side(
        ActorData("abkhazia", "abkhazia", "other"), True, "Abkhazia (Dissident,Separatists)")
    # names it does not give still resolve by the built-in map, and do not speak
    assert resolver.icews("Sergey Lavrov", "Government", "Russia") == Side(
        RUSSIA, False, "Sergey Lavrov (Government)")
    assert resolver.mapped_by_user("ABKHAZIA") and not resolver.mapped_by_user("Georgia")


@pytest.mark.parametrize("missing", ["", "NA", " NA ", "N/A", "null", "None", None])
def test_the_ways_datasets_write_missing(missing: str | None) -> None:
    assert value(missing) == ""


def test_values_are_trimmed_and_kept() -> None:
    assert value(" Sokhumi ") == "Sokhumi"
    assert value("NAURU") == "NAURU" and value("Na") == "Na"  # only the whole value


def test_names_and_codes_of_the_built_in_map() -> None:
    resolver = Resolver(None)
    assert resolver.named("RUS") == resolver.named("russian federation") == RUSSIA
    assert resolver.named("North Atlantic Treaty Organization") == ActorData(
        "nato", "NATO", "organization")
    assert resolver.named("Abkhazia") is None
    by_name, by_code = default_actors()
    assert by_name["georgia"] == by_code["GEO"] == GEORGIA


def test_create_actors_offers_each_actor_once() -> None:
    resolver = Resolver(None, create=True)
    russia = resolver.icews("Russia", "NA", "Russian Federation")
    georgia = resolver.icews("Abkhazia", "Dissident,Separatists", "Georgia")
    first = [(kind, record.data) for kind, record in resolver.actors(russia, georgia)]
    assert first == [("default_actor", RUSSIA.to_json()), ("default_actor", GEORGIA.to_json())]
    assert list(resolver.actors(georgia, russia)) == []
    assert list(Resolver(None).actors(russia)) == []  # only with create
