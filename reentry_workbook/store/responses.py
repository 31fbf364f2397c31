"""Responses: the workspace's shared plan per questionnaire, and each person's own answers."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from .rows import insert_ignore, new_id, now
from .schema import ITEM_ID, PLAN, people, responses


def find(
    conn: Connection, workspace_id: str, questionnaire_id: str, subject: str, round_: int
) -> str | None:
    """The id of a response if it exists (a read: no write lock for the common case)."""
    found = conn.execute(
        sa.select(responses.c.id).where(
            responses.c.workspace_id == workspace_id,
            responses.c.questionnaire_id == questionnaire_id,
            responses.c.subject == subject,
            responses.c.round == round_,
        )
    ).scalar_one_or_none()
    return None if found is None else str(found)


def _get_or_create(
    conn: Connection,
    workspace_id: str,
    questionnaire_id: str,
    subject: str,
    person_id: str | None,
    round_: int,
    template_version: str,
) -> str:
    if not questionnaire_id or len(questionnaire_id) > ITEM_ID:
        raise StoreError(f"a questionnaire id must be 1 to {ITEM_ID} characters")
    conn.execute(
        insert_ignore(
            conn,
            responses,
            index_elements=["workspace_id", "questionnaire_id", "subject", "round"],
        ).values(
            id=new_id(),
            workspace_id=workspace_id,
            questionnaire_id=questionnaire_id,
            subject=subject,
            person_id=person_id,
            round=round_,
            template_version=str(template_version)[:20],
            created_at=now(),
        )
    )
    found = find(conn, workspace_id, questionnaire_id, subject, round_)
    assert found is not None  # there, or just inserted
    return found


def plan(conn: Connection, workspace_id: str, questionnaire_id: str, template_version: str) -> str:
    """The id of the workspace's plan for a questionnaire, created on first use (race-safe)."""
    return _get_or_create(conn, workspace_id, questionnaire_id, PLAN, None, 0, template_version)


def personal(
    conn: Connection,
    workspace_id: str,
    person_id: str,
    questionnaire_id: str,
    template_version: str,
    round_: int = 1,
) -> str:
    """The id of a person's own response (per questionnaire and round), created on first use."""
    if not isinstance(round_, int) or isinstance(round_, bool) or not 1 <= round_ <= 1000:
        raise StoreError("a round is a whole number from 1 to 1000")
    found = conn.execute(
        sa.select(people.c.merged_into).where(
            people.c.id == person_id, people.c.workspace_id == workspace_id
        )
    ).first()
    if found is None:
        raise StoreError("that person is not in this workspace")
    if found.merged_into is not None:
        raise StoreError("that person was merged into another; use the other one")
    return _get_or_create(
        conn, workspace_id, questionnaire_id, person_id, person_id, round_, template_version
    )
