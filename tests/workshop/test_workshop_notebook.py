"""workbooks/workshop.ipynb: thin, a facilitator page, and it runs with URL-style parameters."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from reentry_workbook.serve import workbooks_dir
from reentry_workbook.server.catalog import read_notebook
from reentry_workbook.store import open_store

NOTEBOOK = workbooks_dir() / "workshop.ipynb"


def test_the_server_treats_it_as_a_facilitator_page():
    found = read_notebook(NOTEBOOK, [])
    assert found.audience == "facilitator" and not found.allows("participant")
    assert json.loads(NOTEBOOK.read_text())["metadata"]["reentry_workbook"]["audience"] == (
        "facilitator"
    )


@pytest.mark.notebook
def test_it_runs_with_a_facilitator_key(tmp_path: Path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'nb.sqlite3'}"
    monkeypatch.setenv("REENTRY_WORKBOOK_DB", db)
    store = open_store(db)
    key = store.create_workspace("Notebook Coalition").facilitator_key
    store.close()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    page = "identify_community_members_and_networks"
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(f"key = {key!r}\npage = {page!r}"))
    NotebookClient(nb, timeout=180, kernel_name="python3").execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
