"""Frozen model of a questionnaire template (schema version 1); no I/O, no widgets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

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
ColumnKind = Literal[
    "text", "long_text", "integer", "number", "date", "choice", "multi_choice", "scale", "yes_no"
]
Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,63}$",
        description="Lower-case letters, digits and underscores, starting with a letter.",
    ),
]
Text = Annotated[str, Field(max_length=4000)]
Scalar = str | bool | int | float

# Keys an item may carry besides the common ones, by kind. Unknown keys are errors.
COMMON_ITEM_KEYS = frozenset({"id", "kind", "prompt", "help", "required", "visible_if"})
KIND_KEYS: dict[str, frozenset[str]] = {
    "short_text": frozenset({"placeholder", "validation"}),
    "long_text": frozenset({"placeholder", "validation"}),
    "integer": frozenset({"placeholder", "validation", "unit"}),
    "number": frozenset({"placeholder", "validation", "unit"}),
    "date": frozenset({"validation"}),
    "single_choice": frozenset({"choices", "scoring"}),
    "multiple_choice": frozenset({"choices", "validation"}),
    "yes_no": frozenset({"scoring"}),
    "status": frozenset({"choices", "scoring"}),
    "likert": frozenset({"points", "labels", "scoring"}),
    "rating": frozenset({"points", "labels", "scoring"}),
    "matrix": frozenset({"rows", "points", "labels", "choices", "scoring"}),
    "table": frozenset({"columns", "validation", "record_label"}),
}
# Validation rules that make sense for each kind.
KIND_VALIDATORS: dict[str, frozenset[str]] = {
    "short_text": frozenset({"min_length", "max_length", "pattern", "message"}),
    "long_text": frozenset({"min_length", "max_length", "pattern", "message"}),
    "integer": frozenset({"min", "max", "message"}),
    "number": frozenset({"min", "max", "message"}),
    "date": frozenset({"earliest", "latest", "message"}),
    "multiple_choice": frozenset({"min_selected", "max_selected", "message"}),
    "table": frozenset({"min_rows", "max_rows", "message"}),
}
SCORED_KINDS = frozenset({"single_choice", "yes_no", "status", "likert", "rating", "matrix"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Choice(_Frozen):
    """One answer option: a stable value, the label people see, and an optional score."""

    value: Annotated[str, Field(min_length=1, max_length=200)]
    label: Annotated[str, Field(min_length=1, max_length=500)]
    score: float | None = Field(
        None, description="Points for this option; leave empty for options such as 'not sure'."
    )
    description: Text = ""
    knowledge_gap: bool = Field(
        False, description="Answering this option means 'we do not know' (reported as a gap)."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"value": data, "label": data}
        return data


Choices = str | tuple[Choice, ...]
"""Either the name of a shared list under ``choice_lists`` or the options themselves."""


class Source(_Frozen):
    """Where in the toolkit a questionnaire comes from."""

    toolkit: str = "Building Second Chances: Tools for Local Reentry Coalitions"
    publisher: str = "National Reentry Resource Center"
    part: Literal[1, 2]
    section: Annotated[str, Field(min_length=1)]
    page: Annotated[str, Field(min_length=1)]
    url: Annotated[str, Field(pattern=r"^https://\S+$")]


class Band(_Frozen):
    """An interpretation band: scores at or above ``min`` (up to the next band) get this label."""

    min: float
    label: Annotated[str, Field(min_length=1, max_length=80)]
    explanation: Text = ""


class Factor(_Frozen):
    """A group of scored items whose mean is reported as one figure."""

    id: Id
    label: Annotated[str, Field(min_length=1)]
    description: Text = ""
    bands: tuple[Band, ...] | None = None


class Disagreement(_Frozen):
    """When respondents' answers to one item spread widely enough to flag for discussion."""

    sd: float = Field(1.0, gt=0, description="Flag when the standard deviation reaches this.")
    range_share: float = Field(
        0.75, gt=0, le=1, description="Flag when max - min reaches this share of the scale width."
    )
    min_respondents: int = Field(3, ge=2, description="Never flag with fewer respondents.")


class Scoring(_Frozen):
    """How an item counts toward its factor."""

    factor: Id | None = None
    weight: float = Field(1.0, gt=0)
    reverse: bool = False


class Validation(_Frozen):
    """Rules an answer must meet; which rules apply depends on the item kind."""

    min: float | None = None
    max: float | None = None
    min_length: int | None = Field(None, ge=0)
    max_length: int | None = Field(None, ge=1)
    pattern: str | None = None
    earliest: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    latest: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    min_selected: int | None = Field(None, ge=0)
    max_selected: int | None = Field(None, ge=1)
    min_rows: int | None = Field(None, ge=0)
    max_rows: int | None = Field(None, ge=1)
    message: str | None = None


class Condition(_Frozen):
    """A rule on earlier answers; an item with ``visible_if`` shows only while it holds."""

    item: Id | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    one_of: tuple[Scalar, ...] | None = None
    includes: str | None = None
    answered: bool | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(None, alias="not")

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        combinators = [k for k in ("all", "any", "not_") if getattr(self, k) is not None]
        tests = [
            k
            for k in ("equals", "not_equals", "one_of", "includes", "answered")
            if getattr(self, k) is not None
        ]
        if combinators:
            if len(combinators) > 1 or tests or self.item is not None:
                raise ValueError("use exactly one of all / any / not, with nothing beside it")
        elif self.item is None or len(tests) != 1:
            raise ValueError(
                "a condition names an 'item' and exactly one test: "
                "equals, not_equals, one_of, includes or answered"
            )
        return self

    def items(self) -> Iterator[str]:
        """Every item id this condition reads."""
        if self.item is not None:
            yield self.item
        for sub in (self.all or ()) + (self.any or ()) + ((self.not_,) if self.not_ else ()):
            yield from sub.items()


