"""The shipped notebooks: stripped of outputs, thin, and runnable with URL-style parameters."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook
WORKBOOKS = sorted((Path(__file__).resolve().parents[2] / "workbooks").glob("*.ipynb"))


def test_there_are_workbooks():
    assert {p.name for p in WORKBOOKS} >= {"community-support.ipynb", "participant.ipynb"}


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


def test_flagship_with_demo_parameters(tmp_path, monkeypatch):
    monkeypatch.setenv("REENTRY_WORKBOOK_DB", f"sqlite:///{tmp_path / 'nb.sqlite3'}")
    nb = _run(WORKBOOKS[0], tmp_path, demo=True)
    assert _errors(nb) == []
    widget_outputs = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widget_outputs) == 9  # header, seven steps, summary


def test_participant_with_names(tmp_path, monkeypatch):
    monkeypatch.setenv("REENTRY_WORKBOOK_DB", f"sqlite:///{tmp_path / 'nb.sqlite3'}")
    path = next(p for p in WORKBOOKS if p.stem == "participant")
    nb = _run(path, tmp_path, workspace="Notebook Coalition", respondent="Tester")
    assert _errors(nb) == []
