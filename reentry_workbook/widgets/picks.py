"""Pick lists whose options are the current records of a list (of this page or another)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..messages import Catalog
from .inputs import Input

Options = Callable[[], list[tuple[str, str]]]
_LABEL_STYLE = {"description_width": "initial"}


class PickInput(Input):
    """Choose one record (a drop-down) or several (check boxes) from a list that can change.

    ``options`` returns (name, record id) pairs; ``refresh()`` re-reads them, keeping the
    current choice. A chosen record that was removed stays chosen and is marked as removed.
    """

    def __init__(self, label: str, options: Options, tr: Catalog, multiple: bool = False) -> None:
        super().__init__()
        self._options = options
        self.multiple = multiple
        self.tr = tr
        self._value: list[str] = []
        self._removed_word = tr("answers.removed_record")
        self.legend = W.HTML()
        self.legend.add_class("rw-legend")
        self.label_text = label
        if multiple:
            self.box = W.Box()
            self.box.add_class("rw-checkgroup")
            self.widget = W.VBox([self.legend, self.box])
            self.legend.value = _escape(label)
        else:
            self.select = W.Dropdown(
                description=label,
                options=[(tr("form.choose"), None)],
                value=None,
                style=_LABEL_STYLE,
                layout=W.Layout(width="100%", max_width="36em"),
            )
            self.select.observe(self._picked, names="value")
            self.widget = self.select
        self.widget.add_class("rw-pick")
        self._checks: dict[str, W.Checkbox] = {}
        self.refresh()

    def refresh(self) -> None:
        """Re-read the records the list offers, keeping what is chosen."""
        options = self._options()
        known = {rid for _, rid in options}
        extra = [(self._removed_word, rid) for rid in self._value if rid not in known]
        self._setting = True
        try:
            if self.multiple:
                for box in self._checks.values():
                    box.close()
                self._checks = {}
                for name, rid in [*options, *extra]:
                    box = W.Checkbox(
                        value=rid in self._value, description=name, indent=False, style=_LABEL_STYLE
                    )
                    box.observe(lambda ch, rid=rid: self._ticked(rid, ch["new"]), names="value")
                    self._checks[rid] = box
                self.box.children = list(self._checks.values())
                if not options and not extra:
                    self.box.children = [
                        W.HTML(f"<i>{_escape(self.tr('form.nothing_to_pick'))}</i>")
                    ]
            else:
                choices = [(self.tr("form.choose"), None), *options, *extra]
                current = self._value[0] if self._value else None
                self.select.options = choices
                self.select.value = current if current in {v for _, v in choices} else None
        finally:
            self._setting = False

    def _picked(self, change: dict[str, Any]) -> None:
        if self._setting:
            return
        self._value = [change["new"]] if change["new"] else []
        self._emit(self.value)

    def _ticked(self, rid: str, on: bool) -> None:
        if self._setting:
            return
        if on and rid not in self._value:
            self._value.append(rid)
        elif not on and rid in self._value:
            self._value.remove(rid)
        self._emit(self.value)

    def _get(self) -> str | list[str] | None:
        if self.multiple:
            return list(self._value) or None
        return self._value[0] if self._value else None

    def _set(self, new: str | list[str] | None) -> None:
        if new is None:
            self._value = []
        else:
            self._value = list(new) if isinstance(new, list) else [new]
        self.refresh()


def _escape(text: str) -> str:
    import html

    return html.escape(text)
