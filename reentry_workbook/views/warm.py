"""A page's views drawn once ahead of time, in a kernel started before anyone asks for the page."""

from __future__ import annotations

import logging

from ..model import Questionnaire
from .base import PageContext, parse

log = logging.getLogger(__name__)


def warm_up(q: Questionnaire) -> int:
    """Draw every view ``q`` shows on its demo (or an empty page); return how many were drawn.

    A kernel Voila starts ahead of time has nothing to do until a page is asked for. Drawing
    the views once then imports their modules and libraries (pandas, networkx) and compiles
    their HTML templates, work the page would otherwise do while its person waits. Views are
    pure functions, so nothing of the demo stays. Never raises: a view that fails here is drawn
    (and explained) on the page as usual.
    """
    from ..demo import demo_context

    try:
        ctx = demo_context(q.id)
    except Exception:  # noqa: BLE001 - a page without a demo is drawn empty
        ctx = PageContext.of(q, {})
    drawn = 0
    for spec in q.shown_views:
        try:
            view, params = parse(spec)
            view.render(ctx, params)
            drawn += 1
        except Exception:  # noqa: BLE001 - only a rehearsal; the page shows its own problems
            log.debug("warming view %s failed", spec.view, exc_info=True)
    return drawn
