"""Small input adapters: one ipywidget each, exchanging plain values (None = no answer)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as W

from ..model import Choice

Callback = Callable[[Any], None]
_LABEL_STYLE = {"description_width": "initial"}


class Input:
    """Base adapter: plain ``value``, ``on_change`` for user edits, ``error`` for bad text."""

    widget: W.Widget

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []
        self._setting = False
        self.error: str | None = None

    def on_change(self, callback: Callback) -> None:
        """Call ``callback(value)`` after each edit by the user (not after ``value = ...``)."""
        self._callbacks.append(callback)

    def _emit(self, value: Any) -> None:
        if not self._setting:
            for callback in self._callbacks:
                callback(value)

    @property
    def value(self) -> Any:
        """The current answer as plain data (None = no answer)."""
        return self._get()

    @value.setter
    def value(self, new: Any) -> None:
        self._setting = True
        try:
            self.error = None
            self._set(new)
        finally:
            self._setting = False

    def _get(self) -> Any:
        raise NotImplementedError

    def _set(self, new: Any) -> None:
        raise NotImplementedError


class TextInput(Input):
    """One line or several lines of text."""

    def __init__(self, label: str, multiline: bool = False, placeholder: str = "") -> None:
        super().__init__()
        cls = W.Textarea if multiline else W.Text
        self.widget = cls(
            description=label,
            placeholder=placeholder,
            style=_LABEL_STYLE,
            continuous_update=True,
            layout=W.Layout(width="100%", height="6em" if multiline else None),
        )
        self.widget.observe(lambda ch: self._emit(self.value), names="value")

    def _get(self) -> str | None:
        """The text, or None when blank."""
        text = self.widget.value
        return text if text.strip() else None

    def _set(self, new: str | None) -> None:
        self.widget.value = new or ""


class NumberInput(Input):
    """A number typed as text, so that 'no answer' stays possible; bad text sets ``error``."""

    def __init__(self, label: str, integer: bool, placeholder: str = "") -> None:
        super().__init__()
        self.integer = integer
        self._last: int | float | None = None
        self.widget = W.Text(
            description=label,
            placeholder=placeholder or ("a whole number" if integer else "a number"),
            style=_LABEL_STYLE,
            continuous_update=True,
            layout=W.Layout(width="100%", max_width="22em"),
        )
        self.widget.observe(self._typed, names="value")

    def _parse(self, text: str) -> int | float | None:
        text = text.strip().replace(",", "")
        if not text:
            return None
        number = float(text)  # ValueError for junk
        if not math.isfinite(number):
            raise ValueError(text)
        if self.integer:
            if number != int(number):
                raise ValueError(text)
            return int(number)
        return int(number) if number.is_integer() and "." not in text else number

    def _typed(self, change: dict) -> None:
        try:
            parsed = self._parse(change["new"])
        except ValueError:
            self.error = "Enter a whole number, like 12." if self.integer else "Enter a number."
            self._emit(self._last)  # the answer stays as it was; the form shows the error
            return
        self.error = None
        self._last = parsed
        self._emit(parsed)

    def _get(self) -> int | float | None:
        """The last number typed that could be read."""
        return self._last

    def _set(self, new: int | float | None) -> None:
        self._last = new
        self.widget.value = (
            "" if new is None else f"{new:g}" if isinstance(new, float) else str(new)
        )


class DateInput(Input):
    """A date picker; the plain value is an ISO date string."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.widget = W.DatePicker(description=label, style=_LABEL_STYLE)
        self.widget.observe(lambda ch: self._emit(self.value), names="value")

    def _get(self) -> str | None:
        """The date as YYYY-MM-DD, or None."""
        day = self.widget.value
        return day.isoformat() if day else None

    def _set(self, new: str | None) -> None:
        self.widget.value = dt.date.fromisoformat(new) if new else None


class ChoiceInput(Input):
    """One option from a list: radio buttons for short lists, a drop-down for long ones."""

    RADIO_LIMIT = 7

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[str, Any]],
        horizontal: bool = False,
        dropdown: bool | None = None,
    ) -> None:
        super().__init__()
        use_dropdown = len(options) > self.RADIO_LIMIT if dropdown is None else dropdown
        if use_dropdown:
            self.widget = W.Dropdown(
                description=label,
                options=[("— choose —", None), *options],
                value=None,
                style=_LABEL_STYLE,
                layout=W.Layout(width="100%", max_width="36em"),
            )
        else:
            self.widget = W.RadioButtons(
                description=label, options=list(options), value=None, style=_LABEL_STYLE
            )
            if horizontal:
                self.widget.add_class("rw-horizontal")
        self.widget.observe(lambda ch: self._emit(self.value), names="value")

    def _get(self) -> Any:
        """The chosen option's value, or None."""
        return self.widget.value

    def _set(self, new: Any) -> None:
        self.widget.value = new


class MultiChoiceInput(Input):
    """Any number of options, as a group of labelled check boxes."""

    def __init__(self, label: str, options: Sequence[Choice]) -> None:
        super().__init__()
        self._values = [c.value for c in options]
        self.boxes = [
            W.Checkbox(value=False, description=c.label, indent=False, style=_LABEL_STYLE)
            for c in options
        ]
        for box in self.boxes:
            box.observe(lambda ch: self._emit(self.value), names="value")
        legend = W.Label(label)
        legend.add_class("rw-legend")
        grid = W.Box(self.boxes)
        grid.add_class("rw-checkgroup")
        self.widget = W.VBox([legend, grid])

    def _get(self) -> list[str] | None:
        """The chosen option values in list order, or None when none is chosen."""
        chosen = [v for v, box in zip(self._values, self.boxes, strict=True) if box.value]
        return chosen or None

    def _set(self, new: list[str] | None) -> None:
        chosen = set(new or ())
        for v, box in zip(self._values, self.boxes, strict=True):
            box.value = v in chosen


def choice_options(choices: Sequence[Choice], cast: Callable[[str], Any] = str) -> list[tuple]:
    """(label, value) pairs for a selection widget."""
    return [(c.label, cast(c.value)) for c in choices]


YES_NO_OPTIONS = [("Yes", True), ("No", False)]
