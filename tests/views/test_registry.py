"""The lazy view registry: its index matches what the view modules register."""

import importlib
import pkgutil
import subprocess
import sys

import pytest

import reentry_workbook.views as views_package
from reentry_workbook.templates import load_template, template_paths
from reentry_workbook.views import _WHERE, VIEWS


def test_the_index_names_every_view_and_the_module_that_registers_it():
    for info in pkgutil.iter_modules(views_package.__path__):
        importlib.import_module(f"{views_package.__name__}.{info.name}")
    ours = {
        name: VIEWS[name].render.__module__
        for name in list(VIEWS)
        if VIEWS[name].render.__module__.startswith(f"{views_package.__name__}.")
    }
    assert ours == {name: f"{views_package.__name__}.{m}" for name, m in _WHERE.items()}


def test_a_view_module_is_imported_when_its_view_is_first_asked_for():
    code = (
        "import sys\n"
        "from reentry_workbook.views import VIEWS\n"
        "assert 'reentry_workbook.views.influence' not in sys.modules\n"
        "assert 'outreach_ranking' in VIEWS and len(VIEWS) >= 30\n"
        "assert 'reentry_workbook.views.influence' not in sys.modules\n"
        "assert VIEWS['outreach_ranking'].name == 'outreach_ranking'\n"
        "assert 'reentry_workbook.views.influence' in sys.modules\n"
        "assert 'networkx' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_unknown_view_is_not_in_the_registry():
    assert "no_such_view" not in VIEWS
    assert VIEWS.get("no_such_view") is None


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: p.stem)
def test_a_kernel_started_ahead_can_draw_every_view_of_the_page(path):
    from reentry_workbook.views.warm import warm_up

    q = load_template(path)
    assert warm_up(q) == len(q.shown_views)  # none failed on the demo
