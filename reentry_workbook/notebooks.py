"""Thin, papermill-style notebooks written from page templates (one per page)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Questionnaire
from .templates import shipped_folder, template_paths

PARAMETERS = """# Parameters: a served page reads them from its address (?key=...).
key = None
workspace = None
respondent = None
demo = False"""


def _cell(kind: str, source: str, n: int, tags: list[str] | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{n}", "metadata": {}, "source": source}
    if tags:
        cell["metadata"]["tags"] = tags
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def notebook_json(q: Questionnaire, stem: str) -> str:
    """The notebook of a page as stable JSON text (same template, same bytes)."""
    s = q.source
    intro = f"\n\n{q.intro}" if q.intro else ""
    cells = [
        _cell(
            "markdown",
            f"# {q.title}{intro}\n\nBased on the toolkit page [{s.page}]({s.url}) "
            f"(*{s.toolkit}*, Part {s.part}: {s.section}).",
            1,
        ),
        _cell("code", PARAMETERS, 2, ["parameters"]),
        _cell(
            "code",
            "from reentry_workbook import open_store, open_workbook\n\n"
            f'wb = open_workbook("{stem}", open_store(), workspace, respondent, demo)\nwb.header()',
            3,
        ),
    ]
    n = 4
    for i, step in enumerate(q.steps, start=1):
        cells.append(_cell("markdown", f"## {i}. {step.title}", n))
        cells.append(_cell("code", f'wb.step("{step.id}")', n + 1))
        n += 2
    cells.append(_cell("markdown", "## Summary and take-home report", n))
    cells.append(_cell("code", "wb.summary()", n + 1))
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "reentry_workbook": {"page": q.id, "generated": True},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


PARTICIPANT_STEM = "participant"
PARTICIPANT_INTRO = (
    "# Coalition questionnaire\n\nAnswer at your own pace: every answer is saved as soon as you "
    'give it. Skip anything you do not know; "Not sure" is a useful answer too.'
)


def participant_notebook_json(default_page: str) -> str:
    """The one participant notebook for every page: the page comes from its address
    (``?page=<file stem>``), ``default_page`` when it is opened in JupyterLab."""
    cells = [
        _cell("markdown", PARTICIPANT_INTRO, 1),
        _cell(
            "code",
            f"page = {json.dumps(default_page)}\n" + PARAMETERS.split("\n", 1)[1],
            2,
            ["parameters"],
        ),
        _cell(
            "code",
            "from reentry_workbook import open_store, questionnaire_app\n\n"
            "questionnaire_app(page, open_store(), workspace, respondent, demo)",
            3,
        ),
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "reentry_workbook": {"audience": "participant", "generated": True},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def default_participant_page() -> str:
    """The page the participant notebook shows when its address names none: the first shipped
    page, in the toolkit's order, with questions for participants."""
    from .templates import load_template, page_catalog

    stems = {load_template(p).id: p.stem for p in template_paths()}
    entries = [e for e in page_catalog() if e.id in stems]
    first = next((e for e in entries if e.has_participant_questions), entries[0])
    return stems[first.id]


def workbooks_dir() -> Path:
    """The folder of shipped notebooks (installed or in a checkout)."""
    return shipped_folder("workbooks")


def write_notebook(q: Questionnaire, folder: Path, stem: str) -> Path:
    """Write ``<stem>.ipynb`` for a page into ``folder``."""
    path = folder / f"{stem}.ipynb"
    path.write_text(notebook_json(q, stem), encoding="utf-8")
    return path


def stale_notebooks(folder: Path | None = None, templates: list[Path] | None = None) -> list[str]:
    """Shipped pages whose notebook is missing or differs from what the template makes."""
    from .templates import load_template

    folder = folder or workbooks_dir()
    problems = []
    for path in templates or template_paths():
        q = load_template(path)
        target = folder / f"{path.stem}.ipynb"
        if not target.exists():
            problems.append(f"{target}: missing; run 'reentry-workbook notebook --write'")
        elif target.read_text(encoding="utf-8") != notebook_json(q, path.stem):
            problems.append(f"{target}: out of date; run 'reentry-workbook notebook --write'")
    if templates is None:
        target = folder / f"{PARTICIPANT_STEM}.ipynb"
        wanted = participant_notebook_json(default_participant_page())
        if not target.exists() or target.read_text(encoding="utf-8") != wanted:
            problems.append(
                f"{target}: missing or out of date; run 'reentry-workbook notebook --write'"
            )
    return problems


def write_all(folder: Path | None = None) -> list[Path]:
    """Write every shipped page's notebook."""
    from .templates import load_template

    folder = folder or workbooks_dir()
    written = [write_notebook(load_template(p), folder, p.stem) for p in template_paths()]
    participant = folder / f"{PARTICIPANT_STEM}.ipynb"
    participant.write_text(participant_notebook_json(default_participant_page()), encoding="utf-8")
    return [*written, participant]
