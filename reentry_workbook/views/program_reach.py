"""program_reach: who each programme reaches, set against its entry rules, places and money."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field

from ..kinds import RECORD_ID
from ..model import ChoiceColumn, Questionnaire, TableItem, TableTarget
from ..model.common import Id
from .amounts import beside, money, percent, points_at
from .base import PageContext, render, view
from .params import Finding, Params, TableName, TableSource, column_ref
from .program_reach_calc import LEVELS, NOT_ASSESSED, ReachResult, Thresholds, program_reach

PALETTE = {"high": "#D55E00", "moderate": "#E69F00", "low": "#56B4E9", NOT_ASSESSED: "#BBBBBB"}
ORDER = {level: i for i, level in enumerate((*LEVELS, NOT_ASSESSED))}
Share = Annotated[float, Field(ge=0, le=1)]


def _count(*kinds: str) -> Any:
    return column_ref(*kinds, table_param="reach")


class ProgramReachParams(Params):
    """Parameters of program_reach."""

    reach: TableName = Field(description="One record per programme with its participant counts.")
    program: Annotated[Id, _count("ref")] = Field(description="The programme (a ref column).")
    took_part: Annotated[Id, _count("integer", "number")]
    high: Annotated[Id, _count("integer", "number")]
    moderate: Annotated[Id, _count("integer", "number")]
    low: Annotated[Id, _count("integer", "number")]
    intensity: Annotated[Id, _count("choice")] | None = None
    intensive_values: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        description="Options of `intensity` that mark an intensive programme."
    )
    programs: TableSource = Field(
        description="The list `program` picks from, e.g. {page: assess_resource_gaps, "
        "table: resources}; the columns below are its columns."
    )
    program_label: Annotated[Id, column_ref(table_param="programs")] = Field(
        description="The column that names each programme."
    )
    program_eligible: (
        Annotated[Id, column_ref("multi_choice", "choice", table_param="programs")] | None
    ) = Field(None, description="Risk levels the programme's rules let in.")
    program_places: (
        Annotated[Id, column_ref("integer", "number", table_param="programs")] | None
    ) = None
    program_amount: (
        Annotated[Id, column_ref("integer", "number", table_param="programs")] | None
    ) = None
    high_share_below: Share = 0.5
    low_share_from: Share = 0.5
    not_assessed_from: Share = 0.5
    under_used_below: Share = 0.6


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    table = q.items.get(p.reach)
    if not isinstance(table, TableItem):
        return
    target = p.programs if isinstance(p.programs, TableTarget) else TableTarget(table=p.programs)
    if p.program in table.column_ids() and not points_at(
        table.column(p.program), target.table, target.page or q.id
    ):
        yield ("program",), f"column {p.program!r} must pick from the list given in 'programs'"
    if p.intensity and p.intensity in table.column_ids():
        column = table.column(p.intensity)
        values = [c.value for c in q.column_options(column)]
        for i, v in enumerate(p.intensive_values):
            if isinstance(column, ChoiceColumn) and v not in values:
                yield (
                    ("intensive_values", i),
                    f"{v!r} is not an option of {p.intensity!r}; options: {', '.join(values)}",
                )


def _levels(ctx: PageContext, p: ProgramReachParams) -> dict[str, dict[str, str]]:
    """Label, short label, phrase and colour of each risk level, from the rules column's options
    (the catalogue's risk levels), else plain words."""
    t = ctx.tr
    out = {
        level: {
            "label": t(f"views.program_reach.level_{level}").capitalize(),
            "phrase": t(f"views.program_reach.level_{level}"),
            "colour": PALETTE[level],
        }
        for level in LEVELS
    }
    out[NOT_ASSESSED] = {
        "label": t("views.program_reach.not_assessed"),
        "phrase": t("views.program_reach.not_assessed").lower(),
        "colour": PALETTE[NOT_ASSESSED],
    }
    if p.program_eligible is None:
        return out
    page = ctx.for_table(p.programs)
    column = page.table_of(p.programs).column(p.program_eligible)
    for option in page.q.column_options(column):
        key = NOT_ASSESSED if option.knowledge_gap else option.value
        if key in out:
            out[key]["label"] = option.short_label
            if option.colour:
                out[key]["colour"] = option.colour
            out.setdefault(option.value, out[key])  # the rules name levels by option value
    return out


def compute(ctx: PageContext, p: ProgramReachParams) -> ReachResult:
    """The findings from this page's list and the catalogue records it points at."""
    page = ctx.for_table(p.programs)
    programs = {str(r[RECORD_ID]): r for r in page.records(p.programs) if r.get(RECORD_ID)}
    return program_reach(
        ctx.records(p.reach),
        programs,
        tr=ctx.tr,
        program=p.program,
        took_part=p.took_part,
        level_columns={"high": p.high, "moderate": p.moderate, "low": p.low},
        intensity=p.intensity,
        intensive_values=p.intensive_values,
        program_label=p.program_label,
        program_eligible=p.program_eligible,
        program_places=p.program_places,
        program_amount=p.program_amount,
        thresholds=Thresholds(
            p.high_share_below, p.low_share_from, p.not_assessed_from, p.under_used_below
        ),
    )


def _segments(
    counts: Mapping[str, int], total: int, eligible: tuple[str, ...], levels: Mapping[str, Any]
) -> list[dict[str, Any]]:
    out = []
    for level in (*LEVELS, NOT_ASSESSED):
        n = counts.get(level, 0)
        if not n or not total:
            continue
        outside = bool(eligible) and level != NOT_ASSESSED and level not in eligible
        out.append(
            {
                "label": levels[level]["label"],
                "n": f"{n:,}",
                "width": 100 * n / total,
                "colour": levels[level]["colour"],
                "outside": outside,
                "inside": 100 * n / total >= 9,
            }
        )
    return out


@view(
    "program_reach",
    ProgramReachParams,
    summary="Who took part in each programme by risk level, against its entry rules, places "
    "and money; what each finding suggests; candidates for shifting money.",
    check=_check,
    messages=lambda ctx, p: _messages(ctx, p),
)
def render_program_reach(ctx: PageContext, p: ProgramReachParams) -> str:
    """One bar of participants per programme (levels outside its rules hatched), its places and
    money, and the findings, each tagged with what it suggests; then the sums."""
    result = compute(ctx, p)
    levels = _levels(ctx, p)
    t = ctx.tr
    blocks = []
    any_outside = False
    for prog in result.programs:
        total = prog.took_part or 0
        segments = _segments(prog.counts, total, prog.eligible, levels)
        any_outside = any_outside or any(s["outside"] for s in segments)
        facts = [
            t(
                "views.program_reach.meant_for",
                levels=", ".join(
                    levels.get(v, {"label": v})["label"]
                    for v in sorted(prog.eligible, key=lambda v: (ORDER.get(v, 9), v))
                ),
            )
            if prog.eligible
            else t("views.program_reach.rules_unknown")
        ]
        if prog.took_part is not None and prog.places:
            facts.append(
                t(
                    "views.program_reach.of_places",
                    n=f"{prog.took_part:,}",
                    places=f"{prog.places:,}",
                    pct=percent(prog.took_part, prog.places),
                )
            )
        elif prog.took_part is not None:
            facts.append(t("views.program_reach.took_part", n=f"{prog.took_part:,}"))
        if prog.amount is not None and prog.cost_per_person is not None:
            facts.append(
                t(
                    "views.program_reach.per_person",
                    money=money(prog.amount, t),
                    each=money(round(prog.cost_per_person), t),
                )
            )
        elif prog.amount is not None:
            facts.append(t("views.program_reach.money_only", money=money(prog.amount, t)))
        blocks.append(
            {
                "name": prog.name,
                "facts": facts,
                "segments": segments,
                "findings": [
                    {
                        "text": f.text,
                        "tag": t(f"views.program_reach.suggests.{f.suggests}"),
                        "cls": f.suggests.replace("_", "-"),
                    }
                    for f in prog.findings
                ],
            }
        )
    all_segments = _segments(result.totals, result.total_took_part, (), levels)
    names_of = ", ".join
    return render(
        "program_reach.html.j2",
        t=lambda key, **kw: t(f"views.program_reach.{key}", **kw),
        blocks=blocks,
        all_segments=all_segments if len([b for b in blocks if b["segments"]]) > 1 else [],
        total=f"{result.total_took_part:,}",
        high_pct=percent(result.high_share_assessed, 1)
        if result.high_share_assessed is not None
        else None,
        candidates=names_of(result.candidates),
        could_use_more=names_of(result.could_use_more),
        any_outside=any_outside,
        messages=[m.text for m in result.messages],
    )


def _messages(ctx: PageContext, p: ProgramReachParams) -> Mapping[str, list[str]]:
    local = p.programs if isinstance(p.programs, str) else None
    if isinstance(p.programs, TableTarget) and p.programs.page in (None, ctx.q.id):
        local = p.programs.table
    return beside(compute(ctx, p).messages, {"reach": p.reach, "programs": local})
