"""Questions of a page: one model per item kind, told apart by ``kind``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from .columns import Column, TableTarget
from .common import Audience, Choices, Condition, Frozen, Id, MatrixRow, Scope, Scoring, Text

ItemKind = Literal[
    "short_text",
    "long_text",
    "integer",
    "number",
    "date",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "status",
    "likert",
    "rating",
    "matrix",
    "table",
]


def table_target(source: str | TableTarget | None) -> TableTarget | None:
    """A table named by id (this page) or by page and id, as one shape."""
    if source is None or isinstance(source, TableTarget):
        return source
    return TableTarget(table=source)


class TextRules(Frozen):
    """Rules for a text answer."""

    min_length: Annotated[int, Field(ge=0)] | None = None
    max_length: Annotated[int, Field(ge=1)] | None = None
    pattern: Annotated[str, Field(max_length=300)] | None = None
    message: Text | None = None


class NumberRules(Frozen):
    """Rules for a number answer."""

    min: float | None = None
    max: float | None = None
    message: Text | None = None


class DateRules(Frozen):
    """Rules for a date answer."""

    earliest: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    latest: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    message: Text | None = None


class SelectionRules(Frozen):
    """Rules for how many options may be chosen."""

    min_selected: Annotated[int, Field(ge=0)] | None = None
    max_selected: Annotated[int, Field(ge=1)] | None = None
    message: Text | None = None


class RowRules(Frozen):
    """Rules for how many records a list holds."""

    min_rows: Annotated[int, Field(ge=0)] | None = None
    max_rows: Annotated[int, Field(ge=1)] | None = None
    message: Text | None = None


class ItemBase(Frozen):
    """What every question has."""

    if TYPE_CHECKING:  # every item model declares the kinds it covers (the union's tag)
        kind: ItemKind

    id: Id
    prompt: Annotated[str, Field(min_length=1, max_length=1000)]
    help: Text = ""
    required: bool = False
    visible_if: Condition | None = None
    audience: Audience | None = Field(
        None, description="Who is asked (default: the step's audience)."
    )
    scope: Scope | None = Field(
        None,
        description="plan: one shared answer per workspace; personal: one per person "
        "(default: plan for facilitator questions, personal otherwise).",
    )

    # Kind-specific keys are declared on the subclasses; these accessors let generic code ask
    # without knowing the kind.
    @property
    def scoring_rule(self) -> Scoring | None:
        """How the item is scored, if at all."""
        return getattr(self, "scoring", None)


class TextItem(ItemBase):
    """A short or long text answer."""

    kind: Literal["short_text", "long_text"]
    placeholder: Annotated[str, Field(max_length=200)] | None = None
    validation: TextRules | None = None


class NumberItem(ItemBase):
    """A whole number or a number."""

    kind: Literal["integer", "number"]
    placeholder: Annotated[str, Field(max_length=200)] | None = None
    unit: Annotated[str, Field(max_length=40)] | None = None
    validation: NumberRules | None = None


class DateItem(ItemBase):
    """A calendar date."""

    kind: Literal["date"]
    validation: DateRules | None = None


class ChoiceItemBase(ItemBase):
    """Options given in the template, or the records of a list on this page."""

    choices: Choices | None = None
    choices_from: Id | TableTarget | None = Field(
        None,
        description="A table whose records are the options: a table id of this page, or "
        "{page: <page id>, table: <table id>}.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> ChoiceItemBase:
        if (self.choices is None) == (self.choices_from is None):
            raise ValueError("give either 'choices' or 'choices_from'")
        return self


class SingleChoiceItem(ChoiceItemBase):
    """One option from a list."""

    kind: Literal["single_choice"]
    scoring: Scoring | None = None


class MultipleChoiceItem(ChoiceItemBase):
    """Any number of options from a list."""

    kind: Literal["multiple_choice"]
    validation: SelectionRules | None = None


class YesNoItem(ItemBase):
    """Yes or no."""

    kind: Literal["yes_no"]
    scoring: Scoring | None = None


class StatusItem(ItemBase):
    """Where something stands: yes / partly / not yet / not sure, unless options are given."""

    kind: Literal["status"]
    choices: Choices | None = None
    scoring: Scoring | None = None


class ScaleItem(ItemBase):
    """Agreement (likert) or a rating on a numbered scale."""

    kind: Literal["likert", "rating"]
    points: Annotated[int, Field(ge=2, le=11)] = 5
    labels: tuple[str, ...] | None = None
    scoring: Scoring | None = None


class MatrixItem(ItemBase):
    """Several statements, or the records of a list, each answered on the same scale."""

    kind: Literal["matrix"]
    rows: tuple[MatrixRow, ...] | None = None
    rows_from: Id | TableTarget | None = Field(
        None,
        description="A table whose records are the rows (e.g. rate each idea): a table id of "
        "this page, or {page: <page id>, table: <table id>}.",
    )
    points: Annotated[int, Field(ge=2, le=11)] = 5
    labels: tuple[str, ...] | None = None
    choices: Choices | None = None
    scoring: Scoring | None = None

    @model_validator(mode="after")
    def _one_source(self) -> MatrixItem:
        if (self.rows is None) == (self.rows_from is None):
            raise ValueError("give either 'rows' or 'rows_from'")
        if self.rows is not None and not self.rows:
            raise ValueError("a matrix needs at least one row")
        return self

    def row_ids(self) -> tuple[str, ...]:
        """Fixed statement ids (empty when rows come from a list)."""
        return tuple(r.id for r in self.rows or ())


class TableItem(ItemBase):
    """A list of records, each with typed fields."""

    kind: Literal["table"]
    columns: Annotated[tuple[Column, ...], Field(min_length=1)]
    record_label: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        None, description="What one record is called, e.g. 'network'."
    )
    record_label_plural: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        None, description="The plural, when adding 's' is wrong, e.g. 'people'."
    )
    validation: RowRules | None = None

    def column(self, column_id: str) -> Column:
        """The column with this id (KeyError if none)."""
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)

    def column_ids(self) -> tuple[str, ...]:
        """Every column id, in order."""
        return tuple(c.id for c in self.columns)


Item = Annotated[
    TextItem
    | NumberItem
    | DateItem
    | SingleChoiceItem
    | MultipleChoiceItem
    | YesNoItem
    | StatusItem
    | ScaleItem
    | MatrixItem
    | TableItem,
    Field(discriminator="kind"),
]
"""A question; which keys it takes depends on its kind."""
