"""Funding progress: each fundraising target against the prospects linked to it.

The pure computation of the ``funding_progress`` view. Inputs: the targets (what for, how much,
by when) and the pipeline of prospects (each linked to a target, with the amount asked and a
stage). Output: per target the money won, waiting on a decision and still early, what is left to
find and whether the date has passed; prospects linked to no target are summed apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .amounts import Said, Tr, english, money, percent, quoted, read_amount, read_date

Records = Sequence[Mapping[str, Any]]
GROUPS = ("won", "pending", "early", "lost")

MET = "met"  # won at least the target
IN_REACH = "in_reach"  # won + waiting would reach it
SHORT = "short"  # even winning everything waiting would not
NO_AMOUNT = "no_amount"  # the target has no usable amount


@dataclass(frozen=True)
class TargetProgress:
    """One target and the money found for it so far."""

    id: str | None
    name: str
    target: float | None
    by_when: date | None
    won: float
    pending: float  # asked, waiting on a decision
    early: float  # ideas and conversations, not asked yet
    lost: float
    prospects: int
    still_to_find: float | None  # target - won, never below 0
    days_left: int | None  # below 0 when the date has passed
    overdue: bool  # the date has passed and the target is not met
    status: str
    sentence: str


@dataclass(frozen=True)
class FundingProgress:
    """Every target, the prospects linked to none, the sums, and what could not be used."""

    targets: list[TargetProgress]
    unlinked: TargetProgress | None
    total_target: float
    total_won: float
    total_pending: float
    messages: list[Said] = field(default_factory=list)


def funding_progress(
    targets: Records,
    prospects: Records,
    *,
    today: date,
    tr: Tr | None = None,
    target_label: str,
    target_amount: str,
    target_date: str | None,
    prospect_label: str,
    prospect_target: str,
    prospect_amount: str,
    prospect_stage: str,
    won_values: Sequence[str],
    pending_values: Sequence[str],
    lost_values: Sequence[str],
) -> FundingProgress:
    """Sum the pipeline by target and stage group, and set each sum against its target.

    Stages in none of ``won_values``, ``pending_values`` and ``lost_values`` (and a blank
    stage) count as early. ``today`` is passed in so the result does not depend on the clock.
    """
    tr = tr or english()
    t = _words(tr)
    messages: list[Said] = []
    order: list[str] = []
    info: dict[str, tuple[str, float | None, date | None]] = {}
    for record in targets:
        tid = record.get("_id")
        if not tid or tid in info:
            continue
        name = str(record.get(target_label) or t("unnamed_target"))
        amount = read_amount(record.get(target_amount), t("amount_of", name=quoted(name, tr)), tr)
        when = read_date(
            record.get(target_date) if target_date else None,
            t("date_of", name=quoted(name, tr)),
            tr,
        )
        messages += [Said("targets", m) for m in (amount.message, when.message) if m]
        order.append(tid)
        info[tid] = (name, amount.value, when.value)

    sums: dict[str | None, dict[str, float]] = {}
    counts: dict[str | None, int] = {}
    dangling = 0
    for record in prospects:
        name = str(record.get(prospect_label) or t("unnamed_prospect"))
        tid = record.get(prospect_target) or None
        if tid is not None and tid not in info:
            dangling += 1
            tid = None
        ask = read_amount(record.get(prospect_amount), t("ask_of", name=quoted(name, tr)), tr)
        if ask.message:
            messages.append(Said("prospects", ask.message))
        stage = record.get(prospect_stage)
        group = (
            "won"
            if stage in won_values
            else "pending"
            if stage in pending_values
            else "lost"
            if stage in lost_values
            else "early"
        )
        bucket = sums.setdefault(tid, dict.fromkeys(GROUPS, 0.0))
        bucket[group] += ask.value or 0.0
        counts[tid] = counts.get(tid, 0) + 1
    if dangling:
        messages.append(Said("prospects", tr.plural("views.funding_progress.dangling", dangling)))

    out = [
        _progress(tid, *info[tid], sums.get(tid), counts.get(tid, 0), today, tr) for tid in order
    ]
    unlinked = None
    if None in sums:
        s = sums[None]
        unlinked = TargetProgress(
            id=None,
            name=t("not_linked"),
            target=None,
            by_when=None,
            won=s["won"],
            pending=s["pending"],
            early=s["early"],
            lost=s["lost"],
            prospects=counts[None],
            still_to_find=None,
            days_left=None,
            overdue=False,
            status=NO_AMOUNT,
            sentence=t(
                "s_unlinked",
                won=money(s["won"], tr),
                pending=money(s["pending"], tr),
                early=money(s["early"], tr),
            ),
        )
    return FundingProgress(
        targets=out,
        unlinked=unlinked,
        total_target=sum(x.target or 0.0 for x in out),
        total_won=sum(x.won for x in out) + (unlinked.won if unlinked else 0.0),
        total_pending=sum(x.pending for x in out) + (unlinked.pending if unlinked else 0.0),
        messages=messages,
    )


def nice_date(day: date) -> str:
    """30 Jun 2027."""
    return f"{day.day} {day:%b %Y}"


def _progress(
    tid: str,
    name: str,
    amount: float | None,
    when: date | None,
    sums: Mapping[str, float] | None,
    n: int,
    today: date,
    tr: Tr,
) -> TargetProgress:
    t = _words(tr)
    s = dict(sums or dict.fromkeys(GROUPS, 0.0))
    won, pending = s["won"], s["pending"]
    days_left = (when - today).days if when else None
    still: float | None
    if amount is None:
        status, still = NO_AMOUNT, None
    else:
        still = max(amount - won, 0.0)
        status = MET if won >= amount else IN_REACH if won + pending >= amount else SHORT
    overdue = days_left is not None and days_left < 0 and status != MET
    parts: list[str] = []
    if amount is None:
        parts.append(t("s_no_amount", won=money(won, tr)))
    elif status == MET:
        parts.append(t("s_met", target=money(amount, tr), won=money(won, tr)))
    else:
        parts.append(
            t(
                "s_won",
                won=money(won, tr),
                target=money(amount, tr),
                pct=percent(won, amount),
            )
        )
        if pending:
            parts.append(t("s_pending", pending=money(pending, tr)))
        parts.append(t("s_still", still=money(still or 0, tr)))
        if s["early"]:
            parts.append(t("s_early", early=money(s["early"], tr)))
    text = "; ".join(parts) + "."
    if overdue:
        text += " " + t("s_passed")
    elif status == IN_REACH:
        text += " " + t("s_in_reach")
    if n == 0:
        text += " " + t("s_no_prospect")
    return TargetProgress(
        id=tid,
        name=name,
        target=amount,
        by_when=when,
        won=won,
        pending=pending,
        early=s["early"],
        lost=s["lost"],
        prospects=n,
        still_to_find=still,
        days_left=days_left,
        overdue=overdue,
        status=status,
        sentence=text,
    )


def _words(tr: Tr) -> Callable[..., str]:
    def t(key: str, **values: Any) -> str:
        return tr(f"views.funding_progress.{key}", **values)

    return t
