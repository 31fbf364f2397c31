"""The kind registry: for every item and column kind, its rules in one object."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import AnswerError
from ..messages import Catalog

if TYPE_CHECKING:
    from ..model import Choice, ColumnBase, ItemBase, Questionnaire, TableTarget
    from ..widgets.inputs import Input

RECORD_ID = "_id"
MAX_TEXT = 20_000


class Lookup(Protocol):
    """Where pick lists find their options: the current records of a table (of this page or of
    another page in the same workspace)."""

    def records(self, target: TableTarget) -> list[dict[str, Any]]:
        """The current records of a table, in list order."""
        ...


class NoLookup:
    """A lookup that knows no records (for checking plain data without a workspace)."""

    def records(self, target: TableTarget) -> list[dict[str, Any]]:
        """No records."""
        return []


@dataclass(frozen=True)
class Slot:
    """One scored answer slot of an item: the item itself, or one matrix statement."""

    row: str
    label: str
    factor: str | None
    reverse: bool
    scores: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FormOption:
    """One choice on the participant form: its words, its value as JSON, a longer note."""

    label: str
    value_json: str
    description: str = ""


@dataclass(frozen=True)
class Context:
    """What a kind's rules may need besides the item: the page, the words, the lookup."""

    q: Questionnaire
    tr: Catalog
    lookup: Lookup = field(default_factory=NoLookup)


class ItemRules:
    """How one family of item kinds behaves. Subclasses fill in what differs."""

    kinds: tuple[str, ...] = ()
    participant_template: str | None = None
    """The light participant form's template for this kind (``workshop/templates/kinds/``), or
    None when the kind is answered only on the full page (lists)."""

    def normalise(self, ctx: Context, item: ItemBase, value: Any, where: str) -> Any:
        """Check a non-empty answer's type and options; return its canonical plain form."""
        raise NotImplementedError

    def form_fields(self, ctx: Context, item: ItemBase) -> dict[str, Any]:
        """What the participant form's template needs besides the item (options, rows...)."""
        return {}

    def messages(self, ctx: Context, item: ItemBase, value: Any) -> list[str]:
        """Plain-language problems with a given (normalised, answered) value."""
        return []

    def condition_values(self, ctx: Context, item: ItemBase) -> list[Any] | None:
        """The values a ``visible_if`` test on this item may compare with (None: any)."""
        return None

    def slots(self, ctx: Context, item: ItemBase) -> list[Slot]:
        """The scored slots of this item (empty when it is not scored)."""
        return []

    def display(self, ctx: Context, item: ItemBase, value: Any) -> str:
        """The answer as words, for tables and reports."""
        return str(value)

    def widget(self, ctx: Context, item: ItemBase, label: str) -> Input:
        """The input that edits this item (imports ipywidgets only when called)."""
        raise NotImplementedError


class ColumnRules:
    """How one family of column kinds behaves."""

    kinds: tuple[str, ...] = ()
    numeric: bool = False
    """Whether the cells are numbers (right-aligned in tables, so digits line up)."""

    def normalise(self, ctx: Context, column: ColumnBase, value: Any, where: str) -> Any:
        """Check a non-empty cell; return its canonical plain form."""
        raise NotImplementedError

    def messages(self, ctx: Context, column: ColumnBase, value: Any) -> list[str]:
        """Plain-language problems with a given (normalised, non-empty) cell value."""
        return []

    def display(self, ctx: Context, column: ColumnBase, value: Any) -> str:
        """The cell as words."""
        return str(value)

    def sort_key(self, ctx: Context, column: ColumnBase, value: Any) -> Any:
        """What the list is sorted by for this column."""
        text = self.display(ctx, column, value)
        return text.casefold()

    def widget(self, ctx: Context, column: ColumnBase, label: str) -> Input:
        """The input that edits this column in the record editor."""
        raise NotImplementedError


ITEM_KINDS: dict[str, ItemRules] = {}
COLUMN_KINDS: dict[str, ColumnRules] = {}


