"""Pure helpers shared by the plan views (strategic_plan, status_board, cross_grid,
impact_projection): reading dates, ref ids and amounts from records, and dates as words.

No page context, no HTML: plain data in, plain data out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any, Protocol

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Words(Protocol):
    """The message catalog as the computations use it (``messages.Catalog``)."""

    def __call__(self, key: str, /, **values: Any) -> str: ...  # noqa: D102

    def plural(self, key: str, n: int, /, **values: Any) -> str: ...  # noqa: D102


class BadValue(ValueError):
    """A cell holds something that cannot be read as the kind it should be."""


def read_date(value: Any) -> dt.date | None:
    """A date cell: None when empty, BadValue when it is not a calendar date (YYYY-MM-DD)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise BadValue(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue(text) from None


def nice_date(day: dt.date | None) -> str:
    """'15 Dec 2026' (the same in every locale); '' for none."""
    return "" if day is None else f"{day.day} {day:%b %Y}"


def ref_ids(value: Any) -> list[str]:
    """The record ids a ref cell holds (one or several), in order, without blanks or repeats."""
    if value is None:
        return []
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        text = "" if item is None else str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def read_amount(value: Any) -> float | None:
    """A number cell: None when empty; BadValue when it is not a finite number of at least 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise BadValue(str(value))
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).replace(",", "").replace("$", "").strip())
        except ValueError:
            raise BadValue(str(value)) from None
    if math.isnan(number) or math.isinf(number) or number < 0:
        raise BadValue(str(value))
    return number


def quoted(text: str) -> str:
    """A name inside a sentence: “name” (plain text; the template escapes it)."""
    return f"“{text}”"


def join_names(names: list[str], and_word: str) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {and_word} " + names[-1]
