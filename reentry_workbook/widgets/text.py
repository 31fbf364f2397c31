"""People's words shown as written: never typeset as math ("$5 a day and $100 a month")."""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as W

# MathJax 3 (JupyterLab 4, Voila 0.5) skips elements with the first class, MathJax 2 the second;
# the check is made on the element being typeset itself, so the class goes on that element.
NO_MATH_CLASSES = ("mathjax_ignore", "tex2jax_ignore")
NO_MATH = " ".join(NO_MATH_CLASSES)
WidgetT = TypeVar("WidgetT", bound=W.DOMWidget)


def keep_text(widget: WidgetT) -> WidgetT:
    """Mark ``widget`` so its value is never typeset as math; returns it.

    Works for ``Label`` (its value is its own element). A widget's ``description`` is typeset
    on a child element this cannot reach: never put people's words in a description.
    """
    for name in NO_MATH_CLASSES:
        widget.add_class(name)
    return widget


def plain_label(text: str, **kwargs: Any) -> W.Label:
    """A ``Label`` showing ``text`` exactly as written."""
    return keep_text(W.Label(text, **kwargs))


def plain_html(html: str, **kwargs: Any) -> W.HTML:
    """An ``HTML`` widget whose content (already escaped where it holds people's words) is
    never typeset as math, here or if it is later displayed in an output area."""
    return keep_text(W.HTML(f"<div class='{NO_MATH}'>{html}</div>", **kwargs))
