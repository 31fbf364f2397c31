"""Named, parameterised views: pure functions of a page context returning escaped HTML/SVG.

Every module in this package registers its views when imported; a new page-specific view is
one new module here.
"""

import importlib
import pkgutil

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

for _info in pkgutil.iter_modules(__path__):
    if _info.name not in ("base", "params", "group", "group_votes", "influence_svg"):
        importlib.import_module(f"{__name__}.{_info.name}")

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
