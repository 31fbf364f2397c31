"""Reach widgets by their stable rw-* class names, not by their position in a layout."""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as W


def _walk(root: W.Widget, shown_only: bool) -> Iterator[W.Widget]:
    if shown_only and getattr(getattr(root, "layout", None), "display", None) == "none":
        return
    yield root
    for child in getattr(root, "children", ()):
        yield from _walk(child, shown_only)


def all_by_class(root: W.Widget, cls: str, shown_only: bool = True) -> list[W.Widget]:
    """Every widget under ``root`` (itself included) carrying the CSS class ``cls``."""
    return [w for w in _walk(root, shown_only) if cls in getattr(w, "_dom_classes", ())]


def by_class(root: W.Widget, cls: str, shown_only: bool = True) -> W.Widget:
    """The one widget under ``root`` carrying ``cls`` (AssertionError if none or several)."""
    found = all_by_class(root, cls, shown_only)
    assert len(found) == 1, f"{len(found)} widgets with class {cls!r}"
    return found[0]


def shown(widget: W.Widget) -> bool:
    """Whether the widget itself is not hidden with display: none."""
    return widget.layout.display != "none"


class FocusSpy:
    """Records every widget asked to take the keyboard focus, in order."""

    def __init__(self) -> None:
        self.calls: list[W.Widget] = []

    @property
    def last(self) -> W.Widget | None:
        """The widget focused last, or None."""
        return self.calls[-1] if self.calls else None
