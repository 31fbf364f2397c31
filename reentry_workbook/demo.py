"""Obviously fictional demo data for every page: the Riverbend County Reentry Coalition."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import strict_yaml
from .answers import context, validate_answers
from .errors import Problem, TemplateError
from .store import Store, Workspace
from .templates import MAX_TEMPLATE_BYTES, find_shipped, read_text_file, shipped_folder

DEMO_WORKSPACE = "Riverbend County Reentry Coalition (demo)"
DEMO_FACILITATOR = "Demo facilitator"


@dataclass(frozen=True)
class DemoPerson:
    """A fictional person and their own answers."""

    name: str
    role: str
    answers: dict[str, Any]


@dataclass(frozen=True)
class DemoData:
    """One page's demo: the shared plan and fictional people's answers."""

    page: str
    plan: dict[str, Any]
    people: tuple[DemoPerson, ...]


def demo_paths() -> list[Path]:
    """The shipped demo files, one per page that has one."""
    folder = shipped_folder("demo")
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml")


def _drawn(spec: Any, rng: random.Random) -> Any:
    """A random pick from each list of options (nested for matrices)."""
    if isinstance(spec, dict):
        return {k: _drawn(v, rng) for k, v in spec.items()}
    if isinstance(spec, list):
        return rng.choice(spec)
    return spec


def _shift(as_of: Any, name: str) -> dt.timedelta:
    """How far the demo's dates move: from the day they were written for to today."""
    if as_of is None:
        return dt.timedelta(0)
    try:
        return dt.date.today() - dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise TemplateError(
            [Problem(name, "dates_as_of", f"{as_of!r} is not a date (YYYY-MM-DD)")]
        ) from None


def _later(value: Any, shift: dt.timedelta) -> Any:
    try:
        return (dt.date.fromisoformat(value) + shift).isoformat()
    except (TypeError, ValueError):
        return value


def _moved(q: Any, answers: dict[str, Any], shift: dt.timedelta) -> dict[str, Any]:
    """Answers with every date moved by ``shift`` (date questions and date columns)."""
    if not shift:
        return answers
    from .model import DateColumn, DateItem, TableItem

    out = dict(answers)
    for item_id, value in answers.items():
        item = q.items.get(item_id)
        if isinstance(item, DateItem):
            out[item_id] = _later(value, shift)
        elif isinstance(item, TableItem) and isinstance(value, list):
            dates = {c.id for c in item.columns if isinstance(c, DateColumn)}
            out[item_id] = [
                {k: (_later(v, shift) if k in dates else v) for k, v in r.items()}
                if isinstance(r, dict)
                else r
                for r in value
            ]
    return out


def read_demo(path: Path) -> DemoData:
    """Read and check one demo file (its answers must fit its page)."""
    name = str(path)
    data, _ = strict_yaml.load(read_text_file(path, MAX_TEMPLATE_BYTES, "demo files"))
    if not isinstance(data, dict) or data.get("demo_version") != 1:
        raise TemplateError(
            [Problem(name, "demo_version", "a demo file starts with 'demo_version: 1'")]
        )
    q = find_shipped(str(data.get("page")))
    if q is None:
        raise TemplateError([Problem(name, "page", f"unknown page {data.get('page')!r}")])
    ctx = context(q)
    shift = _shift(data.get("dates_as_of"), name)
    data = {
        **data,
        "plan": _moved(q, data.get("plan") or {}, shift),
        "people": [
            {**p, "answers": _moved(q, p.get("answers") or {}, shift)}
            for p in data.get("people") or []
        ],
    }
    plan = validate_answers(q, data.get("plan") or {}, ctx)
    people = [
        DemoPerson(
            p["name"],
            p.get("role", "participant"),
            validate_answers(q, p.get("answers") or {}, ctx),
        )
        for p in data.get("people") or []
    ]
    extra = data.get("random_people")
    if extra:
        rng = random.Random(extra.get("seed", 1))
        pattern = extra.get("name", "Member {letter} (demo)")
        for i in range(int(extra.get("count", 0))):
            answers = validate_answers(q, _drawn(extra.get("answers") or {}, rng), ctx)
            people.append(
                DemoPerson(pattern.format(letter=chr(65 + i), n=i + 1), "participant", answers)
            )
    return DemoData(q.id, plan, tuple(people))


def load_demo(store: Store) -> Workspace:
    """The demo workspace, filled with every page's demo data once (pages already there are
    left as they are, so changes made while exploring stay until the demo is reset)."""
    from .workbook.session import PageSession

    workspace = store.demo_workspace().workspace
    lead = store.join(workspace.id, DEMO_FACILITATOR, "facilitator")
    for path in demo_paths():
        demo = read_demo(path)
        q = find_shipped(demo.page)
        assert q is not None
        session = PageSession(store, q, workspace, lead, role="facilitator")
        if session.load():
            continue
        session.save(demo.plan)
        for person in demo.people:
            who = store.join(workspace.id, person.name, person.role)
            PageSession(store, q, workspace, who, role=person.role).save(person.answers)
    return workspace


def demo_context(page_id: str, *, role: str = "facilitator") -> Any:
    """A page context from the demo files alone (no store): the page's plan and the demo
    facilitator's own answers, fictional people's answers as the group, and every other page's
    demo plan for views that read another page. For tests, screenshots and docs."""
    from .scoring import answers_to_frame, empty_answer_frame
    from .views import PageContext

    demos = {d.page: d for d in (read_demo(p) for p in demo_paths())}
    q = find_shipped(page_id)
    if q is None:
        raise TemplateError([Problem(page_id, "", f"unknown page {page_id!r}")])
    demo = demos.get(q.id, DemoData(q.id, {}, ()))
    lead = next((p for p in demo.people if p.role == "facilitator"), None)
    answers = {**demo.plan, **(lead.answers if lead else {})}

    def group() -> Any:
        import pandas as pd

        frames = [
            answers_to_frame(p.answers, p.name) for p in demo.people if p.role != "facilitator"
        ]
        return pd.concat(frames, ignore_index=True) if frames else empty_answer_frame()

    def pages(other: str) -> dict[str, Any]:
        found = demos.get(other)
        return dict(found.plan) if found else {}

    return PageContext(
        q, answers, group_frame=group, pages=pages, templates=find_shipped, role=role
    )
