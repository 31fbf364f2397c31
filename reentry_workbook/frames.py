"""Saved answers as pandas DataFrames for analysis: one row per respondent and item."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from .store import Store, answers, respondents, responses, workspaces

if TYPE_CHECKING:
    import pandas as pd

ANSWER_COLUMNS = ["respondent", "round", "item_id", "row", "value"]


def _rows(store: Store, workspace: str, questionnaire_id: str) -> list[Any]:
    query = (
        sa.select(respondents.c.name, responses.c.round, answers.c.item_id, answers.c.value_json)
        .select_from(
            answers.join(responses, answers.c.response_id == responses.c.id)
            .join(respondents, responses.c.respondent_id == respondents.c.id)
            .join(workspaces, responses.c.workspace_id == workspaces.c.id)
        )
        .where(workspaces.c.name == workspace, responses.c.questionnaire_id == questionnaire_id)
        .order_by(respondents.c.name, responses.c.round, answers.c.item_id)
    )
    with store.engine.connect() as conn:
        return [r for r in conn.execute(query) if r.value_json is not None]


def answers_frame(store: Store, workspace: str, questionnaire_id: str) -> pd.DataFrame:
    """Long frame: respondent, round, item_id, row (matrix statement or ""), value.

    Table items are left out; read them with :func:`table_frame`.
    """
    import pandas as pd

    records = []
    for r in _rows(store, workspace, questionnaire_id):
        value = json.loads(r.value_json)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            continue  # a table item
        if isinstance(value, dict):
            records += [(r.name, r.round, r.item_id, row, v) for row, v in value.items()]
        else:
            records.append((r.name, r.round, r.item_id, "", value))
    return pd.DataFrame(records, columns=ANSWER_COLUMNS)


def table_frame(store: Store, workspace: str, questionnaire_id: str, item_id: str) -> pd.DataFrame:
    """One row per record of a table item, for every respondent."""
    import pandas as pd

    records = []
    for r in _rows(store, workspace, questionnaire_id):
        if r.item_id == item_id:
            for record in json.loads(r.value_json):
                records.append({"respondent": r.name, "round": r.round, **record})
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return pd.DataFrame(columns=["respondent", "round", "_id"])
    first = ["respondent", "round", "_id"]
    return frame[first + [c for c in frame.columns if c not in first]]
