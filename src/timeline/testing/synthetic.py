"""Synthetic histories for benchmarks: many relationships, a realistic mix of the vocabulary.

Each relationship gets missions opened and closed, staff caps, waves of expulsions, recalls
and reopenings, agreements, channels, meetings and statements over decades. A share of the
events arrives out of ``on`` order and some carry reduced-precision dates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

START = dt.date(1950, 1, 1)
SPAN_DAYS = 75 * 365


def actors(count: int) -> list[dict[str, str]]:
    return [{"id": f"a{i:04d}", "name": f"Actor {i}", "kind": "state"} for i in range(count)]


def pairs(n_actors: int, n_pairs: int, rng: random.Random) -> list[tuple[str, str]]:
    chosen: set[tuple[str, str]] = set()
    while len(chosen) < n_pairs:
        a, b = rng.sample(range(n_actors), 2)
        chosen.add((f"a{min(a, b):04d}", f"a{max(a, b):04d}"))
    return sorted(chosen)


def events(
    n_events: int,
    n_pairs: int | None = None,
    seed: int = 7,
    out_of_order: float = 0.10,
    reduced_precision: float = 0.05,
    uncertain: float = 0.0,
) -> Iterator[dict[str, Any]]:
    """``n_events`` raw events (import shape), in recording order; a share ``uncertain``
    of them dated by an EDTF span (sometime within up to 90 days, or no later than a day)."""
    rng = random.Random(seed)
    n_pairs = n_pairs or max(10, n_events // 200)
    n_actors = max(4, int((2 * n_pairs) ** 0.5) + 3)
    relationships = pairs(n_actors, n_pairs, rng)
    per_pair = [n_events // n_pairs + (1 if i < n_events % n_pairs else 0)
                for i in range(n_pairs)]
    streams = [_relationship(i, a, b, per_pair[i], rng, reduced_precision, uncertain)
               for i, (a, b) in enumerate(relationships)]
    # Interleave the relationships, as a real feed would; hold some events back so that
    # they arrive after later-dated ones.
    held: list[dict[str, Any]] = []
    live = list(range(n_pairs))
    while live:
        k = rng.randrange(len(live))
        event = next(streams[live[k]], None)
        if event is None:
            live[k] = live[-1]
            live.pop()
            continue
        if rng.random() < out_of_order:
            held.append(event)
        else:
            yield event
        if held and rng.random() < out_of_order:
            yield held.pop(rng.randrange(len(held)))
    rng.shuffle(held)
    yield from held


def n_actors_for(n_events: int, n_pairs: int | None = None) -> int:
    n_pairs = n_pairs or max(10, n_events // 200)
    return max(4, int((2 * n_pairs) ** 0.5) + 3)


def _relationship(
    index: int, a: str, b: str, count: int, rng: random.Random, reduced: float,
    uncertain: float = 0.0,
) -> Iterator[dict[str, Any]]:
    step = SPAN_DAYS / max(count, 1)
    posts = {f"r{index}-m{j}": "unopened" for j in range(2)}
    for n in range(count):
        day = START + dt.timedelta(days=int(n * step + rng.random() * step))
        actor, target = (a, b) if rng.random() < 0.5 else (b, a)
        kind, fields = _pick(rng, posts, index)
        on = day.isoformat()
        if rng.random() < reduced:
            on = on[:7] if rng.random() < 0.7 else on[:4]
        event: dict[str, Any] = {
            "id": f"s{index}-{n}",
            "type": kind,
            "actor": actor,
            "target": target,
            "on": on,
            "fields": fields,
            "sources": [f"https://example.org/feed/{index}/{n}"],
        }
        if kind in ("expulsion", "mission_recall", "office_closure") and rng.random() < 0.3:
            event["announced"] = (day - dt.timedelta(days=rng.randint(1, 30))).isoformat()
            event["on"] = day.isoformat()
        elif uncertain and rng.random() < uncertain:
            if kind == "post_opened" and rng.random() < 0.5:
                event["on"] = f"../{day.isoformat()}"
            else:
                until = day + dt.timedelta(days=rng.randint(1, 90))
                event["on"] = f"{day.isoformat()}/{until.isoformat()}"
        yield event


def _pick(rng: random.Random, posts: dict[str, str], index: int
          ) -> tuple[str, dict[str, Any]]:
    post = rng.choice(sorted(posts))
    status = posts[post]
    roll = rng.random()
    if status == "unopened" or (status == "closed" and roll < 0.3):
        posts[post] = "open"
        if status == "unopened":
            return "post_opened", {"post": post, "kind": "embassy",
                                   "staff_cap": rng.randint(10, 80)}
        return "post_reopened", {"post": post}
    if roll < 0.30:
        return "expulsion", {"count": rng.randint(1, 12), "post": post}
    if roll < 0.40:
        return "staff_cap", {"post": post, "cap": rng.randint(5, 80)}
    if roll < 0.45:
        posts[post] = "suspended"
        return "mission_recall", {"post": post}
    if roll < 0.48:
        posts[post] = "closed"
        return "office_closure", {"post": post}
    if roll < 0.52 and status == "suspended":
        posts[post] = "open"
        return "post_reopened", {"post": post}
    if roll < 0.58:
        return rng.choice(["relations_suspended", "relations_restored", "relations_established",
                           "cooperation_suspended", "cooperation_resumed"]), {}
    if roll < 0.66:
        agreement = f"r{index}-g{rng.randint(0, 3)}"
        kind = rng.choice(["agreement_signed", "agreement_signed", "agreement_suspended",
                           "agreement_terminated"])
        return kind, {"agreement": agreement}
    if roll < 0.74:
        channel = f"r{index}-c{rng.randint(0, 2)}"
        kind = rng.choice(["channel_opened", "channel_opened", "channel_suspended",
                           "channel_closed"])
        return kind, {"channel": channel}
    if roll < 0.88:
        return "meeting", {"channel": f"r{index}-c{rng.randint(0, 2)}"}
    return "statement", {}


def write_jsonl(path: str, n_events: int, seed: int = 7) -> int:
    """A JSON Lines file that ``timeline import`` reads: actors, then events."""
    import json

    with open(path, "w", encoding="utf-8") as out:
        for actor in actors(n_actors_for(n_events)):
            out.write(json.dumps({"actor": actor}) + "\n")
        for event in events(n_events, seed=seed):
            out.write(json.dumps(event) + "\n")
    return n_events
