"""The shipped notebooks: stripped of outputs, thin, and runnable with URL-style parameters."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from reentry_workbook.notebooks import stale_notebooks, write_notebook
from reentry_workbook.templates import load_template, template_paths

pytestmark = pytest.mark.notebook
WORKBOOKS = sorted((Path(__file__).resolve().parents[2] / "workbooks").glob("*.ipynb"))
PAGES = [p for p in WORKBOOKS if p.stem not in ("participant", "workshop")]


def test_every_page_has_its_notebook_and_each_is_up_to_date():
    assert {p.stem for p in PAGES} == {p.stem for p in template_paths()}
    assert stale_notebooks() == []


def test_a_changed_template_makes_its_notebook_stale(tmp_path):
    template = template_paths()[0]
    folder = tmp_path / "workbooks"
    folder.mkdir()
    changed = tmp_path / template.name
    changed.write_text(template.read_text().replace("title: ", "title: Changed ", 1))
    write_notebook(load_template(template), folder, template.stem)
    assert stale_notebooks(folder, [template]) == []
    assert "out of date" in stale_notebooks(folder, [changed])[0]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "widgets" not in nb["metadata"]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_cells_hold_no_logic(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    for cell in code:
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= 5, cell.source
        assert not any(
            line.lstrip().startswith(("def ", "class ", "for ", "while ")) for line in lines
        )


def _run(path: Path, tmp_path: Path, **params) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    injected = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(injected))
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return nb


def _errors(nb) -> list[str]:
    return [
        o.get("ename", "") + ": " + o.get("evalue", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_each_page_runs_with_demo_parameters(path, tmp_path, monkeypatch):
    monkeypatch.setenv("REENTRY_WORKBOOK_DB", f"sqlite:///{tmp_path / 'nb.sqlite3'}")
    q = load_template(next(t for t in template_paths() if t.stem == path.stem))
    nb = _run(path, tmp_path, demo=True)
    assert _errors(nb) == []
    widget_outputs = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widget_outputs) == len(q.steps) + 2  # header, each step, summary


def test_participant_with_names(tmp_path, monkeypatch):
    monkeypatch.setenv("REENTRY_WORKBOOK_DB", f"sqlite:///{tmp_path / 'nb.sqlite3'}")
    path = next(p for p in WORKBOOKS if p.stem == "participant")
    nb = _run(path, tmp_path, workspace="Notebook Coalition", respondent="Tester")
    assert _errors(nb) == []
