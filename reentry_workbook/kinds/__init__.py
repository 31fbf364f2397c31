"""Item and column kinds: each kind's rules live together, found through a registry."""

from . import choices, columns, lists, text  # noqa: F401 - registers the kinds
from .base import (
    COLUMN_KINDS,
    ITEM_KINDS,
    RECORD_ID,
    ColumnRules,
    Context,
    FormOption,
    ItemRules,
    Lookup,
    NoLookup,
    Slot,
    column_rules,
    item_rules,
)
from .lists import is_empty, record_fields, record_nouns

__all__ = [
    "COLUMN_KINDS",
    "ITEM_KINDS",
    "RECORD_ID",
    "ColumnRules",
    "Context",
    "FormOption",
    "ItemRules",
    "Lookup",
    "NoLookup",
    "Slot",
    "column_rules",
    "is_empty",
    "item_rules",
    "record_fields",
    "record_nouns",
]
