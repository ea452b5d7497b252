"""The stakeholder analysis as an interest-by-influence grid.

Rows run from high influence (top) to low, columns from low interest (left) to
high, as the grid is usually drawn on a flip chart. The four corners carry the
usual advice on how to involve whoever sits there.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Stakeholder

LEVELS = ("low", "medium", "high")

ADVICE = {
    ("high", "high"): "Work with closely",
    ("high", "low"): "Keep satisfied",
    ("low", "high"): "Keep informed",
    ("low", "low"): "Keep an eye on",
}


@dataclass(frozen=True)
class Cell:
    influence: str
    interest: str
    stakeholders: tuple[Stakeholder, ...]

    @property
    def advice(self) -> str | None:
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
