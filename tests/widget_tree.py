"""Find widgets by their stable ``rw-*`` classes instead of their position in the tree."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ipywidgets as W

PROBLEM = re.compile(r"""class=['"][^'"]*rw-problem""")
"""A problem note in HTML (not the style sheet that styles one)."""


def walk(root: W.Widget) -> Iterator[W.Widget]:
    """Every widget under ``root`` (itself included), depth first."""
    yield root
    for child in getattr(root, "children", ()) or ():
        yield from walk(child)


def find_all(root: W.Widget, cls: str) -> list[W.Widget]:
    """Every widget under ``root`` that carries the class ``cls``."""
    return [w for w in walk(root) if cls in (getattr(w, "_dom_classes", ()) or ())]


def find(root: W.Widget, cls: str) -> W.Widget:
    """The one widget under ``root`` with the class ``cls``."""
    found = find_all(root, cls)
    assert len(found) == 1, f"{len(found)} widgets carry {cls!r}"
    return found[0]


def html_of(root: W.Widget) -> str:
    """All HTML shown under ``root``, joined."""
    return "".join(w.value for w in walk(root) if isinstance(w, W.HTML))
