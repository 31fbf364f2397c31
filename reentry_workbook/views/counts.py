"""Reading counts people typed (whole numbers of people or places) and writing shares.

Shared by the views that compare counts (``risk_needs_mismatch``, ``capacity_against_need``):
a count is usable, blank, or wrong in one of three plain ways, never guessed at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Why = Literal["negative", "not_whole", "not_number"]
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#D55E00", "#BBBBBB")
"""The colour-blind-safe palette, for options that have no colour of their own."""


@dataclass(frozen=True)
class Count:
    """A count read from a cell: ``value`` when usable; ``why`` and ``shown`` when not."""

    value: int | None
    why: Why | None = None
    shown: str = ""

    @property
    def blank(self) -> bool:
        """Nothing entered yet."""
        return self.value is None and self.why is None


def read_count(value: Any) -> Count:
    """A whole number of zero or more from a cell (int, integral float, or text with commas)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Count(None)
    if isinstance(value, bool):
        return Count(None, "not_number", str(value).lower())
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return Count(None, "not_number", value.strip()[:40])
        if number != number or number in (float("inf"), float("-inf")):
            return Count(None, "not_number", value.strip()[:40])
        value = number
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return Count(None, "not_number", str(value))
        if not value.is_integer():
            return Count(None, "not_whole", f"{value:,g}")
        value = int(value)
    if not isinstance(value, int):
        return Count(None, "not_number", str(value)[:40])
    if value < 0:
        return Count(None, "negative", f"{value:,}")
    return Count(value)


def read_amount(value: Any) -> tuple[float | None, Why | None, str]:
    """Money: a number of zero or more ("$240,000" and "240,000" read as 240000)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None, ""
    if isinstance(value, bool):
        return None, "not_number", str(value).lower()
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("$", "").strip()
        try:
            value = float(text)
        except ValueError:
            return None, "not_number", value.strip()[:40]
    if not isinstance(value, int | float) or value != value:
        return None, "not_number", str(value)[:40]
    if value < 0:
        return None, "negative", f"{value:,.0f}"
    return float(value), None, ""


def percent(share: float) -> str:
    """A share as a whole percent, halves rounded up (0.575 -> '58%')."""
    return f"{int(share * 100 + 0.5 + 1e-9)}%"


def number(n: float) -> str:
    """A count with thousands separators (1,120)."""
    return f"{n:,.0f}"


def upper_first(text: str) -> str:
    """'people at high risk' -> 'People at high risk'."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Housing' -> 'housing', but 'ID and benefits' stays as it is."""
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[:2].isupper() else text


def colour_for(given: str | None, index: int) -> str:
    """An option's own colour, or the palette's colour for its position."""
    return given or COLOURS[index % len(COLOURS)]


def join(words: Sequence[str], last: str) -> str:
    """'a', 'a and b', 'a, b and c' (``last`` is the catalog's word for 'and')."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"
