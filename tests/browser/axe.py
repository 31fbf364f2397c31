"""axe-core in the browser tests: ``axe(page)`` lists the accessibility rules a page breaks."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SERIOUS = ("serious", "critical")
Violation = dict[str, Any]


def run_axe(page: Page, context: str | None = None) -> list[Violation]:
    """Run axe-core (the copy bundled with axe-playwright-python) on the page as it is now,
    or on the part ``context`` selects; return its violations: id, impact, help, nodes."""
    results = Axe().run(page, context=context, options={"resultTypes": ["violations"]})
    return list(results.response["violations"])


def serious(violations: list[Violation]) -> list[Violation]:
    """Only the violations axe rates serious or critical."""
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations: list[Violation]) -> str:
    """One line per violation and up to three offending elements, for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v.get('impact')} {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        lines += [f"    {n['target']} {n['html'][:120]}" for n in v["nodes"][:3]]
    return "\n".join(lines)


@pytest.fixture
def axe():
    """``axe(page, context=None) -> violations``, as a fixture (import it into a test module)."""
    return run_axe