def register_item(rules: ItemRules) -> ItemRules:
    """Add an item kind family to the registry."""
    for kind in rules.kinds:
        ITEM_KINDS[kind] = rules
    return rules


def register_column(rules: ColumnRules) -> ColumnRules:
    """Add a column kind family to the registry."""
    for kind in rules.kinds:
        COLUMN_KINDS[kind] = rules
    return rules


def item_rules(item: ItemBase) -> ItemRules:
    """The rules of an item's kind."""
    return ITEM_KINDS[item.kind]


def column_rules(column: ColumnBase) -> ColumnRules:
    """The rules of a column's kind."""
    return COLUMN_KINDS[column.kind]


# ----- plain-data checks shared by the kinds --------------------------------------------------
def fail(ctx: Context, where: str, key: str, **values: Any) -> AnswerError:
    """An AnswerError for ``where`` with the catalog message ``key``."""
    return AnswerError([f"{where}: {ctx.tr(key, **values)}"])


def is_int(value: Any) -> bool:
    """A whole number, not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A finite int or float, not a bool."""
    return (is_int(value) or isinstance(value, float)) and math.isfinite(value)


def check_text(ctx: Context, value: Any, where: str) -> str:
    """Text of at most MAX_TEXT characters."""
    if not isinstance(value, str):
        raise fail(ctx, where, "answers.expected_text", got=type(value).__name__)
    if len(value) > MAX_TEXT:
        raise fail(ctx, where, "answers.text_too_long", limit=f"{MAX_TEXT:,}")
    return value


def check_date(ctx: Context, value: Any, where: str) -> str:
    """An ISO date string (dates and datetimes are accepted and converted)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise fail(ctx, where, "answers.not_a_date", value=repr(value)[:60])


def check_choice(ctx: Context, value: Any, allowed: Sequence[str], where: str) -> str:
    """One of the allowed option values."""
    if not isinstance(value, str) or value not in allowed:
        raise fail(
            ctx, where, "answers.not_an_option", value=repr(value)[:60], options=", ".join(allowed)
        )
    return value


def check_choices(ctx: Context, value: Any, allowed: Sequence[str], where: str) -> list[str]:
    """A list of distinct allowed option values."""
    if not isinstance(value, list | tuple):
        raise fail(ctx, where, "answers.expected_list", got=type(value).__name__)
    out = [check_choice(ctx, v, allowed, where) for v in value]
    if len(set(out)) != len(out):
        raise fail(ctx, where, "answers.chosen_twice")
    return out


def check_record_id(ctx: Context, value: Any, where: str) -> str:
    """A record id as stored in a list (a short token)."""
    if not isinstance(value, str) or not value or len(value) > 64 or not value.isprintable():
        raise fail(ctx, where, "answers.not_a_record", value=repr(value)[:60])
    return value


def check_record_ids(ctx: Context, value: Any, where: str) -> list[str]:
    """Distinct record ids."""
    if not isinstance(value, list | tuple):
        raise fail(ctx, where, "answers.expected_list", got=type(value).__name__)
    out = [check_record_id(ctx, v, where) for v in value]
    if len(set(out)) != len(out):
        raise fail(ctx, where, "answers.chosen_twice")
    return out


def check_int_in(ctx: Context, value: Any, low: int, high: int, where: str) -> int:
    """A whole number in [low, high]."""
    if not is_int(value) or not low <= value <= high:
        raise fail(ctx, where, "answers.not_in_scale", value=repr(value)[:60], low=low, high=high)
    return int(value)


def check_bool(ctx: Context, value: Any, where: str) -> bool:
    """True or False."""
    if not isinstance(value, bool):
        raise fail(ctx, where, "answers.expected_yes_no", value=repr(value)[:60])
    return value


def labels_of(options: Sequence[Choice]) -> dict[str, str]:
    """Option value -> label."""
    return {c.value: c.label for c in options}


def record_label(record: Mapping[str, Any], label_column: str) -> str:
    """The name a record is shown by."""
    value = record.get(label_column)
    return str(value).strip() if isinstance(value, str) and value.strip() else ""


WidgetFactory = Callable[..., "Input"]
