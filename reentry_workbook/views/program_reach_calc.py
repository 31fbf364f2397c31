"""Who programmes actually reach: participants by risk level against each programme's rules.

The pure computation of the ``program_reach`` view. Input: one record per programme (the
programme as a reference into a catalogue, how many took part in a year, how many of them were
assessed high, moderate and low risk, how intensive it is) and the referenced catalogue records
(risk levels its rules let in, places, money). Only aggregate counts, never anything about a
person. Output: per programme the mix of participants and findings in words, each tagged with
what it suggests; sums across programmes; the candidates for shifting money.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .amounts import Said, Tr, english, percent, plain, quoted, read_amount

Records = Sequence[Mapping[str, Any]]

LEVELS = ("high", "moderate", "low")
NOT_ASSESSED = "unassessed"
"""The count of people whose risk was not assessed (a key of ``counts``, not a page option)."""

# what a finding suggests the coalition look at
SHIFT_MONEY = "shift_money"  # the money could do more elsewhere
ADD_MONEY = "add_money"  # a programme that could use money shifted to it
CHANGE_REFERRALS = "change_referrals"  # right programme, other people: look at who is sent
CHANGE_RULES = "change_rules"  # the entry rules leave the priority group out
GET_FIGURES = "get_figures"  # not enough figures to judge
SUGGESTIONS = (SHIFT_MONEY, ADD_MONEY, CHANGE_REFERRALS, CHANGE_RULES, GET_FIGURES)


@dataclass(frozen=True)
class Thresholds:
    """When a finding is made (shares between 0 and 1)."""

    high_share_below: float = 0.5
    low_share_from: float = 0.5
    not_assessed_from: float = 0.5
    under_used_below: float = 0.6


@dataclass(frozen=True)
class Finding:
    """One finding about a programme, in words, with what it suggests."""

    code: str
    text: str
    suggests: str


@dataclass(frozen=True)
class ProgramReach:
    """One programme: who took part, against its rules, places and money."""

    record_id: str | None
    program_id: str | None
    name: str
    eligible: tuple[str, ...]  # risk levels its rules let in (empty = not recorded)
    took_part: int | None
    counts: dict[str, int]  # high, moderate, low, not_assessed (when there are figures)
    assessed_shares: dict[str, float]  # high/moderate/low share of those with a risk level
    intensive: bool
    places: int | None
    use_rate: float | None  # took part / places
    amount: float | None
    cost_per_person: float | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ReachResult:
    """Every programme, the sums across them, and what could not be used."""

    programs: list[ProgramReach]
    totals: dict[str, int]  # participations by risk level across programmes with figures
    total_took_part: int
    high_share_assessed: float | None
    candidates: list[str]  # programmes with a finding that suggests shifting money
    could_use_more: list[str]  # programmes with a finding that suggests adding money
    messages: list[Said] = field(default_factory=list)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return [str(value)]


def program_reach(
    reach: Records,
    programs: Mapping[str, Mapping[str, Any]],
    *,
    tr: Tr | None = None,
    program: str,
    took_part: str,
    level_columns: Mapping[str, str],
    intensity: str | None,
    intensive_values: Sequence[str],
    program_label: str,
    program_eligible: str | None,
    program_places: str | None,
    program_amount: str | None,
    level_words: Mapping[str, str] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> ReachResult:
    """Each programme's participant mix and findings.

    ``programs`` maps the referenced catalogue records by ``_id``. ``level_columns`` maps high,
    moderate and low to the columns holding their counts;
    ``level_words`` names the levels inside sentences ("high risk").
    """
    tr = tr or english()
    t = _words(tr)
    columns = dict(level_columns)
    words = {level: t(f"level_{level}") for level in LEVELS} | dict(level_words or {})
    messages: list[Said] = []
    results: list[ProgramReach] = []
    totals = dict.fromkeys((*LEVELS, NOT_ASSESSED), 0)
    seen: dict[str, int] = {}

    for record in reach:
        ref = record.get(program) or None
        target = programs.get(ref) if ref else None
        if ref and target is None:
            name = t("removed")
        elif target is None:
            name = t("no_program")
        else:
            name = str(target.get(program_label) or t("unnamed"))
        q = quoted(name, tr)
        if ref and target is not None:
            seen[ref] = seen.get(ref, 0) + 1
            if seen[ref] == 2:
                messages.append(Said("reach", t("twice", name=q)))
        target = target or {}

        took = read_amount(record.get(took_part), t("took_part_in", name=q), tr, whole=True)
        if took.message:
            messages.append(Said("reach", took.message))
        counts: dict[str, int] = {}
        for level in LEVELS:
            got = read_amount(
                record.get(columns[level]),
                t("assessed_in", level=words[level], name=q),
                tr,
                whole=True,
            )
            if got.message:
                messages.append(Said("reach", got.message))
            if got.value is not None:
                counts[level] = got.value
        assessed = sum(counts.values())
        total = took.value
        if total is not None and assessed > total:
            messages.append(
                Said(
                    "reach",
                    t("counts_above", name=q, assessed=plain(assessed), total=plain(total)),
                )
            )
            total = assessed
        if total is None and counts:
            total = assessed
        if total is not None:
            counts = {level: counts.get(level, 0) for level in LEVELS}
            counts[NOT_ASSESSED] = total - assessed
            for key, value in counts.items():
                totals[key] += value
        assessed_shares = {k: counts[k] / assessed for k in LEVELS} if assessed else {}

        eligible = tuple(_as_list(target.get(program_eligible))) if program_eligible else ()
        places = read_amount(
            target.get(program_places) if program_places else None,
            t("places_of", name=q),
            tr,
            whole=True,
        )
        amount = read_amount(
            target.get(program_amount) if program_amount else None, t("amount_of", name=q), tr
        )
        messages += [Said("programs", m) for m in (places.message, amount.message) if m]
        use_rate = (total / places.value) if (total is not None and places.value) else None
        cost = (amount.value / total) if (amount.value is not None and total) else None
        intensive = bool(intensity) and record.get(intensity or "") in intensive_values

        findings = _findings(
            t,
            eligible=eligible,
            total=total,
            counts=counts,
            assessed_shares=assessed_shares,
            intensive=intensive,
            use_rate=use_rate,
            places=places.value,
            limits=thresholds,
        )
        results.append(
            ProgramReach(
                record_id=record.get("_id"),
                program_id=ref,
                name=name,
                eligible=eligible,
                took_part=total,
                counts=counts,
                assessed_shares=assessed_shares,
                intensive=intensive,
                places=places.value,
                use_rate=use_rate,
                amount=amount.value,
                cost_per_person=cost,
                findings=findings,
            )
        )

    total_took_part = sum(totals.values())
    assessed_all = sum(totals[level] for level in LEVELS)
    return ReachResult(
        programs=results,
        totals=totals,
        total_took_part=total_took_part,
        high_share_assessed=(totals["high"] / assessed_all) if assessed_all else None,
        candidates=_named(results, SHIFT_MONEY),
        could_use_more=_named(results, ADD_MONEY),
        messages=messages,
    )


def _named(results: list[ProgramReach], suggests: str) -> list[str]:
    out: list[str] = []
    for p in results:
        if any(f.suggests == suggests for f in p.findings) and p.name not in out:
            out.append(p.name)
    return out


def _findings(
    t: Callable[..., str],
    *,
    eligible: tuple[str, ...],
    total: int | None,
    counts: Mapping[str, int],
    assessed_shares: Mapping[str, float],
    intensive: bool,
    use_rate: float | None,
    places: int | None,
    limits: Thresholds,
) -> tuple[Finding, ...]:
    found: list[Finding] = []
    if eligible and "high" not in eligible:
        found.append(Finding("excludes_high", t("f_excludes_high"), CHANGE_RULES))
    if total is None:
        found.append(Finding("no_figures", t("f_no_figures"), GET_FIGURES))
        return tuple(found)
    if total and counts.get(NOT_ASSESSED, 0) / total >= limits.not_assessed_from:
        found.append(
            Finding(
                "mostly_not_assessed",
                t("f_not_assessed", pct=percent(counts[NOT_ASSESSED], total)),
                GET_FIGURES,
            )
        )
    if assessed_shares:
        high = assessed_shares["high"]
        if (not eligible or "high" in eligible) and high < limits.high_share_below:
            found.append(
                Finding("few_high", t("f_few_high", pct=percent(high, 1)), CHANGE_REFERRALS)
            )
        if intensive and assessed_shares["low"] >= limits.low_share_from:
            found.append(
                Finding(
                    "intensive_low",
                    t("f_intensive_low", pct=percent(assessed_shares["low"], 1)),
                    SHIFT_MONEY,
                )
            )
    if use_rate is not None and places:
        if use_rate < limits.under_used_below:
            found.append(
                Finding(
                    "places_unused",
                    t("f_under_used", pct=percent(use_rate, 1), places=plain(places)),
                    SHIFT_MONEY,
                )
            )
        elif use_rate > 1:
            found.append(
                Finding(
                    "over_full",
                    t("f_over_full", n=plain(total), places=plain(places)),
                    ADD_MONEY,
                )
            )
    return tuple(found)


def _words(tr: Tr) -> Callable[..., str]:
    def t(key: str, **values: Any) -> str:
        return tr(f"views.program_reach.{key}", **values)

    return t
