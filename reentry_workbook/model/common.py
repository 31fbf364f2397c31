"""Building blocks shared by every part of a page template: ids, options, conditions, scoring."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,63}$",
        description="Lower-case letters, digits and underscores, starting with a letter.",
    ),
]
Text = Annotated[str, Field(max_length=4000)]
Label = Annotated[str, Field(min_length=1, max_length=500)]
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="A colour as #RRGGBB.")]
Scalar = str | bool | int | float
Audience = Literal["facilitator", "participant", "both"]
Scope = Literal["plan", "personal"]


class Frozen(BaseModel):
    """Base of every template model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Choice(Frozen):
    """One answer option: a stable value, the words people see, and what analysis needs."""

    value: Annotated[str, Field(min_length=1, max_length=200)]
    label: Label
    short: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        None, description="A short form for legends and tight tables (default: the label)."
    )
    score: float | None = Field(
        None, description="Points for this option; leave empty for options such as 'not sure'."
    )
    colour: Colour | None = Field(None, description="Colour of this option in pictures.")
    description: Text = Field("", description="Shown under the option in forms.")
    phrase: Annotated[str, Field(max_length=200)] | None = Field(
        None, description="How the option reads inside a sentence, e.g. 'a champion of our goals'."
    )
    knowledge_gap: bool = Field(
        False,
        description="Answering this option means 'we do not know': never scored, never a "
        "coverage target, reported as a knowledge gap.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"value": data, "label": data}
        return data

    @property
    def short_label(self) -> str:
        """The short form, or the label."""
        return self.short or self.label


Choices = str | tuple[Choice, ...]
"""Either the name of a shared list under ``choice_lists`` or the options themselves."""


class Source(Frozen):
    """Where in the toolkit a page comes from."""

    toolkit: str = "Building Second Chances: Tools for Local Reentry Coalitions"
    publisher: str = "National Reentry Resource Center"
    part: Literal[1, 2]
    section: Annotated[str, Field(min_length=1, max_length=200)]
    order: Annotated[int, Field(ge=0, le=999)] = Field(
        0, description="Position of the page within its part, for the index page."
    )
    page: Annotated[str, Field(min_length=1, max_length=300)]
    url: Annotated[str, Field(pattern=r"^https://\S+$", max_length=500)]


class Band(Frozen):
    """An interpretation band: scores at or above ``min`` (up to the next band) get this label."""

    min: float
    label: Annotated[str, Field(min_length=1, max_length=80)]
    explanation: Text = ""
    colour: Colour | None = None


class Factor(Frozen):
    """A group of scored items whose mean is reported as one figure."""

    id: Id
    label: Annotated[str, Field(min_length=1, max_length=200)]
    description: Text = ""
    bands: tuple[Band, ...] | None = None


class Disagreement(Frozen):
    """When respondents' answers to one item spread widely enough to flag for discussion."""

    sd: float = Field(1.0, gt=0, description="Flag when the standard deviation reaches this.")
    range_share: float = Field(
        0.75, gt=0, le=1, description="Flag when max - min reaches this share of the scale width."
    )
    min_respondents: int = Field(3, ge=2, description="Never flag with fewer respondents.")


class Scoring(Frozen):
    """How an item counts toward its factor."""

    factor: Id | None = None
    weight: float = Field(1.0, gt=0)
    reverse: bool = False


class Condition(Frozen):
    """A rule on earlier answers; an item with ``visible_if`` shows only while it holds."""

    item: Id | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    one_of: tuple[Scalar, ...] | None = None
    includes: Annotated[str, Field(max_length=200)] | None = None
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


class MatrixRow(Frozen):
    """One statement of a matrix item."""

    id: Id
    label: Annotated[str, Field(min_length=1, max_length=1000)]
    reverse: bool = False
    factor: Id | None = None


def _load_scales() -> tuple[tuple[Choice, ...], dict[int, tuple[str, ...]], tuple[Choice, ...]]:
    """The built-in scales of ``scales.yaml`` (package data), read once at import."""
    text = resources.files(__package__).joinpath(SCALES_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    status = tuple(Choice.model_validate(c) for c in data["status"])
    yes_no = tuple(Choice.model_validate(c) for c in data["yes_no"])
    likert = {int(n): tuple(str(w) for w in words) for n, words in data["likert_labels"].items()}
    return status, likert, yes_no


SCALES_FILE = "scales.yaml"
"""The engine's built-in answer scales, a data file next to this module (see docs/templates.md)."""
DEFAULT_STATUS_CHOICES: tuple[Choice, ...]
"""A status item's options when the page gives none (the toolkit's questions' own vocabulary)."""
DEFAULT_LIKERT_LABELS: dict[int, tuple[str, ...]]
"""The words of a numbered scale, by its number of points."""
YES_NO_CHOICES: tuple[Choice, ...]
"""A yes/no item's options."""
DEFAULT_STATUS_CHOICES, DEFAULT_LIKERT_LABELS, YES_NO_CHOICES = _load_scales()


class CoverageDimension(Frozen):
    """A choice column of a table that coverage counts records by, against targets."""

    table: Id
    column: Id
    by: Id | None = Field(None, description="A second choice column to cross with, e.g. area.")
    label: Annotated[str, Field(max_length=200)] | None = None
    targets: dict[str, Annotated[int, Field(ge=0, le=100_000)]] | None = Field(
        None,
        description="Minimum records per option value; options not named need at least one.",
    )
