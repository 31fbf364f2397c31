"""Weighted criteria: each improvement's candidate mechanisms ranked by a weighted score.

The pure computation of the ``weighted_criteria`` view. Inputs are plain records: the
coalition's criteria (with an agreed weight, and/or members' weight votes per criterion), the
candidates (each tied to one improvement), one score per candidate x criterion, and optionally
the choice made for each improvement. Output: per improvement the candidates ranked, with notes
in words (close calls, rankings only the weights decide, a choice that did not rank first).

Weights: a criterion's agreed weight when written; otherwise the average of members' votes;
otherwise the average of the other criteria's weights (all equal when nobody has weighed any).
Scores: ``weighted = sum(weight x score) / sum(weight)`` over the criteria a candidate has a
score on, so it stays on the score scale and partly scored candidates remain comparable.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .amounts import Said, Tr, english, names, plain, quoted, read_amount

Records = Sequence[Mapping[str, Any]]
EPS = 1e-9

AGREED, VOTES, AVERAGE, EQUAL = "agreed", "votes", "average", "equal"
"""Where a criterion's weight comes from."""


@dataclass(frozen=True)
class CriterionWeight:
    """One criterion and the weight it carries."""

    id: str
    name: str
    weight: float
    share: float  # weight / sum of weights, 0..1
    source: str  # AGREED, VOTES, AVERAGE (filled in) or EQUAL (nobody weighed any)
    votes: int  # how many members weighed it
    spread: tuple[float, float] | None  # lowest and highest vote


@dataclass(frozen=True)
class OptionScore:
    """One candidate with its scores and weighted result."""

    id: str
    name: str
    mechanism: str | None
    scores: dict[str, float]  # criterion id -> score (the mean when scored twice)
    weighted: float | None  # weighted mean of its scores, on the score scale
    equal: float | None  # plain mean of the same scores (every criterion counting the same)
    scored: int  # criteria with a weight above zero that it has a score on
    of: int  # criteria with a weight above zero
    rank: int | None  # 1 = best of its improvement; ties share a rank
    chosen: bool


@dataclass(frozen=True)
class Note:
    """Something to notice about one improvement's ranking; ``warn`` ones are highlighted."""

    text: str
    warn: bool = False


@dataclass(frozen=True)
class ImprovementResult:
    """The candidates for one improvement, best first, and what to notice."""

    improvement_id: str | None
    label: str
    options: list[OptionScore]
    top: list[str]
    chosen: str | None
    close_call: bool
    weights_matter: bool
    notes: list[Note]


@dataclass(frozen=True)
class WeightedCriteria:
    """Weights, per-improvement rankings, and what could not be used."""

    criteria: list[CriterionWeight]
    improvements: list[ImprovementResult]
    messages: list[Said] = field(default_factory=list)
    """Bad or missing input, in words (left out, the rest still computed)."""
    weight_messages: list[str] = field(default_factory=list)
    """What is said about the weights (beside the criteria list)."""


