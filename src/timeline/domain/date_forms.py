"""The forms a date may be written in, listed once.

The parsers' refusals (dates, edtf_dates), the commands' help (cli.support) and the tests
that hold the parsers to this list (tests/cli/test_date_help.py) all read it from here, so
a help text cannot name a form the parser refuses, nor miss one it takes.
"""

from __future__ import annotations

import re

# A day, a month or a year: what every date is made of.
PERIODS = ("YYYY", "YYYY-MM", "YYYY-MM-DD")
# What an event's date may end in, and what each says.
QUALIFIERS = (("?", "uncertain"), ("~", "approximate"))
# The spans (EDTF level 1) an event's date may be, D standing for a period, qualified or not.
SPANS = (("D1/D2", "sometime from D1 to D2"),
         ("../D", "by D, when it began not known"),
         ("D/..", "on or after D, not known ever to have"))
# The word a date to ask about may be instead of a date.
TODAY = "today"
# A record time (--known-at): a day means its end.
RECORD_FORMS = (("YYYY-MM-DD", "the end of that day"),
                ("YYYYMMDD or YYYY-Www-D", "another ISO 8601 date, its end"),
                ("YYYY-MM-DDTHH:MM[:SS]", "an ISO 8601 time, UTC unless it ends in Z or "
                                          "+HH:MM"))
# One example of each form, as the tests write them to the commands.
RECORD_EXAMPLES = ("2021-10-18", "20211018", "2021-W42-1", "2021-10-18T12:00",
                   "2021-10-18T12:00:30Z", "2021-10-18T12:00+02:00")

# The years an event may take effect in (dates.FIRST_YEAR to LAST_YEAR, checked there).
EVENT_YEARS = "years 1000 to 2999"

PERIOD_TEXT = f"{', '.join(PERIODS[:-1])} or {PERIODS[-1]}"
EVENT_TEXT = (f"{', '.join(PERIODS)} ("
              + ", ".join(f"{mark} {meaning}" for mark, meaning in QUALIFIERS) + "), "
              + ", ".join(form for form, _ in SPANS[:-1]) + f" or {SPANS[-1][0]}")

_EXAMPLE_PARTS = {"YYYY": "2021", "MM": "11", "DD": "01"}


def example(form: str) -> str:
    """A date of ``form`` (one of PERIODS): ``YYYY-MM`` is 2021-11."""
    return re.sub("YYYY|MM|DD", lambda m: _EXAMPLE_PARTS[m.group()], form)


def single_forms() -> list[str]:
    """Every form of one date an event may take: a period, qualified or not."""
    return [period + mark for period in PERIODS for mark in ("", *(q for q, _ in QUALIFIERS))]


def event_forms() -> list[str]:
    """Every form an event's date may take, spans written out with each D a single form
    (``YYYY-MM?/YYYY``): what the help promises, to hold the parser to."""
    singles = single_forms()
    spans: list[str] = []
    for span, _ in SPANS:
        if "D1" in span:
            spans += [span.replace("D1", a).replace("D2", b) for a in singles for b in singles]
        else:
            spans += [span.replace("D", d) for d in singles]
    return singles + spans


def event_examples() -> list[str]:
    """One date of each of ``event_forms``; a span's second end is a year later, so that
    it never ends before it starts."""
    out = []
    for form in event_forms():
        first, sep, second = form.partition("/")
        later = second.replace("YYYY", "2022")
        out.append(example(first) + sep + example(later))
    return out


def pattern(forms: list[str]) -> re.Pattern[str]:
    """A regular expression of exactly these forms (digits where YYYY, MM and DD stand)."""
    def one(form: str) -> str:
        text = re.escape(form)
        for part, digits in (("YYYY", "[0-9]{4}"), ("MM", "[0-9]{2}"), ("DD", "[0-9]{2}")):
            text = text.replace(part, digits)
        return text

    return re.compile("|".join(f"(?:{one(f)})" for f in forms))
