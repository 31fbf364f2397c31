"""Text, numbers and dates: free answers with optional limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import DateItem, ItemBase, NumberItem, TextItem
from .base import (
    Context,
    ItemRules,
    check_date,
    check_text,
    fail,
    is_int,
    is_number,
    register_item,
)

if TYPE_CHECKING:
    from ..widgets.inputs import Input

PATTERN_SECONDS = 0.05
"""A validation pattern that takes longer than this on one answer is treated as not matching:
template patterns are checked for runaway backtracking by ``check``, and this is the backstop."""


def pattern_matches(pattern: str, text: str) -> bool | None:
    """Whether ``text`` matches the whole pattern; None when it took too long to tell."""
    import regex  # only pages with patterns pay for it

    try:
        return regex.fullmatch(pattern, text, timeout=PATTERN_SECONDS) is not None
    except TimeoutError:
        return None


def count(ctx: Context, key: str, n: int) -> str:
    """``n`` with the right form of a noun from the catalog (``key.one`` / ``key.other``)."""
    return ctx.tr.plural(key, n)


class TextRules(ItemRules):
    """short_text and long_text."""

    kinds = ("short_text", "long_text")
    participant_template = "text.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """One line or several, with the placeholder."""
        assert isinstance(item, TextItem)
        limit = item.validation.max_length if item.validation else None
        return {
            "multiline": item.kind == "long_text",
            "placeholder": item.placeholder or "",
            "max_length": limit,
        }

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """Text within the size limit."""
        return check_text(ctx, value, where)

    def messages(self, ctx: Context, item: ItemBase, value: Any) -> list[str]:
        """Length and pattern rules."""
        assert isinstance(item, TextItem)
        rules, out = item.validation, list[str]()
        if rules is None:
            return out
        custom = rules.message
        if rules.min_length is not None and len(value) < rules.min_length:
            out.append(
                custom
                or ctx.tr(
                    "answers.write_at_least", what=count(ctx, "units.character", rules.min_length)
                )
            )
        if rules.max_length is not None and len(value) > rules.max_length:
            out.append(
                custom
                or ctx.tr(
                    "answers.shorten_to", limit=f"{rules.max_length:,}", now=f"{len(value):,}"
                )
            )
        if rules.pattern is not None:
            matched = pattern_matches(rules.pattern, value)
            if matched is None:
                out.append(ctx.tr("answers.pattern_too_slow"))
            elif not matched:
                out.append(custom or ctx.tr("answers.not_expected_form"))
        return out

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """A text box; several lines for long text."""
        from ..widgets.inputs import TextInput

        assert isinstance(item, TextItem)
        return TextInput(label, item.kind == "long_text", item.placeholder or "")


def with_unit(number: str, unit: str | None) -> str:
    """'480,000 people', but '$480,000': a one-sign currency goes before the number."""
    if not unit:
        return number
    if len(unit) == 1 and not unit.isalnum():
        return f"{unit}{number}"
    return f"{number} {unit}"


def range_message(ctx: Context, low: float | None, high: float | None, integer: bool) -> str:
    """'Enter a whole number between 1 and 5' and its variants."""
    noun = ctx.tr("answers.a_whole_number" if integer else "answers.a_number")
    if low is not None and high is not None:
        return ctx.tr("answers.enter_between", noun=noun, low=f"{low:g}", high=f"{high:g}")
    if low is not None:
        return ctx.tr("answers.enter_at_least", noun=noun, low=f"{low:g}")
    return ctx.tr("answers.enter_at_most", noun=noun, high=f"{high:g}")


class NumberRules(ItemRules):
    """integer and number."""

    kinds = ("integer", "number")
    participant_template = "number.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """Whole or decimal, the unit and the limits."""
        assert isinstance(item, NumberItem)
        rules = item.validation
        return {
            "integer": item.kind == "integer",
            "unit": item.unit or "",
            "placeholder": item.placeholder or "",
            "low": rules.min if rules else None,
            "high": rules.max if rules else None,
        }

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """A whole number (integer) or a finite number."""
        integer = item.kind == "integer"
        if not (is_int(value) if integer else is_number(value)):
            noun = ctx.tr("answers.a_whole_number" if integer else "answers.a_number")
            raise fail(ctx, where, "answers.not_a", value=repr(value)[:60], noun=noun)
        return value

    def messages(self, ctx: Context, item: ItemBase, value: Any) -> list[str]:
        """min / max."""
        assert isinstance(item, NumberItem)
        rules = item.validation
        if rules is None:
            return []
        if (rules.min is not None and value < rules.min) or (
            rules.max is not None and value > rules.max
        ):
            return [
                rules.message or range_message(ctx, rules.min, rules.max, item.kind == "integer")
            ]
        return []

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """The number with its unit."""
        assert isinstance(item, NumberItem)
        text = f"{value:,}" if is_int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
        return with_unit(text, item.unit)

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """A number typed as text, so that 'no answer' stays possible."""
        from ..widgets.inputs import NumberInput

        assert isinstance(item, NumberItem)
        label = label + (f" ({item.unit})" if item.unit else "")
        rules = item.validation
        return NumberInput(
            label,
            item.kind == "integer",
            item.placeholder or "",
            low=rules.min if rules else None,
            high=rules.max if rules else None,
            tr=ctx.tr,
        )


class DateRules(ItemRules):
    """date."""

    kinds = ("date",)
    participant_template = "date.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """The earliest and latest dates allowed."""
        assert isinstance(item, DateItem)
        rules = item.validation
        return {
            "earliest": (rules.earliest or "") if rules else "",
            "latest": (rules.latest or "") if rules else "",
        }

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """An ISO date."""
        return check_date(ctx, value, where)

    def messages(self, ctx: Context, item: ItemBase, value: Any) -> list[str]:
        """earliest / latest."""
        assert isinstance(item, DateItem)
        rules = item.validation
        if rules is None:
            return []
        if (rules.earliest and value < rules.earliest) or (rules.latest and value > rules.latest):
            return [
                rules.message
                or ctx.tr(
                    "answers.choose_date_between",
                    earliest=rules.earliest or ctx.tr("answers.any"),
                    latest=rules.latest or ctx.tr("answers.any"),
                )
            ]
        return []

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """A date picker."""
        from ..widgets.inputs import DateInput

        return DateInput(label)


register_item(TextRules())
register_item(NumberRules())
register_item(DateRules())
