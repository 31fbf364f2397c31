"""In JupyterLab too: people's words are not typeset as math, and the guard's heartbeat works."""

import nbformat
from playwright.sync_api import Page, expect

MONEY = "$5 a day and $100 a month"


def test_plain_label_and_guard_in_jupyterlab(page: Page, lab_server, screenshots):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as W\n"
            "from reentry_workbook.widgets.guard import SaveGuard\n"
            "from reentry_workbook.widgets.text import plain_label\n"
            f"control = W.Label({MONEY!r}); control.add_class('rw-control')\n"
            f"mine = plain_label({MONEY!r}); mine.add_class('rw-plain')\n"
            "guard = SaveGuard('lab-page'); guard.show('✓ Saved 10:42', 'saved')\n"
            "W.VBox([control, mine, guard])"
        )
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python", "language": "python"}
    nbformat.write(nb, lab_server.folder / "money.ipynb")
    page.goto(f"{lab_server.url}/lab/tree/money.ipynb?reset")  # not the last test's layout
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
    page.wait_for_function(
        "document.querySelector('.jp-Notebook .jp-Cell') !== null"
        " && window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel != null"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
        " === 'idle'",
        timeout=90_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    mine = page.locator(".rw-plain")
    expect(mine).to_be_visible(timeout=90_000)
    # the same words in a plain Label are typeset: the risk is real here
    expect(page.locator(".rw-control mjx-container")).to_have_count(1, timeout=30_000)
    expect(mine).to_have_text(MONEY)
    assert mine.locator("mjx-container").count() == 0
    guard = page.locator(".rw-guard")
    expect(guard).to_contain_text("✓ Saved 10:42")
    # four answered heartbeats take longer than the 6 s after which it would say "lost"
    page.wait_for_function(
        "Number(document.querySelector('.rw-guard')?.dataset.answers || 0) >= 4", timeout=30_000
    )
    expect(guard).not_to_have_attribute("data-state", "lost")
    expect(guard).to_contain_text("✓ Saved 10:42")
    page.locator(".jp-OutputArea-output").first.screenshot(path=str(screenshots / "lab-money.png"))
