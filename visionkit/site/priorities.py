"""The priorities day, summarised: each group's ranking, what is shared, vote shares.

Groups differ in size (30 residents, 8 advisers), so raw counts would let the
larger group win every comparison. The rule, documented in REFERENCE.md: a
group's **share** for a priority is the votes that group gave it divided by
all the votes that group cast on the day. Shares of one group add up to 100%,
whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from visionkit.fields import KINDS, Kind
from visionkit.model import Priorities, Priority

Category = Literal["shared", "user", "staff", "other"]
#: The two sides whose similarities and differences the method asks to discuss.
SIDES: tuple[Kind, Kind] = ("user", "staff")


@dataclass(frozen=True)
class Tally:
    kind: str
    votes: int
    #: This group's votes for the priority / all votes the group cast (0 to 1).
    share: float

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class Ranked:
    priority: Priority
    tallies: dict[str, Tally]
    category: Category
    #: What the priority is ordered by within its category (higher first).
    score: float

    def tally(self, kind: str) -> Tally:
        return self.tallies.get(kind, Tally(kind, 0, 0.0))


@dataclass(frozen=True)
class PrioritySummary:
    #: Every vote each group cast, by kind; only kinds that voted at all.
    totals: dict[str, int]
    ranked: list[Ranked]

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in KINDS if kind in self.totals]

    def category(self, name: Category) -> list[Ranked]:
        return [r for r in self.ranked if r.category == name]

    def ranking(self, kind: str) -> list[Ranked]:
        """One group's own priorities, most votes first (priorities it gave no vote left out)."""
        own = [r for r in self.ranked if r.tally(kind).votes > 0]
        return sorted(own, key=lambda r: -r.tally(kind).votes)

    @property
    def max_share(self) -> float:
        """The largest share of any group, so every bar in a chart uses one scale."""
        return max((t.share for r in self.ranked for t in r.tallies.values()), default=0.0)


def _category(priority: Priority) -> Category:
    if priority.shared:
        return "shared"
    if priority.votes.get("user", 0) > 0:
        return "user"
    if priority.votes.get("staff", 0) > 0:
        return "staff"
    return "other"


def summarise(priorities: Priorities) -> PrioritySummary:
    totals: dict[str, int] = {}
    for priority in priorities.priorities:
        for kind, votes in priority.votes.items():
            totals[kind] = totals.get(kind, 0) + votes
    totals = {kind: total for kind, total in totals.items() if total > 0}
    ranked = []
    for priority in priorities.priorities:
        tallies: dict[str, Tally] = {
            kind: Tally(kind, votes, votes / totals[kind])
            for kind, votes in priority.votes.items()
            if kind in totals
        }
        category = _category(priority)
        if category == "shared":
            score = sum(tallies[side].share for side in SIDES) / len(SIDES)
        elif category in SIDES:
            score = tallies[category].share
        else:
            score = float(sum(t.votes for t in tallies.values()))
        ranked.append(Ranked(priority, tallies, category, score))
    order: dict[Category, int] = {"shared": 0, "user": 1, "staff": 2, "other": 3}
    # sorted() is stable: equal scores keep the order of priorities.yml.
    ranked.sort(key=lambda r: (order[r.category], -r.score))
    return PrioritySummary(totals, ranked)