def weighted_criteria(
    criteria: Records,
    options: Records,
    scores: Records,
    *,
    tr: Tr | None = None,
    choices: Records = (),
    improvement_labels: Mapping[str, str] | None = None,
    weight_column: str | None,
    votes: Mapping[str, Sequence[float]] | None = None,
    criterion_label: str,
    option_label: str,
    option_improvement: str,
    option_mechanism: str | None,
    score_option: str,
    score_criterion: str,
    score_value: str,
    choice_improvement: str = "",
    choice_option: str = "",
    score_min: float = 1,
    score_max: float = 5,
    close_margin: float = 0.25,
) -> WeightedCriteria:
    """Rank each improvement's candidates by their weighted score (see the module doc)."""
    tr = tr or english()
    t = _words(tr)
    messages: list[Said] = []
    weight_messages: list[str] = []
    labels = dict(improvement_labels or {})
    removed = t("removed")

    # --- criteria and weights
    crit_ids: list[str] = []
    crit_names: dict[str, str] = {}
    raw: dict[str, float | None] = {}
    source: dict[str, str] = {}
    counts: dict[str, int] = {}
    spread: dict[str, tuple[float, float] | None] = {}
    for record in criteria:
        cid = record.get("_id")
        if not cid or cid in crit_names:
            continue
        name = str(record.get(criterion_label) or t("unnamed_criterion"))
        crit_ids.append(cid)
        crit_names[cid] = name
        given = [float(v) for v in (votes or {}).get(cid, ())]
        counts[cid] = len(given)
        spread[cid] = (min(given), max(given)) if given else None
        got = read_amount(
            record.get(weight_column) if weight_column else None,
            t("weight_of", name=quoted(name, tr)),
            tr,
        )
        if got.message:
            messages.append(Said("criteria", got.message))
        if got.value is not None:
            raw[cid], source[cid] = got.value, AGREED
        elif given:
            raw[cid], source[cid] = statistics.fmean(given), VOTES
        else:
            raw[cid] = None
    known = [w for w in raw.values() if w is not None]
    blanks = [c for c in crit_ids if raw[c] is None]
    fill = statistics.fmean(known) if known else 1.0
    if blanks and known:
        weight_messages.append(
            tr.plural(
                "views.weighted_criteria.no_weight",
                len(blanks),
                names=names([crit_names[c] for c in blanks], tr),
                average=plain(round(fill, 1)),
            )
        )
    elif blanks and crit_ids:
        weight_messages.append(t("no_weights"))
    weights: dict[str, float] = {}
    for c in crit_ids:
        given_weight = raw[c]
        weights[c] = given_weight if given_weight is not None else fill
    for c in blanks:
        source[c] = AVERAGE if known else EQUAL
    if crit_ids and not any(weights.values()):
        weight_messages.append(t("all_zero"))
        weights = dict.fromkeys(crit_ids, 1.0)
    total_weight = sum(weights.values())
    weighed = [c for c in crit_ids if weights[c] > 0]
    crit_out = [
        CriterionWeight(
            id=c,
            name=crit_names[c],
            weight=weights[c],
            share=weights[c] / total_weight if total_weight else 0.0,
            source=source[c],
            votes=counts[c],
            spread=spread[c],
        )
        for c in crit_ids
    ]

    # --- scores: candidate x criterion, a cell scored twice is averaged
    option_names = {
        o["_id"]: str(o.get(option_label) or t("unnamed_option")) for o in options if o.get("_id")
    }
    cells: dict[tuple[str, str], list[float]] = {}
    dangling = 0
    for record in scores:
        oid, cid = record.get(score_option), record.get(score_criterion)
        if not oid or not cid:
            continue
        if oid not in option_names or cid not in crit_names:
            dangling += 1
            continue
        what = t(
            "score_of", option=quoted(option_names[oid], tr), criterion=quoted(crit_names[cid], tr)
        )
        got = read_amount(record.get(score_value), what, tr)
        if got.message:
            messages.append(Said("scores", got.message))
            continue
        if got.value is None:
            continue
        if not score_min <= got.value <= score_max:
            messages.append(
                Said(
                    "scores",
                    t(
                        "outside",
                        what=what,
                        low=plain(score_min),
                        high=plain(score_max),
                        value=plain(got.value),
                    ),
                )
            )
            continue
        cells.setdefault((oid, cid), []).append(got.value)
    if dangling:
        messages.append(Said("scores", tr.plural("views.weighted_criteria.dangling", dangling)))
    for (oid, cid), values in cells.items():
        if len(values) > 1:
            messages.append(
                Said(
                    "scores",
                    t(
                        "scored_twice",
                        option=quoted(option_names[oid], tr),
                        n=len(values),
                        criterion=quoted(crit_names[cid], tr),
                    ),
                )
            )

    # --- choices: improvement -> chosen candidate (the first one recorded)
    chosen_by_imp: dict[str | None, str | None] = {}
    for record in choices:
        imp = record.get(choice_improvement) or None
        if imp in chosen_by_imp:
            which = labels.get(imp, removed) if imp else t("no_improvement")
            messages.append(Said("choices", t("two_choices", improvement=quoted(which, tr))))
            continue
        chosen_by_imp[imp] = record.get(choice_option) or None

    # --- candidates grouped by improvement, in the order they were first listed
    groups: dict[str | None, list[Mapping[str, Any]]] = {}
    for record in options:
        if record.get("_id"):
            groups.setdefault(record.get(option_improvement) or None, []).append(record)

    results: list[ImprovementResult] = []
    for imp, members in groups.items():
        chosen = chosen_by_imp.get(imp)
        scored: list[OptionScore] = []
        for record in members:
            oid = record["_id"]
            mine = {c: statistics.fmean(cells[(oid, c)]) for c in crit_ids if (oid, c) in cells}
            used = [c for c in weighed if c in mine]
            w_sum = sum(weights[c] for c in used)
            scored.append(
                OptionScore(
                    id=oid,
                    name=option_names[oid],
                    mechanism=record.get(option_mechanism) if option_mechanism else None,
                    scores=mine,
                    weighted=sum(weights[c] * mine[c] for c in used) / w_sum if w_sum else None,
                    equal=statistics.fmean(mine[c] for c in used) if used else None,
                    scored=len(used),
                    of=len(weighed),
                    rank=None,
                    chosen=oid == chosen,
                )
            )
        label = t("no_improvement") if imp is None else labels.get(imp, removed)
        results.append(_rank(imp, label, scored, chosen, close_margin, tr))
    return WeightedCriteria(crit_out, results, messages, weight_messages)


