"""Matrix and table items: statements on one scale, and lists of typed records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import AnswerError
from ..model import ItemBase, MatrixItem, TableItem, TableTarget
from ..words import plural
from .base import (
    RECORD_ID,
    Context,
    FormOption,
    ItemRules,
    Slot,
    check_choice,
    check_int_in,
    check_record_id,
    check_text,
    column_rules,
    fail,
    labels_of,
    record_label,
    register_item,
)

if TYPE_CHECKING:
    from ..messages import Catalog
    from ..widgets.inputs import Input


def is_empty(value: Any) -> bool:
    """Whether a value counts as no answer."""
    return (
        value is None
        or value == ""
        or value == []
        or value == {}
        or (isinstance(value, str) and not value.strip())
    )


class MatrixRules(ItemRules):
    """matrix: statements (or the records of a list) answered on one scale."""

    kinds = ("matrix",)
    participant_template = "matrix.html"

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """The statements (or the list's records) and the scale's options."""
        assert isinstance(item, MatrixItem)
        options = [
            FormOption(c.label, json.dumps(c.value if item.choices else int(c.value)))
            for c in ctx.q.options(item)
        ]
        rows = list(self.row_labels(ctx, item).items())
        return {"options": options, "rows": rows}

    def _check_row(self, ctx: Context, item: MatrixItem, row: Any, where: str) -> str:
        if item.rows_from:
            return check_record_id(ctx, row, where)
        rows = item.row_ids()
        if row not in rows:
            raise fail(
                ctx, where, "answers.unknown_statement", row=repr(row)[:60], rows=", ".join(rows)
            )
        return str(row)

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """A mapping of statement (or record id) -> answer on the scale."""
        assert isinstance(item, MatrixItem)
        if not isinstance(value, Mapping):
            raise fail(ctx, where, "answers.expected_mapping")
        out: dict[str, Any] = {}
        for row, answer in value.items():
            key = self._check_row(ctx, item, row, where)
            if answer is None:
                continue
            if item.choices:
                options = [c.value for c in ctx.q.options(item)]
                out[key] = check_choice(ctx, answer, options, f"{where}.{key}")
            else:
                out[key] = check_int_in(ctx, answer, 1, item.points, f"{where}.{key}")
        return out or None

    def slots(self, ctx: Context, item: ItemBase) -> list[Slot]:
        """One slot per fixed statement (lists of records are aggregated by their own views)."""
        assert isinstance(item, MatrixItem)
        if item.rows_from:
            return []
        if item.choices:
            scores: dict[Any, float | None] = {
                c.value: (None if c.knowledge_gap else c.score) for c in ctx.q.options(item)
            }
        else:
            scores = {int(c.value): c.score for c in ctx.q.options(item)}
        if not any(s is not None for s in scores.values()):
            return []
        rule = item.scoring
        factor = rule.factor if rule else None
        reverse = rule.reverse if rule else False
        return [
            Slot(row.id, row.label, row.factor or factor, reverse != row.reverse, scores)
            for row in item.rows or ()
        ]

    def row_labels(self, ctx: Context, item: MatrixItem) -> dict[str, str]:
        """Row id -> label (record names when the rows are a list's records)."""
        if item.rows_from:
            target = item.rows_from
            if not isinstance(target, TableTarget):
                target = TableTarget(table=target)
            return {
                str(r[RECORD_ID]): record_label(r, "name")
                for r in ctx.lookup.records(target)
                if r.get(RECORD_ID) and record_label(r, "name")
            }
        return {row.id: row.label for row in item.rows or ()}

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """'statement: answer; …'."""
        assert isinstance(item, MatrixItem)
        labels = labels_of(ctx.q.options(item))
        rows = self.row_labels(ctx, item)
        return "; ".join(
            f"{rows.get(r, ctx.tr('answers.removed_record'))}: {labels.get(str(v), str(v))}"
            for r, v in value.items()
        )

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """One row of radio buttons per statement (rebuilt when a list's records change)."""
        from ..widgets.matrix import MatrixInput

        assert isinstance(item, MatrixItem)
        return MatrixInput(ctx, item, label, lambda: self.row_labels(ctx, item))


def record_nouns(table: TableItem, tr: Catalog) -> tuple[str, str]:
    """What one record of ``table`` is called and what several are: its record label and
    plural (given, else made from the label), else the catalog's 'entry' / 'entries'."""
    if not table.record_label:
        return tr("units.record.one"), table.record_label_plural or tr("units.record.other")
    return table.record_label, table.record_label_plural or plural(table.record_label)


def record_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record's fields without its id."""
    return {k: v for k, v in record.items() if k != RECORD_ID}


class TableRules(ItemRules):
    """table: a list of records with typed columns."""

    kinds = ("table",)

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """Records with known fields, each cell checked by its column's kind."""
        assert isinstance(item, TableItem)
        if not isinstance(value, list | tuple):
            raise fail(ctx, where, "answers.expected_records", got=type(value).__name__)
        columns = {c.id: c for c in item.columns}
        records, problems = [], []
        for r, record in enumerate(value):
            rwhere = f"{where}[{r}]"
            if not isinstance(record, Mapping):
                problems.append(f"{rwhere}: {ctx.tr('answers.expected_record')}")
                continue
            unknown = sorted(map(str, set(record) - set(columns) - {RECORD_ID}))
            if unknown:
                problems.append(
                    f"{rwhere}: "
                    + ctx.tr(
                        "answers.unknown_fields",
                        fields=", ".join(unknown),
                        valid=", ".join(columns),
                    )
                )
                continue
            clean: dict[str, Any] = {}
            if record.get(RECORD_ID) is not None:
                clean[RECORD_ID] = check_text(ctx, record[RECORD_ID], f"{rwhere}.{RECORD_ID}")
            for cid, col in columns.items():
                cell = record.get(cid)
                if is_empty(cell):
                    continue
                try:
                    clean[cid] = column_rules(col).normalise(ctx, col, cell, f"{rwhere}.{cid}")
                except AnswerError as exc:
                    problems.extend(exc.problems)
            records.append(clean)
        if problems:
            raise AnswerError(problems)
        return records or None

    def messages(self, ctx: Context, item: ItemBase, value: Any) -> list[str]:
        """Row limits, required fields left empty, and cells out of their limits."""
        assert isinstance(item, TableItem)
        out: list[str] = []
        noun = item.record_label or ctx.tr("units.record.one")
        rules = item.validation
        filled = [r for r in value if record_fields(r)]
        if rules is not None:
            if rules.min_rows is not None and len(filled) < rules.min_rows:
                out.append(
                    rules.message or ctx.tr("answers.add_at_least", n=rules.min_rows, noun=noun)
                )
            if rules.max_rows is not None and len(filled) > rules.max_rows:
                out.append(
                    rules.message or ctx.tr("answers.at_most_rows", n=rules.max_rows, noun=noun)
                )
        for col in item.columns:
            if col.required:
                missing = [i + 1 for i, r in enumerate(value) if is_empty(r.get(col.id))]
                if missing:
                    which = ", ".join(map(str, missing[:5])) + (" …" if len(missing) > 5 else "")
                    out.append(
                        ctx.tr("answers.field_empty_in", field=col.label, noun=noun, which=which)
                    )
            bad = [
                i + 1
                for i, r in enumerate(value)
                if not is_empty(r.get(col.id)) and column_rules(col).messages(ctx, col, r[col.id])
            ]
            if bad:
                example = column_rules(col).messages(ctx, col, value[bad[0] - 1][col.id])[0]
                which = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
                out.append(
                    ctx.tr(
                        "answers.field_wrong_in",
                        field=col.label,
                        noun=noun,
                        which=which,
                        problem=example,
                    )
                )
        return out

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """How many records."""
        assert isinstance(item, TableItem)
        return str(len(value))

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """The list editor."""
        from ..widgets.table import TableEditor

        assert isinstance(item, TableItem)
        return TableEditor(ctx, item, label)


register_item(MatrixRules())
register_item(TableRules())