class MatrixRow(_Frozen):
    """One statement of a matrix item."""

    id: Id
    label: Annotated[str, Field(min_length=1)]
    reverse: bool = False
    factor: Id | None = None


class Column(_Frozen):
    """A typed field of every record in a table item."""

    id: Id
    label: Annotated[str, Field(min_length=1, max_length=200)]
    kind: ColumnKind
    help: Text = ""
    required: bool = False
    choices: Choices | None = None
    min: int | None = None
    max: int | None = None


class Item(_Frozen):
    """One question; which optional keys apply depends on ``kind``."""

    id: Id
    kind: ItemKind
    prompt: Annotated[str, Field(min_length=1, max_length=1000)]
    help: Text = ""
    required: bool = False
    visible_if: Condition | None = None
    placeholder: str | None = None
    unit: str | None = None
    validation: Validation | None = None
    scoring: Scoring | None = None
    choices: Choices | None = None
    points: int | None = Field(None, ge=2, le=11)
    labels: tuple[str, ...] | None = None
    rows: tuple[MatrixRow, ...] | None = None
    columns: tuple[Column, ...] | None = None
    record_label: str | None = Field(
        None, description="What one record is called, e.g. 'network' (for table items)."
    )

    def row_ids(self) -> tuple[str, ...]:
        """Statement ids of a matrix item (empty for other kinds)."""
        return tuple(r.id for r in self.rows or ())

    def column(self, column_id: str) -> Column:
        """The table column with this id."""
        for col in self.columns or ():
            if col.id == column_id:
                return col
        raise KeyError(column_id)


class Step(_Frozen):
    """A page of the questionnaire: a heading, guidance and its items."""

    id: Id
    title: Annotated[str, Field(min_length=1, max_length=200)]
    guidance: Text = ""
    items: Annotated[tuple[Item, ...], Field(min_length=1)]


class CoverageDimension(_Frozen):
    """A column of a table item that representation coverage counts records by."""

    table: Id
    column: Id
    by: Id | None = Field(None, description="A second choice column to cross with, e.g. area.")
    label: str | None = None
    targets: dict[str, int] | None = Field(
        None, description="Minimum records per choice value; default: at least one of each."
    )


# A small, fixed vocabulary for status items: it is what the toolkit's questions ask.
DEFAULT_STATUS_CHOICES: tuple[Choice, ...] = (
    Choice(value="yes", label="Yes", score=2),
    Choice(value="partly", label="Partly", score=1),
    Choice(value="not_yet", label="Not yet", score=0),
    Choice(value="not_sure", label="Not sure", score=None, knowledge_gap=True),
)
DEFAULT_LIKERT_LABELS: dict[int, tuple[str, ...]] = {
    4: ("Strongly disagree", "Disagree", "Agree", "Strongly agree"),
    5: ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"),
    7: (
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neutral",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ),
}
YES_NO_CHOICES: tuple[Choice, ...] = (
    Choice(value="yes", label="Yes", score=1),
    Choice(value="no", label="No", score=0),
)


class Questionnaire(_Frozen):
    """A whole questionnaire: one toolkit page turned into ordered steps of items."""

    schema_version: Literal[1] = Field(description="Version of this file format.")
    id: Id
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$")] = "1"
    title: Annotated[str, Field(min_length=1, max_length=200)]
    language: str = "en"
    source: Source
    intro: Text = ""
    choice_lists: dict[Id, tuple[Choice, ...]] = Field(default_factory=dict)
    factors: tuple[Factor, ...] = ()
    bands: tuple[Band, ...] = ()
    disagreement: Disagreement = Disagreement()
    coverage: tuple[CoverageDimension, ...] = ()
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]

    def iter_items(self) -> Iterator[tuple[Step, Item]]:
        """Every (step, item) in order."""
        for step in self.steps:
            for item in step.items:
                yield step, item

    @property
    def items(self) -> dict[str, Item]:
        """Items by id, in questionnaire order."""
        return {item.id: item for _, item in self.iter_items()}

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        return self.items[item_id]

    def factor(self, factor_id: str) -> Factor:
        """The factor with this id (KeyError if none)."""
        for f in self.factors:
            if f.id == factor_id:
                return f
        raise KeyError(factor_id)

    def resolve(self, choices: Choices | None) -> tuple[Choice, ...]:
        """The options of a choice field, following a reference to a shared list."""
        if choices is None:
            return ()
        if isinstance(choices, str):
            return self.choice_lists[choices]
        return choices

    def options(self, item: Item) -> tuple[Choice, ...]:
        """The options an answer to ``item`` (or each matrix row) is chosen from."""
        if item.kind == "status":
            return self.resolve(item.choices) or DEFAULT_STATUS_CHOICES
        if item.kind == "yes_no":
            return YES_NO_CHOICES
        if item.kind in ("likert", "rating") or (item.kind == "matrix" and not item.choices):
            points = item.points or 5
            labels = item.labels or (
                DEFAULT_LIKERT_LABELS.get(points, ()) if item.kind != "rating" else ()
            )
            return tuple(
                Choice(
                    value=str(i),
                    label=f"{i} – {labels[i - 1]}" if i <= len(labels) else str(i),
                    score=float(i),
                )
                for i in range(1, points + 1)
            )
        return self.resolve(item.choices)

    def bands_for(self, factor_id: str | None) -> tuple[Band, ...]:
        """A factor's own bands, else the questionnaire's."""
        if factor_id is not None:
            try:
                own = self.factor(factor_id).bands
            except KeyError:
                own = None
            if own:
                return own
        return self.bands
