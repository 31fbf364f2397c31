"""Places (and money) a year in a list of options against the people who need them: the pure
computation of ``capacity_against_need``.

No widgets, no page: the view passes the records of the need table (usually the population
entered once on "Focus resources": one count per risk level and need area) and of the capacity
table (housing options, pathways, programmes), the options' order and words, and the catalog.

Conventions:
- need of an area = the sum of the need records of that area (one record per risk level, so the
  sum counts people); no usable record for an area means the need is *unknown*, not zero;
- a capacity record counts for the need areas in its ``area`` column, or, without that column,
  for the one area compared; with ``open_if`` only the places of open records count against the
  need, those closed or not known yet are counted apart;
- with ``levels`` both sides keep only those risk levels: need records of other levels are left
  out, and a capacity record that lists risk levels but none of them is counted apart
  ("outside"); one that lists none is taken to serve everyone;
- a figure that cannot be used (below zero, not a whole number) is left out and said.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..messages import Catalog
from .counts import join, lower_first, number, percent, read_amount, read_count, upper_first

Record = Mapping[str, Any]
Severity = Literal["error", "warning", "note"]
Status = Literal["none", "short", "covered", "places_unknown", "no_need", "need_unknown"]
NOT_CHOSEN = ""
"""Key of the segment (or row) for records whose category (or area) is not chosen."""
K = "views.capacity_against_need."


@dataclass(frozen=True)
class Option:
    """An option as the page words it (short label for bars; phrase for sentences)."""

    value: str
    label: str
    colour: str | None = None
    phrase: str = ""


@dataclass(frozen=True)
class Filter:
    """Records whose ``column`` holds one of ``values``."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class NeedSide:
    """The columns of the need table, and where it is entered."""

    area: str
    count: str
    by: str | None
    by_options: tuple[Option, ...] = ()
    page_title: str = ""  # the page the figures are entered on ("" = this page)


@dataclass(frozen=True)
class CapacitySide:
    """The columns of the capacity table and how its records are sorted."""

    places: str
    amount: str | None = None
    area: str | None = None
    by: str | None = None
    by_options: tuple[Option, ...] = ()
    risk: str | None = None
    where: Filter | None = None
    open_if: Filter | None = None
    open_unknown: tuple[str, ...] = ()  # the open_if column's 'we do not know' options
    highlight: Filter | None = None
    noun: str = "option"
    noun_plural: str = "options"


@dataclass(frozen=True)
class Wording:
    """Phrases the page author may set (blank: the catalog's defaults)."""

    need_phrase: str = ""  # completes "400 people ...", e.g. "need housing"
    open_phrase: str = ""
    closed_phrase: str = ""
    highlight_phrase: str = ""
    money: Callable[[float], str] = field(default=lambda v: f"${v:,.0f}")


@dataclass(frozen=True)
class Part:
    """One segment of a bar: an option value (``""`` = not chosen), its words, its number."""

    value: str
    label: str
    amount: int
    colour: str | None = None


@dataclass(frozen=True)
class AreaRow:
    """One need area: the need, the places, the money, and how they compare."""

    area: str
    label: str
    need: int | None  # None: no figure for this need yet
    need_parts: tuple[Part, ...]
    open: int
    open_parts: tuple[Part, ...]
    closed: int
    unknown: int
    highlight: int | None
    options: int  # records counted here (with or without a number of places)
    without_places: int  # of those, how many have no number of places yet
    amount: float
    status: Status
    need_share: float | None = None
    money_share: float | None = None

    @property
    def gap(self) -> int | None:
        """People beyond the open places (0 when covered); None without a need figure."""
        return None if self.need is None else max(self.need - self.open, 0)

    @property
    def coverage(self) -> float | None:
        """Open places per person in need; None when the need is unknown or zero."""
        return self.open / self.need if self.need else None


