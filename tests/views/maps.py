"""Every shipped page that draws an influence map, with the map's view spec (for the view's
tests in Python and in the browser)."""

import pytest

from reentry_workbook.templates import load_template, template_paths


def first_map(path):
    """The first influence map a page shows in its summary or report, or None."""
    q = load_template(path)
    return next((s for s in (*q.summary, *(q.report or ())) if s.view == "influence_map"), None)


MAPS = [pytest.param(p, first_map(p), id=p.stem) for p in template_paths() if first_map(p)]
