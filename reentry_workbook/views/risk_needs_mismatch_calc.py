"""People by risk level and need area against programme places: the pure computation.

No widgets, no page: the view passes the records of the tables its parameters name, the options
(order, short labels, phrases) and the catalog of words; the result is a dataclass the template
draws as a grid with sentences under it.

Conventions:
- one people record = how many people at one risk level have one need; a person with three
  needs is counted in three squares, so sums across need areas are *needs counted*, not people;
- one places record = places a year going to people at one risk level for one need; several
  records for the same square (several programmes) are added together;
- a count that cannot be used (below zero, not a whole number, square not chosen) is left out
  and said; figures that contradict each other are drawn but flagged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..messages import Catalog
from .counts import join, lower_first, number, percent, read_count, upper_first

Record = Mapping[str, Any]
Severity = Literal["error", "warning", "note"]
Source = Literal["people", "places", "headcount", "released"]
CellStatus = Literal["empty", "no_people", "none", "few", "part", "covered"]
FEW_BELOW = 0.5
"""Squares where places cover less than this share of the people are marked 'few places'."""
K = "views.risk_needs_mismatch."


@dataclass(frozen=True)
class Option:
    """A risk level or need area as the page words it."""

    value: str
    label: str
    phrase: str = ""
    unknown: bool = False  # a 'not assessed' option (knowledge gap)


@dataclass(frozen=True)
class Problem:
    """A plain message about the input. ``error``: left out; ``warning``: drawn but flagged;
    ``note``: nothing wrong, something is not there yet."""

    severity: Severity
    message: str
    source: Source
    record_id: str | None = None


@dataclass(frozen=True)
class Columns:
    """Which columns of a table hold the risk level, the need area and the count."""

    risk: str
    need: str
    count: str


NO_COLUMNS = Columns("", "", "")
"""For a table that is not given (no headcount list)."""


@dataclass(frozen=True)
class Cell:
    """One risk level x need area."""

    risk: str
    need: str
    people: int
    places: int
    flagged: bool = False

    @property
    def shortfall(self) -> int:
        """People beyond the places (0 when the places cover them)."""
        return max(self.people - self.places, 0)

    @property
    def surplus(self) -> int:
        """Places beyond the people counted here."""
        return max(self.places - self.people, 0)

    @property
    def status(self) -> CellStatus:
        """How far the places cover the people: the shade of the square."""
        if self.people == 0:
            return "no_people" if self.places else "empty"
        if self.places == 0:
            return "none"
        if self.places >= self.people:
            return "covered"
        return "few" if self.places / self.people < FEW_BELOW else "part"


@dataclass(frozen=True)
class RiskTotal:
    """One risk level across all need areas."""

    risk: str
    needs_counted: int
    places: int
    headcount: int | None = None


@dataclass(frozen=True)
class Misdirected:
    """A need area where places go to lower-risk people while priority people go without."""

    need: str
    low_places: int
    priority_shortfall: int


@dataclass(frozen=True)
class Mismatch:
    """Everything the template draws; ``computed`` is False when there is nothing to compare."""

    computed: bool
    risks: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    cells: tuple[Cell, ...] = ()
    by_risk: tuple[RiskTotal, ...] = ()
    total_needs_counted: int = 0
    total_places: int = 0
    priority_needs_share: float | None = None
    priority_places_share: float | None = None
    low_places: int = 0
    unassessed_places: int = 0
    unassessed_needs: int = 0
    shortfalls: tuple[Cell, ...] = ()
    misdirected: tuple[Misdirected, ...] = ()
    sentences: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    empty_text: str = ""

    def cell(self, risk: str, need: str) -> Cell | None:
        """The square for one risk level and need area, if drawn."""
        return next((c for c in self.cells if c.risk == risk and c.need == need), None)

    def by(self, severity: Severity) -> tuple[Problem, ...]:
        """The problems of one severity."""
        return tuple(p for p in self.problems if p.severity == severity)


@dataclass
class _Reader:
    tr: Catalog
    risks: Mapping[str, Option]
    needs: Mapping[str, Option]
    problems: list[Problem] = field(default_factory=list)

    def say(self, severity: Severity, source: Source, key: str, rid: Any = None, **v: Any) -> None:
        self.problems.append(
            Problem(severity, self.tr(K + key, **v), source, rid if isinstance(rid, str) else None)
        )

    def risk_label(self, value: str) -> str:
        found = self.risks.get(value)
        return found.label if found else value.replace("_", " ")

    def need_label(self, value: str) -> str:
        found = self.needs.get(value)
        return found.label if found else value.replace("_", " ")

    def phrase(self, value: str) -> str:
        found = self.risks.get(value)
        return found.phrase if found and found.phrase else self.risk_label(value)

    def name(self, rec: Record, cols: Columns) -> str:
        name = rec.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
        risk, need = rec.get(cols.risk), rec.get(cols.need)
        if risk and need:
            return f"{self.risk_label(str(risk))} · {self.need_label(str(need))}"
        return self.tr(K + "unnamed")

    def cells(
        self, rows: Sequence[Record], cols: Columns, source: Source
    ) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], list[int]]]:
        sums: dict[tuple[str, str], int] = {}
        parts: dict[tuple[str, str], list[int]] = {}
        where = self.tr(f"{K}source.{source}")
        noun = self.tr(f"{K}noun.{source}")
        for rec in rows:
            rid, label = rec.get("_id"), self.name(rec, cols)
            risk, need = rec.get(cols.risk), rec.get(cols.need)
            if not risk or not need:
                self.say("error", source, "missing_cell", rid, where=where, label=label)
                continue
            if risk not in self.risks or need not in self.needs:
                bad = risk if risk not in self.risks else need
                self.say(
                    "error", source, "unknown_option", rid, where=where, label=label, value=bad
                )
                continue
            count = read_count(rec.get(cols.count))
            if count.why:
                why = self.tr(f"{K}why.{count.why}", shown=count.shown)
                self.say(
                    "error", source, "bad_count", rid, where=where, noun=noun, label=label, why=why
                )
                continue
            if count.value is None:
                self.say("note", source, "blank_count", rid, where=where, noun=noun, label=label)
                continue
            key = (str(risk), str(need))
            sums[key] = sums.get(key, 0) + count.value
            parts.setdefault(key, []).append(count.value)
        return sums, parts


def risk_needs_mismatch(
    people_rows: Sequence[Record],
    places_rows: Sequence[Record],
    *,
    tr: Catalog,
    risks: Sequence[Option],
    needs: Sequence[Option],
    people_cols: Columns,
    places_cols: Columns,
    headcount_rows: Sequence[Record] | None = None,
    headcount_cols: Columns = NO_COLUMNS,
    released_per_year: Any = None,
    priority: Sequence[str],
    low: Sequence[str],
    limit: int = 3,
) -> Mismatch:
    """Compare people by risk x need with programme places by risk x need.

    ``risks`` and ``needs`` are the options in the page's order (labels: the short forms for the
    grid; ``phrase``: how a risk level reads in a sentence, e.g. "people at high risk"); risk
    options marked ``unknown`` are the 'not assessed' levels.
    """
    and_ = tr("words.and")
    r = _Reader(tr, {o.value: o for o in risks}, {o.value: o for o in needs})
    risk_order = [o.value for o in risks]
    need_order = [o.value for o in needs]
    unknown = [o.value for o in risks if o.unknown]

    people, people_parts = r.cells(people_rows, people_cols, "people")
    for (risk, need), numbers in people_parts.items():
        if len(numbers) > 1:
            r.say(
                "warning",
                "people",
                "doubled",
                n=len(numbers),
                cell=f"{r.risk_label(risk)} · {r.need_label(need)}",
                sum=" + ".join(number(x) for x in numbers) + f" = {number(sum(numbers))}",
            )
    places, _ = r.cells(places_rows, places_cols, "places")

    headcount: dict[str, int] = {}
    for rec in headcount_rows or ():
        level = rec.get(headcount_cols.risk)
        if not level or level not in r.risks:
            label = r.risk_label(str(level)) if level else tr(K + "no_level")
            r.say("error", "headcount", "headcount_no_level", rec.get("_id"), label=label)
            continue
        count = read_count(rec.get(headcount_cols.count))
        if count.why:
            why = tr(f"{K}why.{count.why}", shown=count.shown)
            r.say(
                "error",
                "headcount",
                "headcount_bad",
                rec.get("_id"),
                label=r.risk_label(level),
                why=why,
            )
            continue
        if count.value is not None:
            headcount[level] = headcount.get(level, 0) + count.value
    released = read_count(released_per_year)
    if released.why:
        why = tr(f"{K}why.{released.why}", shown=released.shown)
        r.say("error", "released", "released_bad", why=why)

    if not people:
        if places:
            r.say("error", "people", "places_first")
        return Mismatch(computed=False, problems=tuple(r.problems), empty_text=tr(K + "empty"))

    # figures that contradict each other: drawn, but flagged
    flagged: set[tuple[str, str]] = set()
    for (risk, need), n in people.items():
        if risk in headcount and n > headcount[risk]:
            flagged.add((risk, need))
            r.say(
                "warning",
                "people",
                "above_headcount",
                n=number(n),
                phrase=r.phrase(risk),
                need=lower_first(r.need_label(need)),
                headcount=number(headcount[risk]),
            )
    if released.value is not None:
        if headcount and sum(headcount.values()) > released.value:
            r.say(
                "warning",
                "headcount",
                "headcount_above_released",
                n=number(sum(headcount.values())),
                released=number(released.value),
            )
        if released.value == 0:
            r.say("warning", "released", "released_zero")
        else:
            for need in need_order:
                in_need = sum(n for (_, nd), n in people.items() if nd == need)
                if in_need > released.value:
                    flagged.update(k for k in people if k[1] == need)
                    r.say(
                        "warning",
                        "people",
                        "need_above_released",
                        n=number(in_need),
                        need=lower_first(r.need_label(need)),
                        released=number(released.value),
                    )

    # the grid: every level that is not 'not assessed', plus those with a figure
    keys = (*people, *places)
    needs_present = [n for n in need_order if any(k[1] == n for k in keys)]
    risks_present = [x for x in risk_order if x not in unknown or any(k[0] == x for k in keys)]
    cells: list[Cell] = []
    for risk in risks_present:
        for need in needs_present:
            key = (risk, need)
            cell = Cell(risk, need, people.get(key, 0), places.get(key, 0), key in flagged)
            cells.append(cell)
            if cell.status == "no_people":
                r.say(
                    "warning",
                    "places",
                    "no_people_cell",
                    places=number(cell.places),
                    phrase=r.phrase(risk),
                    need=lower_first(r.need_label(need)),
                )

    by_risk = tuple(
        RiskTotal(
            risk,
            sum(c.people for c in cells if c.risk == risk),
            sum(c.places for c in cells if c.risk == risk),
            headcount.get(risk),
        )
        for risk in risks_present
    )
    total_needs = sum(t.needs_counted for t in by_risk)
    total_places = sum(t.places for t in by_risk)
    pri = [c for c in cells if c.risk in priority]
    pri_needs = sum(c.people for c in pri)
    pri_places = sum(c.places for c in pri)
    low_places = sum(c.places for c in cells if c.risk in low)
    un_places = sum(c.places for c in cells if c.risk in unknown)
    un_needs = sum(c.people for c in cells if c.risk in unknown)
    needs_share = pri_needs / total_needs if total_needs else None
    places_share = pri_places / total_places if total_places else None

    order = {n: i for i, n in enumerate(need_order)}
    shortfalls = sorted(
        (c for c in pri if c.shortfall > 0),
        key=lambda c: (-c.shortfall, -c.people, risk_order.index(c.risk), order[c.need]),
    )[: max(limit, 0)]
    misdirected = []
    for need in needs_present:
        low_here = sum(c.places for c in cells if c.need == need and c.risk in low)
        short = sum(c.shortfall for c in pri if c.need == need)
        if low_here > 0 and short > 0:
            misdirected.append(Misdirected(need, low_here, short))
    misdirected.sort(key=lambda m: (-m.low_places, -m.priority_shortfall, order[m.need]))
    del misdirected[max(limit, 0) :]

    # sentences
    pri_phrase = join([r.phrase(x) for x in priority], and_)
    low_phrase = join([r.phrase(x) for x in low], and_)
    un_phrase = join([r.phrase(x) for x in unknown], and_)
    lines: list[str] = []
    if pri_needs:
        lines.append(
            tr(
                K + "s_coverage",
                who=upper_first(pri_phrase),
                needs=number(pri_needs),
                places=number(pri_places),
                pct=percent(pri_places / pri_needs),
            )
        )
    if needs_share is not None and places_share is not None:
        share = "s_share_less" if places_share < needs_share else "s_share_more"
        lines.append(
            tr(
                K + share,
                who=upper_first(pri_phrase),
                needs_pct=percent(needs_share),
                places_pct=percent(places_share),
            )
        )
    if total_places and low_places:
        lines.append(
            tr(
                K + "s_low",
                who=upper_first(low_phrase),
                places=number(low_places),
                pct=percent(low_places / total_places),
            )
        )
    if shortfalls:
        several = len(priority) > 1
        parts = [
            tr(
                K + ("gap_item_level" if several else "gap_item"),
                need=lower_first(r.need_label(c.need)),
                level=lower_first(r.risk_label(c.risk)),
                people=number(c.people),
                places=number(c.places),
            )
            for c in shortfalls
        ]
        lines.append(tr(K + "s_gaps", who=pri_phrase, gaps=", ".join(parts)))
    for m in misdirected:
        lines.append(
            tr(
                K + "s_misdirected",
                need=upper_first(r.need_label(m.need)),
                low=number(m.low_places),
                low_who=low_phrase,
                short=number(m.priority_shortfall),
                who=pri_phrase,
            )
        )
    if un_places:
        lines.append(
            tr(
                K + "s_unassessed_places",
                places=number(un_places),
                who=un_phrase,
                pct=percent(un_places / total_places),
            )
        )
    if un_needs:
        lines.append(tr(K + "s_unassessed_needs", needs=number(un_needs), who=un_phrase))

    return Mismatch(
        computed=True,
        risks=tuple(risks_present),
        needs=tuple(needs_present),
        cells=tuple(cells),
        by_risk=by_risk,
        total_needs_counted=total_needs,
        total_places=total_places,
        priority_needs_share=needs_share,
        priority_places_share=places_share,
        low_places=low_places,
        unassessed_places=un_places,
        unassessed_needs=un_needs,
        shortfalls=tuple(shortfalls),
        misdirected=tuple(misdirected),
        sentences=tuple(lines),
        problems=tuple(r.problems),
    )
