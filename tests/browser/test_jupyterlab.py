"""The planning workbook also works as a normal notebook in JupyterLab (run all cells)."""

import shutil

import pytest
from playwright.sync_api import Page, expect

from reentry_workbook.serve import workbooks_dir

NOTEBOOK = "identify-community-members-and-networks.ipynb"

# Runs code in the notebook's kernel and returns what it printed.
RUN_IN_KERNEL = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false });
  let out = "";
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === "stream") out += msg.content.text;
    if (msg.header.msg_type === "error") out += msg.content.ename + ": " + msg.content.evalue;
  };
  await future.done;
  return out;
}"""


@pytest.fixture
def lab(lab_server) -> str:
    """The session's JupyterLab (shared with the other lab test) with the planning notebook."""
    shutil.copy(workbooks_dir() / NOTEBOOK, lab_server.folder)
    return lab_server.url


def test_run_all_cells_in_jupyterlab(page: Page, lab, screenshots):
    page.goto(f"{lab}/lab/tree/{NOTEBOOK}?reset")  # not the last test's layout
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
    page.wait_for_function(
        "document.querySelector('.jp-Notebook .jp-Cell') !== null"
        " && window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel != null",
        timeout=90_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    panel = page.locator(".rw-start-panel")
    expect(panel).to_be_visible(timeout=90_000)
    panel.get_by_role("button", name="Explore with fictional demo data").click()
    expect(page.locator(".rw-who")).to_contain_text("fictional demo data", timeout=60_000)
    expect(page.locator(".rw-section-step-who_sways_whom svg")).to_be_attached()
    expect(page.locator(".rw-problem")).to_have_count(0)
    page.screenshot(path=str(screenshots / "jupyterlab.png"))

    # The page's widget messages are handled on the kernel's main thread, where its timers
    # (saving, live refresh) run too: with ipykernel 7, JupyterLab hands them to "subshell"
    # threads, and the demo once stopped building halfway in CI with the save guard saying the
    # connection was lost.
    page.wait_for_function(
        "Number(document.querySelector('.rw-guard')?.dataset.answers || 0) >= 2", timeout=30_000
    )
    threads = page.evaluate(
        RUN_IN_KERNEL,
        "import threading; print(sorted(t.name for t in threading.enumerate()))",
    )
    assert "MainThread" in threads, threads
    assert "subshell" not in threads, f"widget messages handled off the main thread: {threads}"
