"""Round change: where the group stood in an earlier round and where it stands now, per factor
(or per scored question when the page has no factors), with the change in words."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from .base import PageContext, render, view
from .params import Params

K = "views.round_change."


class RoundChange(Params):
    """Parameters of round_change."""

    against: Annotated[int, Field(ge=1)] | None = Field(
        None, description="The earlier round to compare with (default: the one before)."
    )
    min_people: Annotated[int, Field(ge=1)] = Field(
        3, description="Fewer people than this in either round show no figure."
    )


Means = dict[str, tuple[str, float, int]]


def _means(ctx: PageContext, rnd: int) -> tuple[Means, Means]:
    """Per factor and per scored question: key -> (label, mean score, people), one round."""
    from .group import GroupFigures

    figures = GroupFigures.compute(ctx.q, ctx.group_frame(), rnd)
    factors: Means = {}
    labels = {f.id: f.label for f in ctx.q.factors}
    for _, r in figures.factors.iterrows():
        if r["factor"] in labels and r["n"] and r["mean"] == r["mean"]:
            factors[str(r["factor"])] = (labels[r["factor"]], float(r["mean"]), int(r["n"]))
    out: Means = {}
    for _, r in figures.items.iterrows():
        if r["n"] and r["mean"] == r["mean"]:
            key = f"{r['item_id']}/{r['row']}"
            out[key] = (str(r["label"]), float(r["mean"]), int(r["n"]))
    return factors, out


def change_rows(ctx: PageContext, p: RoundChange) -> tuple[int, list[dict[str, Any]]]:
    """(earlier round, rows of label / before / now / change in words)."""
    earlier = p.against if p.against is not None else ctx.round - 1
    if earlier < 1 or earlier == ctx.round:
        return earlier, []
    (f_before, i_before), (f_now, i_now) = _means(ctx, earlier), _means(ctx, ctx.round)
    # per factor when factors have figures in both rounds, else per scored question
    both = set(f_before) & set(f_now)
    before, now = (f_before, f_now) if both else (i_before, i_now)
    rows = []
    for key in list(dict.fromkeys([*before, *now])):
        label = (now.get(key) or before[key])[0]
        b, n = before.get(key), now.get(key)
        few = [x for x in (b, n) if x is None or x[2] < p.min_people]
        if few:
            rows.append(
                {
                    "label": label,
                    "before": "–",
                    "now": "–",
                    "change": ctx.tr(K + "too_few", n=p.min_people),
                }
            )
            continue
        assert b is not None and n is not None
        delta = n[1] - b[1]
        if abs(delta) < 0.05:
            words = ctx.tr(K + "same")
        else:
            words = ctx.tr(K + ("up" if delta > 0 else "down"), by=f"{abs(delta):.1f}")
        rows.append(
            {"label": label, "before": f"{b[1]:.1f}", "now": f"{n[1]:.1f}", "change": words}
        )
    return earlier, rows


@view(
    "round_change",
    RoundChange,
    summary="Where the group stood in an earlier round and now, per factor, with the change.",
    group=True,
)
def round_change(ctx: PageContext, p: RoundChange) -> str:
    """A table of before, now and the change in words (arrows with words, not colour alone)."""
    earlier, rows = change_rows(ctx, p)
    return render(
        "round_change.html.j2",
        heading=ctx.tr(K + "heading", before=earlier, now=ctx.round),
        headers=[
            ctx.tr(K + c, before=earlier, now=ctx.round)
            for c in ("what", "before", "now", "change")
        ],
        rows=rows,
        empty=ctx.tr(K + "none"),
    )