def _rank(
    imp: str | None,
    label: str,
    opts: list[OptionScore],
    chosen: str | None,
    close_margin: float,
    tr: Tr,
) -> ImprovementResult:
    t = _words(tr)
    ranked = sorted((o for o in opts if o.weighted is not None), key=lambda o: -(o.weighted or 0.0))
    ranks: dict[str, int] = {}
    for i, o in enumerate(ranked):
        same = i > 0 and abs((o.weighted or 0) - (ranked[i - 1].weighted or 0)) < EPS
        ranks[o.id] = ranks[ranked[i - 1].id] if same else i + 1
    out = [replace(o, rank=ranks.get(o.id)) for o in ranked] + [
        o for o in opts if o.weighted is None
    ]
    top = [o.id for o in out if o.rank == 1]
    by_id = {o.id: o.name for o in out}
    notes: list[Note] = []
    close = False
    if len(top) > 1:
        notes.append(Note(t("level", n=len(top)), warn=True))
    elif len(ranked) > 1:
        gap = (ranked[0].weighted or 0) - (ranked[1].weighted or 0)
        if gap < close_margin:
            close = True
            notes.append(Note(t("close_call", gap=f"{gap:.2f}"), warn=True))
    best_equal = max((o.equal for o in ranked if o.equal is not None), default=None)
    equal_top = [
        o.id
        for o in ranked
        if o.equal is not None and best_equal is not None and abs(o.equal - best_equal) < EPS
    ]
    weights_matter = len(ranked) > 1 and bool(top) and set(equal_top) != set(top)
    if weights_matter and set(top) < set(equal_top):
        leading = {o.id for o in ranked[: len(equal_top)]}
        if leading == set(equal_top):
            notes.append(Note(t("weights_break_tie_top", n=len(equal_top))))
        else:
            notes.append(
                Note(t("weights_break_tie", names=names([by_id[x] for x in equal_top], tr)))
            )
    elif weights_matter:
        notes.append(
            Note(t("weights_decide", names=names([by_id[x] for x in equal_top], tr)), warn=True)
        )
    for o in out:
        if o.weighted is not None and o.scored < o.of:
            notes.append(Note(t("partly", name=quoted(o.name, tr), n=o.scored, of=o.of)))
        elif o.weighted is None:
            notes.append(Note(t("unscored", name=quoted(o.name, tr))))
    if chosen is not None and chosen in ranks and chosen not in top:
        notes.append(
            Note(
                t(
                    "chosen_lower",
                    name=quoted(by_id[chosen], tr),
                    rank=ranks[chosen],
                    n=len(ranked),
                ),
                warn=True,
            )
        )
    elif chosen is not None and chosen in by_id and chosen not in ranks:
        notes.append(Note(t("chosen_unscored", name=quoted(by_id[chosen], tr))))
    elif chosen is not None and chosen not in by_id:
        notes.append(Note(t("chosen_elsewhere")))
    return ImprovementResult(
        improvement_id=imp,
        label=label,
        options=out,
        top=top,
        chosen=chosen if chosen in by_id else None,
        close_call=close,
        weights_matter=weights_matter,
        notes=notes,
    )


def _words(tr: Tr) -> Callable[..., str]:
    def t(key: str, **values: Any) -> str:
        return tr(f"views.weighted_criteria.{key}", **values)

    return t
