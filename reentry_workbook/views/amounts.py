"""Reading amounts, counts and dates that people typed (or imported), with plain messages.

Shared by the Part 2 resource views. Nothing here raises on bad input: a value that cannot be
used comes back as ``None`` with a message in words, so a view can leave that one figure out,
say why, and still compute the rest. Words come from the catalog (``views.amounts.*``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..messages import Catalog, catalog

Tr = Catalog
_STRIP = str.maketrans("", "", "$, \u00a0")


@dataclass(frozen=True)
class Read:
    """A value read from a cell: the number (or date), or None with the reason in words."""

    value: Any
    message: str | None = None


def english() -> Tr:
    """The English catalog, for the pure computations when no page is at hand (tests)."""
    return catalog()


def read_amount(raw: Any, what: str, tr: Tr, *, whole: bool = False) -> Read:
    """Read a money amount or a count. Blank is not an error (``Read(None)``).

    ``what`` names the figure inside the message, e.g. "The amount for “Bridge House”".
    Negative numbers, text that is not a number, true/false, NaN and infinity are refused with a
    message; ``whole=True`` also refuses fractions (head counts, places). "$12,500" reads as 12500.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Read(None)
    shown = str(raw).strip()[:40]
    if isinstance(raw, bool):
        return Read(None, tr("views.amounts.not_a_number", what=what, value=shown))
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        try:
            number = float(raw.translate(_STRIP))
        except ValueError:
            return Read(None, tr("views.amounts.not_a_number", what=what, value=shown))
    else:
        return Read(None, tr("views.amounts.not_a_number", what=what, value=shown[:20]))
    if math.isnan(number) or math.isinf(number):
        return Read(None, tr("views.amounts.not_a_number", what=what, value=shown))
    if number < 0:
        return Read(None, tr("views.amounts.negative", what=what, value=plain(number)))
    if whole:
        if number != int(number):
            return Read(None, tr("views.amounts.not_whole", what=what, value=plain(number)))
        return Read(int(number))
    return Read(number)


def read_date(raw: Any, what: str, tr: Tr) -> Read:
    """Read a date (``date``, ``datetime`` or "YYYY-MM-DD"). Blank is not an error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Read(None)
    if isinstance(raw, datetime):
        return Read(raw.date())
    if isinstance(raw, date):
        return Read(raw)
    if isinstance(raw, str):
        try:
            return Read(date.fromisoformat(raw.strip()))
        except ValueError:
            pass
    return Read(None, tr("views.amounts.not_a_date", what=what, value=str(raw).strip()[:40]))


def plain(number: float) -> str:
    """1234 -> "1,234"; 2.5 -> "2.5"."""
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def money(value: float, tr: Tr) -> str:
    """ "$1,234" (whole dollars; cents only when the amount has them)."""
    return tr("views.amounts.money", amount=plain(round(value, 2)))


def percent(part: float, whole: float) -> int:
    """A share in whole percent, halves rounded up (0 when ``whole`` is 0)."""
    if not whole:
        return 0
    return math.floor(100 * part / whole + 0.5)


def quoted(name: str, tr: Tr) -> str:
    """A name as it appears inside a sentence: “Bridge House”."""
    return tr("views.amounts.quoted", name=name)


def names(items: list[str], tr: Tr) -> str:
    """“A”, “A” and “B”, “A”, “B” and “C”."""
    q = [quoted(n, tr) for n in items]
    if len(q) <= 1:
        return "".join(q)
    return tr("views.amounts.list", first=", ".join(q[:-1]), last=q[-1])


@dataclass(frozen=True)
class Said:
    """A plain message about bad or missing input: ``about`` names the view parameter (a list)
    the input belongs to, so the page can show it beside that question too."""

    about: str
    text: str


def beside(said: list[Said], where: dict[str, str | None]) -> dict[str, list[str]]:
    """Messages by item id of this page (``where`` maps each ``about`` to an item id, or None
    when that list lives on another page)."""
    out: dict[str, list[str]] = {}
    for s in said:
        item = where.get(s.about)
        if item:
            out.setdefault(item, []).append(s.text)
    return out


def points_at(column: Any, table: str, page: str | None = None) -> bool:
    """Whether a ref column picks from ``table`` (of this page, or of ``page``)."""
    from ..model import RefColumn

    if not isinstance(column, RefColumn):
        return False
    return any(t.table == table and t.page in (None, page) for t in column.targets())
