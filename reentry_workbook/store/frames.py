"""Saved answers as pandas DataFrames for scoring and analysis (pure reads)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from .rows import aware, loads
from .schema import PLAN, answers, people, records, responses, workspaces

if TYPE_CHECKING:
    import pandas as pd

    from .api import Store

PERSONAL_COLUMNS = ["person_id", "person", "round", "item_id", "row", "value"]
ANSWER_COLUMNS = ["respondent", "round", "item_id", "row", "value"]
PLAN_LABEL = "(coalition plan)"


def _long(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """(who..., round, item, value) rows as one row per matrix statement; lists left out."""
    out: list[tuple[Any, ...]] = []
    for *who, round_, item_id, value in rows:
        if isinstance(value, dict):
            out += [(*who, round_, item_id, row, v) for row, v in value.items()]
        else:
            out.append((*who, round_, item_id, "", value))
    return out


def personal_frame(
    store: Store,
    workspace_id: str,
    questionnaire_id: str,
    *,
    rounds: Iterable[int] | None = None,
    counted_only: bool = True,
) -> pd.DataFrame:
    """person_id, person, round, item_id, row (matrix statement or ""), value.

    Personal answers only (the plan is not a respondent); list items are left out.
    """
    import pandas as pd

    query = (
        sa.select(
            people.c.id, people.c.name, responses.c.round, answers.c.item_id, answers.c.value_json
        )
        .select_from(
            answers.join(responses, answers.c.response_id == responses.c.id).join(
                people, responses.c.person_id == people.c.id
            )
        )
        .where(
            responses.c.workspace_id == workspace_id,
            responses.c.questionnaire_id == questionnaire_id,
            responses.c.subject != PLAN,
            answers.c.value_json.is_not(None),
        )
        .order_by(people.c.name_key, people.c.id, responses.c.round, answers.c.item_id)
    )
    if rounds is not None:
        query = query.where(responses.c.round.in_(list(rounds)))
    if counted_only:
        query = query.where(people.c.counted.is_(True))
    with store.reading() as conn:
        rows = [
            (r.id, r.name, r.round, r.item_id, loads(r.value_json)) for r in conn.execute(query)
        ]
    rows = [r for r in rows if not _is_list(r[-1])]
    return pd.DataFrame(_long(rows), columns=PERSONAL_COLUMNS)


def _is_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def records_frame(store: Store, response_id: str, item_id: str) -> pd.DataFrame:
    """One row per live record of a list item: ``_id``, then its fields, in list order."""
    import pandas as pd

    with store.reading() as conn:
        rows = conn.execute(
            sa.select(records.c.record_id, records.c.value_json)
            .where(
                records.c.response_id == response_id,
                records.c.item_id == item_id,
                records.c.deleted.is_(False),
            )
            .order_by(records.c.position, records.c.record_id)
        ).all()
    frame = pd.DataFrame.from_records([{"_id": r.record_id, **loads(r.value_json)} for r in rows])
    return frame if not frame.empty else pd.DataFrame(columns=["_id"])


def plan_answers(store: Store, workspace_id: str, questionnaire_id: str) -> dict[str, Any]:
    """The workspace's plan as a dict: plain answers, and lists as records with ``_id``."""
    from .legacy import load_answers

    with store.reading() as conn:
        plan = conn.execute(
            sa.select(responses.c.id).where(
                responses.c.workspace_id == workspace_id,
                responses.c.questionnaire_id == questionnaire_id,
                responses.c.subject == PLAN,
            )
        ).scalar_one_or_none()
        return {} if plan is None else load_answers(conn, plan)


def people_frame(store: Store, workspace_id: str) -> pd.DataFrame:
    """person_id, name, role, counted, pseudonym, created_at of a workspace's people."""
    import pandas as pd

    with store.reading() as conn:
        rows = conn.execute(
            sa.select(people)
            .where(people.c.workspace_id == workspace_id, people.c.merged_into.is_(None))
            .order_by(people.c.name_key, people.c.id)
        ).all()
    return pd.DataFrame(
        [
            (r.id, r.name, r.role, bool(r.counted), bool(r.pseudonym), aware(r.created_at))
            for r in rows
        ],
        columns=["person_id", "name", "role", "counted", "pseudonym", "created_at"],
    )


# ----- legacy, for scripts: by workspace name, every response including the plan -----------
def _legacy_rows(store: Store, workspace: str, questionnaire_id: str) -> list[Any]:
    query = (
        sa.select(responses.c.id, responses.c.subject, responses.c.round, people.c.name)
        .select_from(
            responses.join(workspaces, responses.c.workspace_id == workspaces.c.id).outerjoin(
                people, responses.c.person_id == people.c.id
            )
        )
        .where(
            workspaces.c.name == " ".join(workspace.split()),
            responses.c.questionnaire_id == questionnaire_id,
        )
        .order_by(workspaces.c.created_at, people.c.name, responses.c.round)
    )
    from .legacy import load_answers

    with store.reading() as conn:
        found = conn.execute(query).all()
        return [
            (PLAN_LABEL if r.subject == PLAN else r.name, r.round, load_answers(conn, r.id))
            for r in found
        ]


def answers_frame(store: Store, workspace: str, questionnaire_id: str) -> pd.DataFrame:
    """Legacy, for scripts: respondent, round, item_id, row, value of every response.

    The plan counts as one respondent, as the facilitator did before; list items left out.
    """
    import pandas as pd

    rows = [
        (who, round_, item_id, value)
        for who, round_, saved in _legacy_rows(store, workspace, questionnaire_id)
        for item_id, value in sorted(saved.items())
        if not _is_list(value) and value != []  # lists of records: read them with table_frame
    ]
    return pd.DataFrame(_long(rows), columns=ANSWER_COLUMNS)


def table_frame(store: Store, workspace: str, questionnaire_id: str, item_id: str) -> pd.DataFrame:
    """Legacy, for scripts: one row per record of a list item, for every response."""
    import pandas as pd

    out = []
    for who, round_, saved in _legacy_rows(store, workspace, questionnaire_id):
        value = saved.get(item_id)
        if isinstance(value, list):
            out += [{"respondent": who, "round": round_, **r} for r in value if isinstance(r, dict)]
    frame = pd.DataFrame.from_records(out)
    if frame.empty:
        return pd.DataFrame(columns=["respondent", "round", "_id"])
    first = ["respondent", "round", "_id"]
    return frame[first + [c for c in frame.columns if c not in first]]
