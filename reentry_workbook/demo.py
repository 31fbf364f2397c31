"""Obviously fictional demo data for every page: the Riverbend County Reentry Coalition."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import strict_yaml
from .answers import context, validate_answers
from .errors import Problem, TemplateError
from .store import Store
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


def load_demo(store: Store) -> None:
    """Fill the demo workspace with every page's demo data, once (pages already there are left
    as they are, so a visitor's changes to the demo stay until it is reset)."""
    from .workbook.session import PageSession

    for path in demo_paths():
        demo = read_demo(path)
        q = find_shipped(demo.page)
        assert q is not None
        lead = PageSession(
            store, q, DEMO_WORKSPACE, DEMO_FACILITATOR, role="facilitator", is_demo=True
        )
        if lead.load():
            continue
        lead.save(demo.plan)
        for person in demo.people:
            session = PageSession(
                store, q, DEMO_WORKSPACE, person.name, role=person.role, is_demo=True
            )
            session.save(person.answers)
