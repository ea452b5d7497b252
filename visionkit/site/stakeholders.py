"""The stakeholder analysis as an interest-by-influence grid.

Rows run from high influence (top) to low, columns from low interest (left) to
high, as the grid is usually drawn on a flip chart. The four corners carry the
usual advice on how to involve whoever sits there (as a label key: the words
are the site's language's).
"""

from __future__ import annotations

from dataclasses import dataclass

from visionkit.model import Stakeholder

LEVELS = ("low", "medium", "high")

#: The label key (see site/labels.py) of the advice for each corner: (influence, interest).
ADVICE = {
    ("high", "high"): "advice_work_closely",
    ("high", "low"): "advice_keep_satisfied",
    ("low", "high"): "advice_keep_informed",
    ("low", "low"): "advice_monitor",
}


@dataclass(frozen=True)
class Cell:
    influence: str
    interest: str
    stakeholders: tuple[Stakeholder, ...]

    @property
    def advice(self) -> str | None:
        """The label key of the usual advice for this corner, in the site's language."""
        return ADVICE.get((self.influence, self.interest))


def grid(stakeholders: list[Stakeholder]) -> list[list[Cell]]:
    """Rows of cells, influence high to low, interest low to high."""
    return [
        [
            Cell(
                influence,
                interest,
                tuple(
                    s for s in stakeholders if s.influence == influence and s.interest == interest
                ),
            )
            for interest in LEVELS
        ]
        for influence in reversed(LEVELS)
    ]
