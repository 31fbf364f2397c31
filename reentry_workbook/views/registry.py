"""The view registry: views by name, each view's module imported the first time it is asked for."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import View


class Registry(MutableMapping[str, "View[Any]"]):
    """Registered views by name. ``where`` says which module registers each known view, so a
    page pays only for the view modules it uses (networkx, the calculators and their models
    load when a page shows such a view, or when every view is listed or checked)."""

    def __init__(self) -> None:
        self._views: dict[str, View[Any]] = {}
        self._where: dict[str, str] = {}

    def index(self, where: Mapping[str, str]) -> None:
        """Learn which module (dotted path) registers each view."""
        self._where.update(where)

    def registered(self, name: str) -> bool:
        """Whether ``name`` is already registered (without importing anything)."""
        return name in self._views

    def __getitem__(self, name: str) -> View[Any]:
        if name not in self._views and name in self._where:
            importlib.import_module(self._where[name])
        return self._views[name]

    def __setitem__(self, name: str, value: View[Any]) -> None:
        self._views[name] = value

    def __delitem__(self, name: str) -> None:
        del self._views[name]
        self._where.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._views or name in self._where

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._where), **dict.fromkeys(self._views)})

    def __len__(self) -> int:
        return len(self._where.keys() | self._views.keys())
