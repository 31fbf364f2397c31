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


def _inject(nb: nbformat.NotebookNode, params: dict) -> None:
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    injected = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(injected))


def _run_all(runs: dict[str, tuple[Path, dict]], folder: Path) -> dict[str, list]:
    """Run several notebooks one after another in ONE kernel; each notebook's cells, by name.

    A kernel start costs seconds; pages share no module state, so running them in one kernel
    is as faithful and also checks that one page leaves nothing behind for the next.
    """
    combined = nbformat.v4.new_notebook()
    for name, (path, params) in runs.items():
        nb = nbformat.read(path, as_version=4)
        _inject(nb, params)
        for cell in nb.cells:
            cell.metadata["rw_run"] = name
        combined.cells += nb.cells
    NotebookClient(
        combined,
        timeout=180,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    cells: dict[str, list] = {name: [] for name in runs}
    for cell in combined.cells:
        cells[cell.metadata["rw_run"]].append(cell)
    return cells


def _errors(cells) -> list[str]:
    return [
        o.get("ename", "") + ": " + o.get("evalue", "")
        for c in cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> dict[str, list]:
    folder = tmp_path_factory.mktemp("notebooks")
    runs: dict[str, tuple[Path, dict]] = {}
    for path in WORKBOOKS:
        runs[f"{path.stem}:defaults"] = (path, {})
    for path in PAGES:
        runs[f"{path.stem}:demo"] = (path, {"demo": True})
    participant = next(p for p in WORKBOOKS if p.stem == "participant")
    runs["participant:names"] = (
        participant,
        {"workspace": "Notebook Coalition", "respondent": "Tester"},
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REENTRY_WORKBOOK_DB", f"sqlite:///{folder / 'nb.sqlite3'}")
        return _run_all(runs, folder)


def _widget_outputs(cells) -> list:
    return [
        o
        for c in cells
        if c.cell_type == "code"
        for o in c.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.stem)
def test_each_notebook_runs_with_its_own_parameters(path, ran):
    """As someone opening it in JupyterLab and running all cells: no error, something shown."""
    cells = ran[f"{path.stem}:defaults"]
    assert _errors(cells) == []
    assert _widget_outputs(cells)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_each_page_runs_with_demo_parameters(path, ran):
    q = load_template(next(t for t in template_paths() if t.stem == path.stem))
    cells = ran[f"{path.stem}:demo"]
    assert _errors(cells) == []
    assert len(_widget_outputs(cells)) == len(q.steps) + 2  # header, each step, summary


def test_participant_with_names(ran):
    assert _errors(ran["participant:names"]) == []
    assert _widget_outputs(ran["participant:names"])
