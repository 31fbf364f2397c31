"""A list as a status board, in plain data: one column per status option (in the options'
order), a card per record with its owner and due date, what is overdue (most days late first),
what each owner carries, and optional amounts per status (e.g. a funding pipeline by stage)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .plan_calc import BadValue, Words, quoted, read_amount, read_date, ref_ids


@dataclass(frozen=True)
class StatusOption:
    """An option of the status column."""

    value: str
    label: str
    colour: str | None = None


@dataclass
class Card:
    """One record on the board."""

    id: str
    label: str
    owners: list[str]
    due: dt.date | None
    status: str
    days_late: int = 0
    amount: float | None = None


@dataclass
class Column:
    """One status with its cards."""

    value: str
    label: str
    colour: str | None
    done: bool
    cards: list[Card] = field(default_factory=list)
    amount: float = 0.0


@dataclass
class Load:
    """What one owner carries: open cards, of them overdue, and done ones."""

    owner: str
    open: int = 0
    overdue: int = 0
    done: int = 0


@dataclass
class Board:
    """The board, the overdue cards, each owner's load and plain messages about bad cells."""

    columns: list[Column]
    overdue: list[Card]
    loads: list[Load]
    problems: list[str]

    @property
    def total(self) -> int:
        """Cards on the board."""
        return sum(len(c.cards) for c in self.columns)


def compute(
    records: Sequence[Mapping[str, Any]],
    tr: Words,
    *,
    status: str,
    label: str,
    options: Sequence[StatusOption],
    today: dt.date,
    owner: str | None = None,
    owner_labels: Mapping[str, str] | None = None,
    due: str | None = None,
    done_values: Sequence[str],
    amount: str | None = None,
) -> Board:
    """Place each record under its status. ``owner_labels`` (id -> name) when the owner column
    picks records (an id not in it was removed from its list); None when it holds text.
    Overdue: due before ``today`` and the status not among ``done_values``."""
    no_owner = tr("views.status_board.no_owner")
    removed = tr("answers.removed_record")
    columns = {"": Column("", tr("views.status_board.no_status"), "#BBBBBB", False)}
    for opt in options:
        columns[opt.value] = Column(opt.value, opt.label, opt.colour, opt.value in done_values)
    loads: dict[str, Load] = {}
    problems: list[str] = []
    overdue: list[Card] = []
    for i, rec in enumerate(records, start=1):
        name = str(rec.get(label) or "").strip() or tr("views.status_board.unnamed", n=i)
        value = str(rec.get(status) or "")
        if value not in columns:
            columns[value] = Column(value, tr("views.status_board.other", value=value), None, False)
            problems.append(tr("views.status_board.bad_status", what=quoted(name), value=value))
        col = columns[value]
        owners: list[str] = []
        if owner and owner_labels is None:
            text = str(rec.get(owner) or "").strip()
            owners = [text] if text else []
        elif owner and owner_labels is not None:
            for oid in ref_ids(rec.get(owner)):
                if oid in owner_labels:
                    owners.append(owner_labels[oid])
                else:
                    owners.append(removed)
                    problems.append(tr("views.status_board.owner_removed", what=quoted(name)))
        when = None
        if due:
            try:
                when = read_date(rec.get(due))
            except BadValue as exc:
                problems.append(
                    tr("views.status_board.bad_date", what=quoted(name), value=quoted(str(exc)))
                )
        money = None
        if amount:
            try:
                money = read_amount(rec.get(amount))
            except BadValue:
                problems.append(
                    tr("views.status_board.bad_amount", what=quoted(name), value=rec.get(amount))
                )
        card = Card(str(rec.get("_id") or i), name, owners, when, value, 0, money)
        if when is not None and not col.done and when < today:
            card.days_late = (today - when).days
            overdue.append(card)
        col.cards.append(card)
        col.amount += money or 0.0
        if owner:
            for who in owners or [no_owner]:
                load = loads.setdefault(who, Load(who))
                if col.done:
                    load.done += 1
                else:
                    load.open += 1
                    load.overdue += card.days_late > 0
    for col in columns.values():
        col.cards.sort(key=lambda c: (-c.days_late, c.due is None, c.due or dt.date.max))
    overdue.sort(key=lambda c: -c.days_late)
    first = {who: n for n, who in enumerate(loads)}
    ranked = sorted(
        loads.values(), key=lambda x: (x.owner == no_owner, -x.overdue, -x.open, first[x.owner])
    )
    # the "no status" column, and finished statuses, only when they hold cards
    shown = [c for c in columns.values() if c.cards or (c.value != "" and not c.done)]
    return Board(shown, overdue, ranked, problems)