@dataclass(frozen=True)
class Problem:
    """A plain message: ``error`` left out, ``warning`` drawn but to check, ``note`` not yet."""

    severity: Severity
    message: str
    source: Literal["need", "capacity", "released"]
    record_id: str | None = None


@dataclass(frozen=True)
class Comparison:
    """Everything the template draws; ``computed`` is False when there is nothing to compare."""

    computed: bool
    single: bool = True
    rows: tuple[AreaRow, ...] = ()
    outside_options: int = 0
    outside_places: int = 0
    outside_amount: float = 0.0
    total_need: int = 0
    total_amount: float = 0.0
    released: int | None = None
    sentences: tuple[str, ...] = ()
    money_sentences: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    empty_text: str = ""

    def by(self, severity: Severity) -> tuple[Problem, ...]:
        """The problems of one severity."""
        return tuple(p for p in self.problems if p.severity == severity)


def _values(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


@dataclass
class _Area:
    need: dict[str, int] = field(default_factory=dict)
    open: dict[str, int] = field(default_factory=dict)
    closed: int = 0
    unknown: int = 0
    highlight: int = 0
    options: int = 0
    without: int = 0
    amount: float = 0.0


def capacity_against_need(
    need_rows: Sequence[Record],
    capacity_rows: Sequence[Record],
    *,
    tr: Catalog,
    areas: Sequence[Option],
    need: NeedSide,
    capacity: CapacitySide,
    levels: Sequence[str] = (),
    released_per_year: Any = None,
    wording: Wording = Wording(),
) -> Comparison:
    """Compare the places (and money) of a list of options with the people who need them, for
    one need area (two bars) or several (one row each)."""
    problems: list[Problem] = []

    def say(severity: Severity, source: Any, key: str, rid: Any = None, **v: Any) -> None:
        problems.append(
            Problem(severity, tr(K + key, **v), source, rid if isinstance(rid, str) else None)
        )

    def note(message: str) -> None:
        problems.append(Problem("note", message, "capacity"))

    single = len(areas) == 1
    nouns = {"noun": capacity.noun, "nouns": capacity.noun_plural}
    labels = {a.value: a.label for a in areas}
    by_labels = {o.value: o.label for o in need.by_options}
    and_, or_ = tr("words.and"), tr(K + "or")
    where_need = need.page_title or tr(K + "this_page")
    acc: dict[str, _Area] = {a.value: _Area() for a in areas}
    if not single:
        acc[NOT_CHOSEN] = _Area()

    # ----- need
    seen: dict[tuple[str, str], list[int]] = {}
    for rec in need_rows:
        area = rec.get(need.area)
        if area not in labels:
            continue
        level = str(rec.get(need.by) or NOT_CHOSEN) if need.by else NOT_CHOSEN
        if levels and level not in levels:
            continue
        count = read_count(rec.get(need.count))
        if count.why:
            say(
                "error",
                "need",
                "need_bad",
                rec.get("_id"),
                page=where_need,
                what=f"{by_labels.get(level, level) or tr(K + 'no_level')}, {labels[area]}",
                why=tr(f"{K}why.{count.why}", shown=count.shown),
            )
            continue
        if count.value is None:
            continue
        seen.setdefault((level, area), []).append(count.value)
        mine = acc[area].need
        mine[level] = mine.get(level, 0) + count.value
    for (level, area), numbers in seen.items():
        if len(numbers) > 1:
            say(
                "warning",
                "need",
                "need_doubled",
                page=where_need,
                what=f"{by_labels.get(level, level) or tr(K + 'no_level')}, {labels[area]}",
                sum=" + ".join(number(x) for x in numbers) + f" = {number(sum(numbers))}",
            )

    released = read_count(released_per_year)
    if released.why:
        say(
            "error",
            "released",
            "released_bad",
            page=where_need,
            why=tr(f"{K}why.{released.why}", shown=released.shown),
        )

    # ----- capacity
    outside = outside_places = 0
    outside_amount = 0.0
    everyone = twice = no_area = 0
    for rec in capacity_rows:
        if capacity.where is not None and not set(_values(rec.get(capacity.where.column))) & set(
            capacity.where.values
        ):
            continue
        name = rec.get("name")
        name = (
            name.strip()
            if isinstance(name, str) and name.strip()
            else tr(K + "unnamed", noun=capacity.noun)
        )
        places = read_count(rec.get(capacity.places))
        if places.why:
            say(
                "error",
                "capacity",
                "places_bad",
                rec.get("_id"),
                name=name,
                why=tr(f"{K}why.{places.why}", shown=places.shown),
                noun=capacity.noun,
            )
            continue
        money = 0.0
        if capacity.amount:
            value, why, shown = read_amount(rec.get(capacity.amount))
            if why:
                say(
                    "error",
                    "capacity",
                    "amount_bad",
                    rec.get("_id"),
                    name=name,
                    why=tr(f"{K}why.{why}", shown=shown),
                )
            money = value or 0.0
        if capacity.area:
            given = _values(rec.get(capacity.area))
            if not given:
                no_area += 1
                if single:
                    continue
                chosen = [NOT_CHOSEN]
            else:
                chosen = [a for a in given if a in labels]
                if not chosen:
                    continue
                if len(chosen) > 1:
                    twice += 1
        else:
            chosen = [areas[0].value] if areas else []
        if levels and capacity.risk:
            served = _values(rec.get(capacity.risk))
            if not served:
                everyone += 1
            elif not set(served) & set(levels):
                outside += 1
                outside_places += places.value or 0
                outside_amount += money
                continue
        for area in chosen:
            a = acc[area]
            a.options += 1
            a.amount += money
            if places.value is None:
                a.without += 1
                continue
            n = places.value
            if capacity.open_if is not None:
                said = _values(rec.get(capacity.open_if.column))
                if not said or set(said) <= set(capacity.open_unknown):
                    a.unknown += n
                    continue
                if not set(said) & set(capacity.open_if.values):
                    a.closed += n
                    continue
            group = NOT_CHOSEN
            if capacity.by:
                vals = _values(rec.get(capacity.by))
                group = vals[0] if vals else NOT_CHOSEN
            a.open[group] = a.open.get(group, 0) + n
            if capacity.highlight is not None and set(
                _values(rec.get(capacity.highlight.column))
            ) & set(capacity.highlight.values):
                a.highlight += n

    without = sum(a.without for a in acc.values())
    if without:
        note(tr.plural(K + "without_places", without, **nouns))
    if everyone:
        note(tr.plural(K + "serves_everyone", everyone, **nouns))
    if twice:
        note(tr.plural(K + "counted_twice", twice, **nouns))
    if no_area:
        note(tr.plural(K + ("no_area_one" if single else "no_area_many"), no_area, **nouns))

    any_need = any(a.need for a in acc.values())
    any_capacity = any(a.options for a in acc.values()) or outside
    need_phrase = wording.need_phrase or (
        tr(K + "need_phrase_default", area=lower_first(areas[0].label)) if single else ""
    )
    if not any_need and not any_capacity:
        key = "empty_one" if single else "empty_many"
        return Comparison(
            computed=False,
            single=single,
            problems=tuple(problems),
            empty_text=tr(K + key, nouns=capacity.noun_plural, page=where_need, need=need_phrase),
        )
    if not any_need:
        key = "no_need_one" if single else "no_need_many"
        say("note", "need", key, page=where_need, need=need_phrase)

    # ----- rows
    def parts(sums: Mapping[str, int], options: Sequence[Option], blank: str) -> tuple[Part, ...]:
        order = [o.value for o in options]
        known = {o.value: o for o in options}
        keys = [k for k in order if k in sums] + sorted(k for k in sums if k not in known and k)
        if NOT_CHOSEN in sums:
            keys.append(NOT_CHOSEN)
        return tuple(
            Part(
                k,
                known[k].label if k in known else (k.replace("_", " ") if k else blank),
                sums[k],
                known[k].colour if k in known else None,
            )
            for k in keys
        )

    rows: list[AreaRow] = []
    listed = [*areas, *([] if single else [Option(NOT_CHOSEN, tr(K + "area_not_set"))])]
    for area in listed:
        a = acc[area.value]
        need_total = sum(a.need.values()) if a.need else None
        open_total = sum(a.open.values())
        if not single and need_total is None and not a.options:
            continue
        if need_total is None:
            status: Status = "need_unknown"
        elif need_total == 0 and a.options:
            status = "no_need"
        elif need_total and not a.options:
            status = "none"
        elif a.options and a.without == a.options:
            status = "places_unknown"
        elif open_total < need_total:
            status = "short"
        else:
            status = "covered"
        rows.append(
            AreaRow(
                area=area.value,
                label=area.label,
                need=need_total,
                need_parts=parts(a.need, need.by_options, tr(K + "no_level")),
                open=open_total,
                open_parts=parts(a.open, capacity.by_options, tr(K + "no_type")),
                closed=a.closed,
                unknown=a.unknown,
                highlight=a.highlight if capacity.highlight is not None else None,
                options=a.options,
                without_places=a.without,
                amount=a.amount,
                status=status,
            )
        )
    total_need = sum(r.need or 0 for r in rows)
    total_amount = sum(r.amount for r in rows)
    rows = [
        AreaRow(
            **{
                **r.__dict__,
                "need_share": (r.need or 0) / total_need if total_need else None,
                "money_share": r.amount / total_amount if total_amount else None,
            }
        )
        for r in rows
    ]

    if released.value is not None:
        for r in rows:
            if r.need is not None and r.need > released.value:
                say(
                    "warning",
                    "need",
                    "need_above_released",
                    n=number(r.need),
                    area=lower_first(r.label),
                    released=number(released.value),
                    page=where_need,
                )

    levels_words = join([lower_first(by_labels.get(x, x.replace("_", " "))) for x in levels], or_)
    open_phrase = wording.open_phrase or tr(K + "open_phrase")
    closed_phrase = wording.closed_phrase or tr(K + "closed_phrase")
    lines: list[str] = []
    if single:
        lines += _single_lines(
            tr,
            rows[0],
            capacity,
            wording,
            need_phrase,
            where_need,
            levels_words,
            open_phrase,
            closed_phrase,
        )
        if rows[0].need == 0 and rows[0].open + rows[0].closed + rows[0].unknown > 0:
            say(
                "warning",
                "need",
                "places_no_people",
                n=number(rows[0].open + rows[0].closed + rows[0].unknown),
                page=where_need,
                need=need_phrase,
            )
    else:
        lines += _many_lines(tr, rows, capacity, wording, levels_words, and_)
    if outside:
        key = "outside_money" if capacity.amount and outside_amount else "outside"
        lines.append(
            tr.plural(
                K + key,
                outside,
                noun=capacity.noun,
                nouns=capacity.noun_plural,
                places=number(outside_places),
                money=wording.money(outside_amount),
                levels=levels_words,
            )
        )
    money_lines: list[str] = []
    if capacity.amount and total_amount and total_need and not single:
        apart = [
            r for r in rows if r.area and r.need_share is not None and r.money_share is not None
        ]
        apart.sort(key=lambda r: -abs((r.money_share or 0) - (r.need_share or 0)))
        for r in apart[:3]:
            if abs((r.money_share or 0) - (r.need_share or 0)) >= 0.05:
                money_lines.append(
                    tr(
                        K + "s_money_share",
                        area=upper_first(r.label),
                        money_pct=percent(r.money_share or 0),
                        need_pct=percent(r.need_share or 0),
                    )
                )

    return Comparison(
        computed=True,
        single=single,
        rows=tuple(rows),
        outside_options=outside,
        outside_places=outside_places,
        outside_amount=outside_amount,
        total_need=total_need,
        total_amount=total_amount,
        released=released.value,
        sentences=tuple(lines),
        money_sentences=tuple(money_lines),
        problems=tuple(problems),
    )


def _single_lines(
    tr: Catalog,
    row: AreaRow,
    capacity: CapacitySide,
    wording: Wording,
    need_phrase: str,
    page: str,
    levels_words: str,
    open_phrase: str,
    closed_phrase: str,
) -> list[str]:
    lines: list[str] = []
    if row.need is not None:
        key = "s_need_levels" if levels_words else "s_need"
        lines.append(
            tr(K + key, n=number(row.need), need=need_phrase, page=page, levels=levels_words)
        )
    nouns = capacity.noun_plural
    with_open = f" {open_phrase}" if capacity.open_if is not None else ""
    if row.need:
        if row.open >= row.need:
            lines.append(
                tr(
                    K + "s_enough",
                    nouns=upper_first(nouns),
                    open=with_open,
                    places=number(row.open),
                    pct=percent(row.open / row.need),
                )
            )
        else:
            lines.append(
                tr(
                    K + "s_short",
                    nouns=upper_first(nouns),
                    open=with_open,
                    places=number(row.open),
                    pct=percent(row.open / row.need),
                    gap=number(row.need - row.open),
                )
            )
    elif row.options:
        lines.append(
            tr(K + "s_places", nouns=upper_first(nouns), open=with_open, places=number(row.open))
        )
    if capacity.open_if is not None and (row.closed or row.unknown):
        bits = []
        if row.closed:
            bits.append(tr(K + "s_closed", n=number(row.closed), closed=closed_phrase))
        if row.unknown:
            bits.append(tr(K + "s_unknown", n=number(row.unknown), open=open_phrase))
        lines.append(upper_first("; ".join(bits)) + ".")
    if row.highlight is not None and wording.highlight_phrase and row.open:
        lines.append(
            tr(
                K + "s_highlight",
                n=number(row.highlight),
                pct=percent(row.highlight / row.open),
                phrase=wording.highlight_phrase,
            )
        )
    if capacity.amount and row.amount:
        lines.append(tr(K + "s_money", money=wording.money(row.amount), nouns=nouns))
    return lines


def _many_lines(
    tr: Catalog,
    rows: Sequence[AreaRow],
    capacity: CapacitySide,
    wording: Wording,
    levels_words: str,
    and_: str,
) -> list[str]:
    lines: list[str] = []
    for r in sorted((r for r in rows if r.status == "none"), key=lambda r: -(r.need or 0)):
        lines.append(
            tr(K + "m_none", area=upper_first(r.label), n=number(r.need or 0), noun=capacity.noun)
        )
    for r in sorted((r for r in rows if r.status == "short"), key=lambda r: -(r.gap or 0)):
        money = (
            tr(K + "m_money", money=wording.money(r.amount)) if capacity.amount and r.amount else ""
        )
        lines.append(
            tr(
                K + "m_short",
                area=upper_first(r.label),
                places=number(r.open),
                n=number(r.need or 0),
                pct=percent(r.open / (r.need or 1)),
                gap=number(r.gap or 0),
                money=money,
            )
        )
    for r in rows:
        if r.status == "places_unknown":
            lines.append(
                tr.plural(
                    K + "m_places_unknown",
                    r.options,
                    area=upper_first(r.label),
                    noun=capacity.noun,
                    nouns=capacity.noun_plural,
                )
            )
        elif r.status == "no_need":
            lines.append(tr(K + "m_no_need", area=upper_first(r.label), places=number(r.open)))
    covered = [lower_first(r.label) for r in rows if r.status == "covered" and r.need]
    if covered:
        lines.append(tr(K + "m_covered", areas=join(covered, and_)))
    return lines
