"""Typed fields of a table item's records: one model per column kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from .common import Choices, Frozen, Id, Text

ColumnKind = Literal[
    "text",
    "long_text",
    "integer",
    "number",
    "date",
    "choice",
    "multi_choice",
    "scale",
    "yes_no",
    "ref",
]


class ColumnBase(Frozen):
    """What every column has: an id, the label people see, help, and whether it is required."""

    if TYPE_CHECKING:  # every column model declares the kinds it covers (the union's tag)
        kind: ColumnKind

    id: Id
    label: Annotated[str, Field(min_length=1, max_length=200)]
    help: Text = ""
    required: bool = False
    sensitive: bool = Field(
        False,
        description="Private to the workbook: left out of reports, spreadsheets and CSV files.",
    )


class TextColumn(ColumnBase):
    """Free text, one line or several."""

    kind: Literal["text", "long_text"]
    max_length: Annotated[int, Field(ge=1, le=20_000)] | None = None


class NumberColumn(ColumnBase):
    """A whole number or a number, optionally within limits."""

    kind: Literal["integer", "number"]
    min: float | None = None
    max: float | None = None
    unit: Annotated[str, Field(max_length=40)] | None = None

    @model_validator(mode="after")
    def _order(self) -> NumberColumn:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


class DateColumn(ColumnBase):
    """A calendar date."""

    kind: Literal["date"]


class ChoiceColumn(ColumnBase):
    """One option, or several, from a list."""

    kind: Literal["choice", "multi_choice"]
    choices: Choices


class ScaleColumn(ColumnBase):
    """A whole number on a short scale, e.g. 1 (little) to 5 (a lot)."""

    kind: Literal["scale"]
    min: int = 1
    max: int = 5
    labels: tuple[str, str] | None = Field(
        None, description="Words for the two ends of the scale, e.g. [little, a lot]."
    )

    @model_validator(mode="after")
    def _order(self) -> ScaleColumn:
        if self.min >= self.max:
            raise ValueError("a scale column needs min below max")
        if self.max - self.min > 10:
            raise ValueError("a scale column has at most 11 points")
        return self


class YesNoColumn(ColumnBase):
    """Yes or no."""

    kind: Literal["yes_no"]


class TableTarget(Frozen):
    """A table whose records can be picked: of this page, or of another page in the workspace."""

    table: Id
    page: Id | None = Field(None, description="Another page's id; leave out for this page.")


class RefColumn(ColumnBase):
    """A pick list of the records of one or more tables; stores the picked records' ids."""

    kind: Literal["ref"]
    to: Id | TableTarget | tuple[Id | TableTarget, ...]
    multiple: bool = False
    label_column: Id = Field("name", description="The column shown as each record's name.")

    def targets(self) -> tuple[TableTarget, ...]:
        """Every table this column picks from."""
        given = self.to if isinstance(self.to, tuple) else (self.to,)
        return tuple(TableTarget(table=t) if isinstance(t, str) else t for t in given)


Column = Annotated[
    TextColumn | NumberColumn | DateColumn | ChoiceColumn | ScaleColumn | YesNoColumn | RefColumn,
    Field(discriminator="kind"),
]
"""A column of a table item; its keys depend on its kind."""
