"""Saved answers as pandas DataFrames (moved to ``reentry_workbook.store.frames``)."""

from __future__ import annotations

from .store.frames import (
    ANSWER_COLUMNS,
    PERSONAL_COLUMNS,
    answers_frame,
    people_frame,
    personal_frame,
    plan_answers,
    records_frame,
    table_frame,
)

__all__ = [
    "ANSWER_COLUMNS",
    "PERSONAL_COLUMNS",
    "answers_frame",
    "people_frame",
    "personal_frame",
    "plan_answers",
    "records_frame",
    "table_frame",
]
