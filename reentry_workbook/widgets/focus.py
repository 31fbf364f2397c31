"""Acting after typing has landed, moving the keyboard focus, and bringing new content into view."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import ipywidgets as W

from ..page import kernel_loop

FOCUS_RETRY = 0.3
"""Seconds after which the focus is asked for once more, in case the browser drew the widget
after the first request arrived (a request for a widget without a view is dropped)."""

TYPING_DELAY = 0.4
_anchors: weakref.WeakKeyDictionary[W.Box, W.Button] = weakref.WeakKeyDictionary()


def after_typing(action: Callable[[], None], delay: float = TYPING_DELAY) -> None:
    """Run ``action`` a moment later when a kernel event loop runs (at once outside one).

    The browser holds back text updates while the kernel is busy but sends clicks at once, so
    a click on Done could overtake the last letters typed (and find the record still empty).
    """
    loop = kernel_loop()
    if loop is None:
        action()
    else:
        loop.call_later(delay, action)


def move_focus(widget: W.DOMWidget | None) -> None:
    """Give ``widget`` the keyboard focus in the browser (nothing happens for None)."""
    if widget is None:
        return
    widget.focus()
    loop = kernel_loop()
    if loop is not None:
        loop.call_later(FOCUS_RETRY, widget.focus)


def anchor_of(box: W.Box) -> W.Button | None:
    """The focus marker ``bring_into_view`` put at the start of ``box``, if any."""
    return _anchors.get(box)


def bring_into_view(box: W.Box, label: str, *, focus: bool = False) -> None:
    """Scroll so that the top of ``box`` is at the top of the screen, and say where we are.

    An invisible marker at the start of ``box`` takes the focus: the browser scrolls to it (the
    style sheet places it at the top of the screen, not the middle), a screen reader reads
    ``label`` (e.g. 'Step 2 of 5: Networks'), and Tab goes on to the first question. The marker
    is out of the Tab order. The first call for a box only puts the marker in place, so a page
    that has just opened keeps its scroll position and focus, unless ``focus`` asks for it (the
    control that had the focus, such as a Start button, has just gone).
    """
    anchor = _anchors.get(box)
    first = anchor is None
    if anchor is None:
        anchor = W.Button(description=label, tabbable=False, layout=W.Layout(width="auto"))
        anchor.add_class("rw-anchor")
        _anchors[box] = anchor
    anchor.description = label
    if not box.children or box.children[0] is not anchor:
        box.children = (anchor, *(c for c in box.children if c is not anchor))
    if focus or not first:
        move_focus(anchor)
