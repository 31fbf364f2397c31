"""Small input adapters: one ipywidget each, exchanging plain values (None = no answer)."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as W

from ..cell_rules import range_words
from ..messages import Catalog, catalog
from ..model import Choice

Callback = Callable[[Any], None]
_LABEL_STYLE = {"description_width": "initial"}


class Input:
    """Base adapter: plain ``value``, ``on_change`` for user edits, ``error`` for bad text.

    ``widget`` is the control itself; ``extras`` are shown right under it (notes about the
    options, say), and ``focus_target`` is what takes the keyboard focus (None: nothing can).
    """

    widget: W.Widget

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []
        self._setting = False
        self.error: str | None = None
        self.extras: list[W.Widget] = []

    @property
    def focus_target(self) -> W.DOMWidget | None:
        """The widget that takes the keyboard focus for this input."""
        # ipywidgets 8 focuses text boxes, drop-downs, check boxes and buttons; a radio
        # group's view tries its first <label>, which cannot hold the focus
        if isinstance(self.widget, W.Text | W.Textarea | W.Dropdown | W.Checkbox | W.Button):
            return self.widget
        return None

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
    """A number typed as text, so that 'no answer' stays possible; bad text sets ``error``.

    With ``low``/``high``, a number outside them is refused like bad text: the answer stays
    as it was and ``error`` says which numbers fit.
    """

    def __init__(
        self,
        label: str,
        integer: bool,
        placeholder: str = "",
        low: float | None = None,
        high: float | None = None,
        tr: Catalog | None = None,
    ) -> None:
        super().__init__()
        self.tr = tr = tr or catalog()
        self.integer = integer
        self.low = low
        self.high = high
        self._last: int | float | None = None
        noun = tr("answers.a_whole_number" if integer else "answers.a_number")
        self.range = range_words(noun, low, high, tr)
        self.widget = W.Text(
            description=label,
            placeholder=placeholder or self.range or noun,
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

    def _typed(self, change: dict[str, Any]) -> None:
        try:
            parsed = self._parse(change["new"])
        except ValueError:
            self.error = (
                self.tr("inputs.enter_range", range=self.range)
                if self.range
                else self.tr("inputs.enter_whole" if self.integer else "inputs.enter_number")
            )
            self._emit(self._last)  # the answer stays as it was; the form shows the error
            return
        if parsed is not None and (
            (self.low is not None and parsed < self.low)
            or (self.high is not None and parsed > self.high)
        ):
            self.error = self.tr("inputs.enter_range", range=self.range)
            self._emit(self._last)
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


class _NoAnswer:
    """The value of a drop-down's '— choose —' entry (ipywidgets reads a None value as 'no
    selection' and would show an empty box instead of the entry)."""

    def __repr__(self) -> str:
        return "NO_ANSWER"


NO_ANSWER = _NoAnswer()


class ChoiceInput(Input):
    """One option from a list: radio buttons for short lists, a drop-down for long ones.

    Option ``descriptions`` (value -> text) are listed under radio buttons; a drop-down shows
    the chosen option's description under it.
    """

    RADIO_LIMIT = 7

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[str, Any]],
        horizontal: bool = False,
        dropdown: bool | None = None,
        descriptions: Mapping[Any, str] | None = None,
        tr: Catalog | None = None,
    ) -> None:
        super().__init__()
        choose = (tr or catalog())("form.choose")
        use_dropdown = len(options) > self.RADIO_LIMIT if dropdown is None else dropdown
        self.descriptions = {k: v for k, v in (descriptions or {}).items() if v}
        self.hint: W.HTML | None = None
        if use_dropdown:
            self.widget = W.Dropdown(
                description=label,
                options=[(choose, NO_ANSWER), *options],
                value=NO_ANSWER,
                style=_LABEL_STYLE,
                layout=W.Layout(width="100%", max_width="36em"),
            )
            if self.descriptions:
                self.hint = W.HTML("", layout=W.Layout(display="none"))
                self.hint.add_class("rw-option-hint")
                self.extras.append(self.hint)
        else:
            self.widget = W.RadioButtons(
                description=label, options=list(options), value=None, style=_LABEL_STYLE
            )
            if horizontal:
                self.widget.add_class("rw-horizontal")
            notes = option_notes(options, self.descriptions)
            if notes is not None:
                self.extras.append(notes)
        self.widget.observe(self._chosen, names="value")

    def _chosen(self, _change: dict[str, Any]) -> None:
        if self.hint is not None:
            text = self.descriptions.get(self.value)
            self.hint.value = f"<p class='rw-hint'>{html.escape(text)}</p>" if text else ""
            self.hint.layout.display = None if text else "none"
        self._emit(self.value)

    def _get(self) -> Any:
        """The chosen option's value, or None."""
        value = self.widget.value
        return None if value is NO_ANSWER else value

    def _set(self, new: Any) -> None:
        if isinstance(self.widget, W.Dropdown) and new is None:
            new = NO_ANSWER
        self.widget.value = new


class MultiChoiceInput(Input):
    """Any number of options, as a group of labelled check boxes (the options' descriptions
    listed under them)."""

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
        notes = option_notes(choice_options(options), choice_descriptions(options))
        if notes is not None:
            self.extras.append(notes)

    @property
    def focus_target(self) -> W.DOMWidget | None:
        """The first check box."""
        return self.boxes[0] if self.boxes else None

    def _get(self) -> list[str] | None:
        """The chosen option values in list order, or None when none is chosen."""
        chosen = [v for v, box in zip(self._values, self.boxes, strict=True) if box.value]
        return chosen or None

    def _set(self, new: list[str] | None) -> None:
        chosen = set(new or ())
        for v, box in zip(self._values, self.boxes, strict=True):
            box.value = v in chosen


def choice_options(
    choices: Sequence[Choice], cast: Callable[[str], Any] = str
) -> list[tuple[str, Any]]:
    """(label, value) pairs for a selection widget."""
    return [(c.label, cast(c.value)) for c in choices]


def choice_descriptions(
    choices: Sequence[Choice], cast: Callable[[str], Any] = str
) -> dict[Any, str]:
    """Option value -> its description, for options that have one."""
    return {cast(c.value): c.description for c in choices if c.description}


def option_notes(
    options: Sequence[tuple[str, Any]], descriptions: Mapping[Any, str]
) -> W.HTML | None:
    """The options that have a description, listed with it (None when none has one)."""
    described = [(text, descriptions[v]) for text, v in options if descriptions.get(v)]
    if not described:
        return None
    notes = W.HTML(
        "<ul class='rw-option-notes-list'>"
        + "".join(
            f"<li><b>{html.escape(text)}</b>: {html.escape(about)}</li>"
            for text, about in described
        )
        + "</ul>"
    )
    notes.add_class("rw-option-notes")
    return notes


def help_details(text: str, summary: str) -> W.HTML:
    """Collapsible guidance (a native <details>, so it opens with the keyboard too)."""
    box = W.HTML(
        f"<details class='rw-help'><summary>{html.escape(summary)}</summary>"
        f"<p>{html.escape(text)}</p></details>"
    )
    box.add_class("rw-help")
    return box
