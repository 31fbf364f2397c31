"""The participant form: each step's questions as HTML, each kind through its own template."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..answers import visible_items
from ..kinds import Context, Lookup, item_rules
from ..model import ItemBase, Questionnaire
from .room import asked_items

TEMPLATES = Path(__file__).with_name("templates")


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the workshop's pages (autoescaped, always)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["tojson_attr"] = lambda value: json.dumps(value)
    return env


@dataclass(frozen=True)
class FormStep:
    """One screen of the participant form."""

    id: str
    title: str
    guidance: str
    html: Markup


def as_json(value: Any) -> str:
    """An answer as the JSON the form's inputs carry (empty for no answer)."""
    return "" if value is None else json.dumps(value)


def item_html(ctx: Context, item: ItemBase, value: Any, shown: bool = True) -> Markup:
    """One question: its prompt, help and input, from the template of its kind."""
    rules = item_rules(item)
    env = environment()
    if rules.participant_template is None:
        body = env.get_template("kinds/none.html").render(tr=ctx.tr)
    else:
        body = env.get_template(f"kinds/{rules.participant_template}").render(
            item=item,
            name=f"q-{item.id}",
            value=value,
            value_json=as_json(value),
            chosen=_chosen(value),
            tr=ctx.tr,
            **rules.form_fields(ctx, item),
        )
    return Markup(  # noqa: S704 - an autoescaped template's output
        env.get_template("item.html").render(
            item=item,
            body=Markup(body),  # noqa: S704 - an autoescaped template's output
            shown=shown,
            tr=ctx.tr,
            answerable=bool(rules.participant_template),
        )
    )


def _chosen(value: Any) -> set[str] | dict[str, str]:
    """The JSON of chosen option(s): a set for one or several, row -> JSON for a matrix."""
    if isinstance(value, Mapping):
        return {str(k): json.dumps(v) for k, v in value.items()}
    if isinstance(value, list):
        return {json.dumps(v) for v in value}
    return set() if value is None else {json.dumps(value)}


def form_steps(
    q: Questionnaire, answers: Mapping[str, Any], lookup: Lookup | None = None
) -> list[FormStep]:
    """The steps that ask participants something, each with its questions' HTML."""
    from ..answers import context

    ctx = context(q, lookup)
    asked = {item.id for item in asked_items(q)}
    shown = visible_items(q, answers)
    steps: list[FormStep] = []
    for step in q.steps:
        mine = [i for i in step.items if i.id in asked]
        if not mine:
            continue
        html = Markup("").join(item_html(ctx, i, answers.get(i.id), i.id in shown) for i in mine)
        steps.append(FormStep(step.id, step.title, step.guidance, html))
    return steps
