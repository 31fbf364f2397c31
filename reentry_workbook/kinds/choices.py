"""Choice-like items: single and multiple choice, yes/no, status, likert and rating scales."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..model import (
    ChoiceItemBase,
    ItemBase,
    MultipleChoiceItem,
    ScaleItem,
    SingleChoiceItem,
    TableTarget,
)
from .base import (
    Context,
    FormOption,
    ItemRules,
    Slot,
    check_bool,
    check_choice,
    check_choices,
    check_int_in,
    check_record_id,
    check_record_ids,
    labels_of,
    record_label,
    register_item,
)

if TYPE_CHECKING:
    from ..widgets.inputs import Input

RECORD_LABEL = "name"


def choice_scores(ctx: Context, item: ItemBase) -> dict[Any, float | None]:
    """Option value -> score (None for 'we do not know' options and unscored ones)."""
    return {c.value: (None if c.knowledge_gap else c.score) for c in ctx.q.options(item)}


def scored_slot(ctx: Context, item: ItemBase, scores: dict[Any, float | None]) -> list[Slot]:
    """One slot for an item whose options carry scores (none when no option does)."""
    if not any(s is not None for s in scores.values()):
        return []
    rule = item.scoring_rule
    return [
        Slot(
            row="",
            label=item.prompt,
            factor=rule.factor if rule else None,
            reverse=rule.reverse if rule else False,
            scores=scores,
        )
    ]


def record_options(ctx: Context, table: str | TableTarget) -> list[tuple[str, str]]:
    """(label, record id) for the records of a list (of this page or another) that have a name."""
    target = table if isinstance(table, TableTarget) else TableTarget(table=table)
    out = []
    for record in ctx.lookup.records(target):
        name = record_label(record, RECORD_LABEL)
        if name and record.get("_id"):
            out.append((name, str(record["_id"])))
    return out


def form_options(ctx: Context, item: ItemBase, as_int: bool = False) -> list[FormOption]:
    """The options of a choice-like item for the participant form (records of a list when the
    options come from one)."""
    table = getattr(item, "choices_from", None)
    if table:
        return [FormOption(label, json.dumps(rid)) for label, rid in record_options(ctx, table)]
    return [
        FormOption(c.label, json.dumps(int(c.value) if as_int else c.value), c.description or "")
        for c in ctx.q.options(item)
    ]


class SingleChoiceRules(ItemRules):
    """single_choice: one option, or one record of a list."""

    kinds = ("single_choice",)
    participant_template = "radio.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """The options (or the list's records)."""
        return {"options": form_options(ctx, item)}

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """An option value, or a record id when the options come from a list."""
        assert isinstance(item, SingleChoiceItem)
        if item.choices_from:
            return check_record_id(ctx, value, where)
        return check_choice(ctx, value, [c.value for c in ctx.q.options(item)], where)

    def condition_values(self, ctx: Context, item: ItemBase) -> list[Any] | None:
        """The option values (any record id when from a list)."""
        assert isinstance(item, SingleChoiceItem)
        return None if item.choices_from else [c.value for c in ctx.q.options(item)]

    def slots(self, ctx: Context, item: ItemBase) -> list[Slot]:
        """Scored when its options carry scores."""
        return scored_slot(ctx, item, choice_scores(ctx, item))

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """The option's label (or the record's name)."""
        return choice_display(ctx, item, [value])

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """Radio buttons, or a drop-down for long lists and lists of records."""
        from ..widgets.inputs import ChoiceInput, choice_descriptions, choice_options
        from ..widgets.picks import PickInput

        assert isinstance(item, SingleChoiceItem)
        if item.choices_from:
            table = item.choices_from
            return PickInput(label, lambda: record_options(ctx, table), ctx.tr, multiple=False)
        options = ctx.q.options(item)
        return ChoiceInput(
            label,
            choice_options(options),
            descriptions=choice_descriptions(options),
            tr=ctx.tr,
        )


def choice_display(ctx: Context, item: ItemBase, values: list[Any]) -> str:
    """Labels of chosen options or records, joined."""
    assert isinstance(item, ChoiceItemBase)
    if item.choices_from:
        names = dict((v, k) for k, v in record_options(ctx, item.choices_from))
        return ", ".join(names.get(v, ctx.tr("answers.removed_record")) for v in values)
    labels = labels_of(ctx.q.options(item))
    return ", ".join(labels.get(str(v), str(v)) for v in values)


class MultipleChoiceRules(ItemRules):
    """multiple_choice: any number of options, or of records of a list."""

    kinds = ("multiple_choice",)
    participant_template = "checkboxes.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """The options (or the list's records)."""
        return {"options": form_options(ctx, item)}

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """Distinct option values (record ids when from a list); empty means no answer."""
        assert isinstance(item, MultipleChoiceItem)
        if item.choices_from:
            return check_record_ids(ctx, value, where) or None
        return check_choices(ctx, value, [c.value for c in ctx.q.options(item)], where) or None

    def messages(self, ctx: Context, item: ItemBase, value: Any) -> list[str]:
        """min_selected / max_selected."""
        assert isinstance(item, MultipleChoiceItem)
        rules, out = item.validation, list[str]()
        if rules is None:
            return out
        if rules.min_selected is not None and len(value) < rules.min_selected:
            out.append(
                rules.message
                or ctx.tr(
                    "answers.choose_at_least",
                    what=ctx.tr.plural("units.option", rules.min_selected),
                )
            )
        if rules.max_selected is not None and len(value) > rules.max_selected:
            out.append(
                rules.message
                or ctx.tr(
                    "answers.choose_at_most", what=ctx.tr.plural("units.option", rules.max_selected)
                )
            )
        return out

    def condition_values(self, ctx: Context, item: ItemBase) -> list[Any] | None:
        """The option values."""
        assert isinstance(item, MultipleChoiceItem)
        return None if item.choices_from else [c.value for c in ctx.q.options(item)]

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """The chosen labels."""
        return choice_display(ctx, item, list(value))

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """Check boxes (a multi-pick list for records)."""
        from ..widgets.inputs import MultiChoiceInput
        from ..widgets.picks import PickInput

        assert isinstance(item, MultipleChoiceItem)
        if item.choices_from:
            table = item.choices_from
            return PickInput(label, lambda: record_options(ctx, table), ctx.tr, multiple=True)
        return MultiChoiceInput(label, ctx.q.options(item))


class YesNoRules(ItemRules):
    """yes_no: true or false, scored 1 / 0."""

    kinds = ("yes_no",)
    participant_template = "radio.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """Yes and No, side by side."""
        yes, no = ctx.tr("answers.yes"), ctx.tr("answers.no")
        return {"options": [FormOption(yes, "true"), FormOption(no, "false")], "row": True}

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """A bool."""
        return check_bool(ctx, value, where)

    def condition_values(self, ctx: Context, item: ItemBase) -> list[Any] | None:
        """True and False."""
        return [True, False]

    def slots(self, ctx: Context, item: ItemBase) -> list[Slot]:
        """Yes scores 1, no 0."""
        return scored_slot(ctx, item, {True: 1.0, False: 0.0})

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """Yes or No."""
        return ctx.tr("answers.yes" if value else "answers.no")

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """Two radio buttons in a row."""
        from ..widgets.inputs import ChoiceInput

        options = [(ctx.tr("answers.yes"), True), (ctx.tr("answers.no"), False)]
        return ChoiceInput(label, options, horizontal=True, dropdown=False, tr=ctx.tr)


class StatusRules(ItemRules):
    """status: where something stands (yes / partly / not yet / not sure by default)."""

    kinds = ("status",)
    participant_template = "radio.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """The status options with their descriptions."""
        return {"options": form_options(ctx, item)}

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """One of the status options."""
        return check_choice(ctx, value, [c.value for c in ctx.q.options(item)], where)

    def condition_values(self, ctx: Context, item: ItemBase) -> list[Any] | None:
        """The status values."""
        return [c.value for c in ctx.q.options(item)]

    def slots(self, ctx: Context, item: ItemBase) -> list[Slot]:
        """Scored by the options' scores; 'not sure' is a knowledge gap."""
        return scored_slot(ctx, item, choice_scores(ctx, item))

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """The option's label."""
        return labels_of(ctx.q.options(item)).get(value, str(value))

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """Radio buttons, one per line."""
        from ..widgets.inputs import ChoiceInput, choice_descriptions, choice_options

        options = ctx.q.options(item)
        return ChoiceInput(
            label,
            choice_options(options),
            dropdown=False,
            descriptions=choice_descriptions(options),
            tr=ctx.tr,
        )


class ScaleRules(ItemRules):
    """likert and rating: a whole number from 1 to ``points``."""

    kinds = ("likert", "rating")
    participant_template = "radio.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """The points of the scale (ratings in a row)."""
        return {"options": form_options(ctx, item, as_int=True), "row": item.kind == "rating"}

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """A whole number on the scale."""
        assert isinstance(item, ScaleItem)
        return check_int_in(ctx, value, 1, item.points, where)

    def condition_values(self, ctx: Context, item: ItemBase) -> list[Any] | None:
        """1 .. points."""
        assert isinstance(item, ScaleItem)
        return list(range(1, item.points + 1))

    def slots(self, ctx: Context, item: ItemBase) -> list[Slot]:
        """Scored by the number."""
        return scored_slot(ctx, item, {int(c.value): c.score for c in ctx.q.options(item)})

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """The point with its words."""
        return labels_of(ctx.q.options(item)).get(str(value), str(value))

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """Radio buttons (in a row for ratings)."""
        from ..widgets.inputs import ChoiceInput, choice_descriptions, choice_options

        assert isinstance(item, ScaleItem)
        options = ctx.q.options(item)
        return ChoiceInput(
            label,
            choice_options(options, int),
            horizontal=item.kind == "rating",
            dropdown=False,
            descriptions=choice_descriptions(options, int),
            tr=ctx.tr,
        )


register_item(SingleChoiceRules())
register_item(MultipleChoiceRules())
register_item(YesNoRules())
register_item(StatusRules())
register_item(ScaleRules())
