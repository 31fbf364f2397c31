"""Named, parameterised views: pure functions of a page context returning escaped HTML/SVG.

Every module in this package registers its views when imported; a new page-specific view is
one new module here and one line per view in ``_WHERE`` (the test suite checks that the lines
match what the modules register). A view's module is imported when the view is first used.
"""

from .base import (
    VIEWS,
    Action,
    ActionResult,
    PageContext,
    View,
    check_spec,
    html_env,
    page_items_of,
    parse,
    render,
    view,
)

# view name -> the module of this package that registers it
_WHERE = {
    "answers_table": "text",
    "baseline_calculator": "baseline_calculator",
    "capacity_against_need": "capacity_against_need",
    "coverage_bars": "coverage",
    "cross_grid": "cross_grid",
    "disagreements": "scores",
    "factor_table": "scores",
    "funding_progress": "funding_progress",
    "gap_sentences": "coverage",
    "grid_2d": "grid",
    "impact_projection": "impact_projection",
    "influence_map": "influence",
    "list_summary": "lists",
    "list_table": "lists",
    "outreach_ranking": "influence",
    "program_reach": "program_reach",
    "readiness_bars": "scores",
    "reentry_map_grid": "reentry_map_grid",
    "risk_needs_mismatch": "risk_needs_mismatch",
    "round_change": "round_change",
    "share": "coverage",
    "status_board": "status_board",
    "status_overview": "scores",
    "strategic_plan": "strategic_plan",
    "text_answer": "text",
    "timeline": "lists",
    "totals": "lists",
    "trend": "trend",
    "vote_result": "scores",
    "weighted_criteria": "weighted_criteria",
}
VIEWS.index({name: f"{__name__}.{module}" for name, module in _WHERE.items()})

__all__ = [
    "VIEWS",
    "Action",
    "ActionResult",
    "PageContext",
    "View",
    "check_spec",
    "html_env",
    "page_items_of",
    "parse",
    "render",
    "view",
]
