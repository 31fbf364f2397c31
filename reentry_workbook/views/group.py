"""Everyone's answers on one page, scored and summed up once per repaint for the group views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Questionnaire


@dataclass(frozen=True)
class GroupFigures:
    """Scores of everyone counted in the workspace for one round of one page.

    ``factors``: aggregate_factors output plus ``left_out`` (people who answered this page but
    too few of the factor's questions); ``items``: aggregate_items output; ``people``: how many
    people answered anything; ``frame``: the personal answers themselves (long form).
    """

    factors: pd.DataFrame
    items: pd.DataFrame
    scores: pd.DataFrame
    people: int
    frame: pd.DataFrame

    @classmethod
    def compute(cls, q: Questionnaire, frame: pd.DataFrame, round: int = 1) -> GroupFigures:
        """Score and aggregate ``frame`` (respondent, round, item_id, row, value)."""
        from ..aggregate import aggregate_factors, aggregate_items
        from ..scoring import score

        mine = frame[frame["round"] == round] if len(frame) else frame
        result = score(q, mine)
        factors = aggregate_factors(q, result.factors)
        items = aggregate_items(q, result.items)
        people = int(mine["respondent"].nunique()) if len(mine) else 0
        if len(factors):
            counted = factors.set_index("factor")["n"]
            factors = factors.assign(
                left_out=[max(0, people - int(counted.get(f, 0))) for f in factors["factor"]]
            )
        else:
            factors = factors.assign(left_out=[])
        return cls(factors, items, result.factors, people, mine)
