"""A whole page template: steps of items, the views that show results, and what it exports."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from .columns import ChoiceColumn, ColumnBase
from .common import (
    DEFAULT_LIKERT_LABELS,
    DEFAULT_STATUS_CHOICES,
    YES_NO_CHOICES,
    Audience,
    Band,
    Choice,
    Choices,
    Disagreement,
    Factor,
    Frozen,
    Id,
    Scope,
    Source,
    Text,
)
from .items import (
    ChoiceItemBase,
    Item,
    ItemBase,
    MatrixItem,
    ScaleItem,
    StatusItem,
    TableItem,
    YesNoItem,
)

SCHEMA_VERSION = 2
Download = Literal["report_html", "lists_xlsx", "lists_csv", "answers_json", "history_csv"]
ALL_DOWNLOADS: tuple[Download, ...] = (
    "report_html",
    "lists_xlsx",
    "lists_csv",
    "answers_json",
    "history_csv",
)


class ViewSpec(Frozen):
    """A named view with its parameters, e.g. ``{view: coverage_bars, table: members, ...}``.

    The parameters are checked against the view's own model by the loader (see ``views``).
    """

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    view: Id
    title: Annotated[str, Field(max_length=200)] | None = None

    @property
    def params(self) -> dict[str, Any]:
        """The parameters other than ``view`` and ``title``."""
        return dict(self.model_extra or {})


class Step(Frozen):
    """A section of the page: a heading, guidance, its questions and the views shown under them."""

    id: Id
    title: Annotated[str, Field(min_length=1, max_length=200)]
    guidance: Text = ""
    audience: Audience = "facilitator"
    items: Annotated[tuple[Item, ...], Field(min_length=1)]
    show: tuple[ViewSpec, ...] = ()


PlanSection = Literal["results", "strategic_plan", "communication", "measures"]


class CoalitionPlan(Frozen):
    """Where a page goes in the coalition plan (the report of a whole workspace) and what of it.

    Sections: results (each page's key results), strategic_plan, communication (outreach and
    communication plans), measures. Default views: the page's summary.
    """

    section: PlanSection = "results"
    views: tuple[ViewSpec, ...] | None = None


class Translation(Frozen):
    """Words of the package in another language (message id -> text)."""

    messages: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,99}$")], Text] = Field(
        default_factory=dict
    )


class Questionnaire(Frozen):
    """A page template: one toolkit page turned into steps of questions and views."""

    schema_version: Literal[2] = Field(description="Version of this file format.")
    id: Id
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$")] = "1"
    title: Annotated[str, Field(min_length=1, max_length=200)]
    language: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    source: Source
    intro: Text = ""
    notes: Annotated[str, Field(max_length=8000)] = Field(
        "", description="For maintainers: what the toolkit page covers and what was designed here."
    )
    choice_lists: dict[Id, tuple[Choice, ...]] = Field(default_factory=dict)
    factors: tuple[Factor, ...] = ()
    bands: tuple[Band, ...] = ()
    disagreement: Disagreement = Disagreement()
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]
    summary: tuple[ViewSpec, ...] = ()
    report: tuple[ViewSpec, ...] | None = Field(
        None, description="Views in the printable report (default: the summary's)."
    )
    downloads: tuple[Download, ...] = ALL_DOWNLOADS
    coalition_plan: CoalitionPlan = CoalitionPlan()
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")], Translation] = (
        Field(default_factory=dict)
    )

    # ----- lookups --------------------------------------------------------------------------
    def iter_items(self) -> Iterator[tuple[Step, Item]]:
        """Every (step, item) in order."""
        for step in self.steps:
            for item in step.items:
                yield step, item

    @property
    def items(self) -> Mapping[str, Item]:
        """Items by id, in page order."""
        return {item.id: item for _, item in self.iter_items()}

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        return self.items[item_id]

    def table(self, item_id: str) -> TableItem:
        """The table item with this id (KeyError if none or not a table)."""
        item = self.items[item_id]
        if not isinstance(item, TableItem):
            raise KeyError(item_id)
        return item

    def step_of(self, item_id: str) -> Step:
        """The step an item belongs to."""
        for step, item in self.iter_items():
            if item.id == item_id:
                return step
        raise KeyError(item_id)

    def factor(self, factor_id: str) -> Factor:
        """The factor with this id (KeyError if none)."""
        for f in self.factors:
            if f.id == factor_id:
                return f
        raise KeyError(factor_id)

    def audience_of(self, item: ItemBase) -> Audience:
        """Who is asked this item: its own audience, else its step's."""
        return item.audience or self.step_of(item.id).audience

    def scope_of(self, item: ItemBase) -> Scope:
        """Whether the answer is the workspace's shared plan or each person's own."""
        if item.scope is not None:
            return item.scope
        return "plan" if self.audience_of(item) == "facilitator" else "personal"

    def for_participants(self, item: ItemBase) -> bool:
        """Whether a participant link asks this item."""
        return self.audience_of(item) in ("participant", "both")

    @property
    def shown_views(self) -> tuple[ViewSpec, ...]:
        """Every view the page shows, in page order: each step's, the summary's, the report's."""
        return (*(v for s in self.steps for v in s.show), *self.summary, *(self.report or ()))

    @property
    def report_views(self) -> tuple[ViewSpec, ...]:
        """The views of the printable report."""
        return self.summary if self.report is None else self.report

    @property
    def plan_views(self) -> tuple[ViewSpec, ...]:
        """The views this page contributes to the coalition plan."""
        own = self.coalition_plan.views
        return self.summary if own is None else own

    # ----- options --------------------------------------------------------------------------
    def resolve(self, choices: Choices | None) -> tuple[Choice, ...]:
        """The options of a choice field, following a reference to a shared list."""
        if choices is None:
            return ()
        if isinstance(choices, str):
            return self.choice_lists[choices]
        return choices

    def options(self, item: ItemBase) -> tuple[Choice, ...]:
        """The fixed options an answer to ``item`` (or each matrix row) is chosen from.

        Empty for items whose options are the records of a list (``choices_from``).
        """
        if isinstance(item, StatusItem):
            return self.resolve(item.choices) or DEFAULT_STATUS_CHOICES
        if isinstance(item, YesNoItem):
            return YES_NO_CHOICES
        if isinstance(item, ScaleItem) or (isinstance(item, MatrixItem) and not item.choices):
            assert isinstance(item, ScaleItem | MatrixItem)
            return scale_options(item.points, item.labels, numbered=item.kind != "rating")
        if isinstance(item, MatrixItem | ChoiceItemBase):
            return self.resolve(item.choices)
        return ()

    def column_options(self, column: ColumnBase) -> tuple[Choice, ...]:
        """The options of a choice column."""
        if isinstance(column, ChoiceColumn):
            return self.resolve(column.choices)
        return ()

    def bands_for(self, factor_id: str | None) -> tuple[Band, ...]:
        """A factor's own bands, else the page's."""
        if factor_id is not None:
            try:
                own = self.factor(factor_id).bands
            except KeyError:
                own = None
            if own:
                return own
        return self.bands


def scale_options(
    points: int, labels: tuple[str, ...] | None, *, numbered: bool = True
) -> tuple[Choice, ...]:
    """Options 1..points scored by their number, labelled when words are known."""
    words = labels or (DEFAULT_LIKERT_LABELS.get(points, ()) if numbered else ())
    return tuple(
        Choice(
            value=str(i),
            label=f"{i} – {words[i - 1]}" if i <= len(words) else str(i),
            short=str(i),
            score=float(i),
        )
        for i in range(1, points + 1)
    )
