"""Column kinds of table items: how each cell is checked, shown, sorted and edited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import (
    ChoiceColumn,
    ColumnBase,
    NumberColumn,
    RefColumn,
    ScaleColumn,
    TableTarget,
    TextColumn,
)
from .base import (
    RECORD_ID,
    ColumnRules,
    Context,
    check_bool,
    check_choice,
    check_choices,
    check_date,
    check_int_in,
    check_record_id,
    check_record_ids,
    check_text,
    fail,
    is_int,
    is_number,
    labels_of,
    record_label,
    register_column,
)
from .text import range_message, with_unit

if TYPE_CHECKING:
    from ..widgets.inputs import Input


class TextCells(ColumnRules):
    """text and long_text."""

    kinds = ("text", "long_text")

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """Text."""
        return check_text(ctx, value, where)

    def messages(self, ctx: Context, column: ColumnBase, value: Any) -> list[str]:
        """max_length."""
        assert isinstance(column, TextColumn)
        if column.max_length is not None and len(value) > column.max_length:
            return [
                ctx.tr("answers.shorten_to", limit=f"{column.max_length:,}", now=f"{len(value):,}")
            ]
        return []

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """A text box."""
        from ..widgets.inputs import TextInput

        return TextInput(label, multiline=column.kind == "long_text")


class NumberCells(ColumnRules):
    """integer and number, with min and max."""

    kinds = ("integer", "number")
    numeric = True

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """A whole number or a number."""
        integer = column.kind == "integer"
        if not (is_int(value) if integer else is_number(value)):
            noun = ctx.tr("answers.a_whole_number" if integer else "answers.a_number")
            raise fail(ctx, where, "answers.not_a", value=repr(value)[:60], noun=noun)
        return value

    def messages(self, ctx: Context, column: ColumnBase, value: Any) -> list[str]:
        """Out of min / max."""
        assert isinstance(column, NumberColumn)
        if (column.min is not None and value < column.min) or (
            column.max is not None and value > column.max
        ):
            return [range_message(ctx, column.min, column.max, column.kind == "integer")]
        return []

    def display(self, ctx: Context, column: ColumnBase, value: Any) -> str:
        """With thousands separators and the unit."""
        assert isinstance(column, NumberColumn)
        text = f"{value:,}" if is_int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
        return with_unit(text, column.unit)

    def sort_key(self, ctx: Context, column: ColumnBase, value: Any) -> Any:
        """By value."""
        return value

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """A number typed as text."""
        from ..widgets.inputs import NumberInput

        assert isinstance(column, NumberColumn)
        label = label + (f" ({column.unit})" if column.unit else "")
        return NumberInput(
            label, column.kind == "integer", low=column.min, high=column.max, tr=ctx.tr
        )


class DateCells(ColumnRules):
    """date."""

    kinds = ("date",)

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """An ISO date."""
        return check_date(ctx, value, where)

    def sort_key(self, ctx: Context, column: ColumnBase, value: Any) -> Any:
        """ISO dates sort as text."""
        return value

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """A date picker."""
        from ..widgets.inputs import DateInput

        return DateInput(label)


class ChoiceCells(ColumnRules):
    """choice and multi_choice."""

    kinds = ("choice", "multi_choice")

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """An option value, or distinct option values."""
        assert isinstance(column, ChoiceColumn)
        allowed = [c.value for c in ctx.q.resolve(column.choices)]
        if column.kind == "choice":
            return check_choice(ctx, value, allowed, where)
        return check_choices(ctx, value, allowed, where) or None

    def display(self, ctx: Context, column: ColumnBase, value: Any) -> str:
        """The labels."""
        assert isinstance(column, ChoiceColumn)
        labels = labels_of(ctx.q.resolve(column.choices))
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)

    def sort_key(self, ctx: Context, column: ColumnBase, value: Any) -> Any:
        """In option order, not alphabetically."""
        assert isinstance(column, ChoiceColumn)
        order = {c.value: i for i, c in enumerate(ctx.q.resolve(column.choices))}
        values = value if isinstance(value, list) else [value]
        return tuple(order.get(v, len(order)) for v in values)

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """Radio buttons for a few options, a drop-down for more, check boxes for several."""
        from ..widgets.inputs import (
            ChoiceInput,
            MultiChoiceInput,
            choice_descriptions,
            choice_options,
        )

        assert isinstance(column, ChoiceColumn)
        options = ctx.q.resolve(column.choices)
        if column.kind == "multi_choice":
            return MultiChoiceInput(label, options)
        return ChoiceInput(
            label,
            choice_options(options),
            dropdown=len(options) > 4,
            descriptions=choice_descriptions(options),
            tr=ctx.tr,
        )


class ScaleCells(ColumnRules):
    """scale: a whole number from min to max."""

    kinds = ("scale",)

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """A whole number on the scale."""
        assert isinstance(column, ScaleColumn)
        return check_int_in(ctx, value, column.min, column.max, where)

    def display(self, ctx: Context, column: ColumnBase, value: Any) -> str:
        """'4 of 5'."""
        assert isinstance(column, ScaleColumn)
        return ctx.tr("answers.scale_value", value=value, max=column.max)

    def sort_key(self, ctx: Context, column: ColumnBase, value: Any) -> Any:
        """By value."""
        return value

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """Numbered radio buttons in a row."""
        from ..widgets.inputs import ChoiceInput

        assert isinstance(column, ScaleColumn)
        options = [(str(i), i) for i in range(column.min, column.max + 1)]
        if column.labels:
            label = (
                f"{label} ({column.min} = {column.labels[0]}, {column.max} = {column.labels[1]})"
            )
        return ChoiceInput(label, options, horizontal=True, dropdown=False, tr=ctx.tr)


class YesNoCells(ColumnRules):
    """yes_no."""

    kinds = ("yes_no",)

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """A bool."""
        return check_bool(ctx, value, where)

    def display(self, ctx: Context, column: ColumnBase, value: Any) -> str:
        """Yes or No."""
        return ctx.tr("answers.yes" if value else "answers.no")

    def sort_key(self, ctx: Context, column: ColumnBase, value: Any) -> Any:
        """Yes first."""
        return not value

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """Two radio buttons."""
        from ..widgets.inputs import ChoiceInput

        options = [(ctx.tr("answers.yes"), True), (ctx.tr("answers.no"), False)]
        return ChoiceInput(label, options, horizontal=True, dropdown=False, tr=ctx.tr)


def ref_options(ctx: Context, column: RefColumn) -> list[tuple[str, str]]:
    """(name, record id) of every record the column can pick, across its tables."""
    out = []
    for target in column.targets():
        for record in ctx.lookup.records(target):
            name = record_label(record, column.label_column)
            if name and record.get(RECORD_ID):
                out.append((name, str(record[RECORD_ID])))
    return out


class RefCells(ColumnRules):
    """ref: one or several records picked from other lists."""

    kinds = ("ref",)

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """A record id, or distinct record ids."""
        assert isinstance(column, RefColumn)
        if column.multiple:
            return check_record_ids(ctx, value, where) or None
        return check_record_id(ctx, value, where)

    def messages(self, ctx: Context, column: ColumnBase, value: Any) -> list[str]:
        """A pick whose record was removed."""
        assert isinstance(column, RefColumn)
        known = {rid for _, rid in ref_options(ctx, column)}
        values = value if isinstance(value, list) else [value]
        if known and any(v not in known for v in values):
            return [ctx.tr("answers.pick_removed")]
        return []

    def display(self, ctx: Context, column: ColumnBase, value: Any) -> str:
        """The picked records' names."""
        assert isinstance(column, RefColumn)
        names = {rid: name for name, rid in ref_options(ctx, column)}
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.get(v, ctx.tr("answers.removed_record")) for v in values)

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """A pick list of the current records."""
        from ..widgets.picks import PickInput

        assert isinstance(column, RefColumn)
        return PickInput(label, lambda: ref_options(ctx, column), ctx.tr, multiple=column.multiple)


def targets_of(column: ColumnBase) -> tuple[TableTarget, ...]:
    """The tables a ref column picks from (empty for other kinds)."""
    return column.targets() if isinstance(column, RefColumn) else ()


register_column(TextCells())
register_column(NumberCells())
register_column(DateCells())
register_column(ChoiceCells())
register_column(ScaleCells())
register_column(YesNoCells())
register_column(RefCells())
