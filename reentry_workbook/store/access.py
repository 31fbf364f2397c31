"""Keys (the secret in a link) that open a workspace with a role; only their hashes are stored."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import ReentryWorkbookError, StoreError
from ..messages import t
from .rows import new_id, now, secret_hash
from .schema import LINK_ROLES, links, people, workspaces
from .types import Access, LinkRole
from .workspaces import to_workspace

KEY_BYTES = 18  # secrets.token_urlsafe(18): 24 characters, 144 bits
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,128}")
DENIED = t("store.denied")


class AccessDenied(ReentryWorkbookError):
    """A key opened nothing; one message for unknown, revoked and malformed keys alike."""

    def __init__(self) -> None:
        super().__init__(DENIED)


def issue(
    conn: Connection,
    workspace_id: str,
    role: str,
    *,
    person_id: str | None = None,
    revoke_others: bool = False,
) -> str:
    """A new key for ``role`` in a workspace (the plaintext, returned this once)."""
    if role not in LINK_ROLES:
        raise StoreError(f"a link is for one of {', '.join(LINK_ROLES)}, not {role!r}")
    if (role == "person") != (person_id is not None):
        raise StoreError("a personal link needs a person, and only a personal link has one")
    if person_id is not None:
        found = conn.execute(
            sa.select(people.c.id).where(
                people.c.id == person_id, people.c.workspace_id == workspace_id
            )
        ).first()
        if found is None:
            raise StoreError("that person is not in this workspace")
    if revoke_others:
        revoke(conn, workspace_id, role, person_id=person_id)
    key = secrets.token_urlsafe(KEY_BYTES)
    conn.execute(
        links.insert().values(
            id=new_id(),
            workspace_id=workspace_id,
            role=role,
            person_id=person_id,
            token_hash=secret_hash(key),
            created_at=now(),
        )
    )
    return key


def revoke(conn: Connection, workspace_id: str, role: str, *, person_id: str | None = None) -> int:
    """Revoke every live key of ``role`` in a workspace (of one person, when given)."""
    query = links.update().where(
        links.c.workspace_id == workspace_id, links.c.role == role, links.c.revoked_at.is_(None)
    )
    if person_id is not None:
        query = query.where(links.c.person_id == person_id)
    return int(conn.execute(query.values(revoked_at=now())).rowcount)


def open_key(conn: Connection, key: object) -> Access:
    """What a key opens; AccessDenied, with one message, for anything else."""
    if not isinstance(key, str) or not _KEY_SHAPE.fullmatch(key):
        raise AccessDenied()
    row = conn.execute(
        sa.select(links.c.role, links.c.person_id, workspaces)
        .join(workspaces, workspaces.c.id == links.c.workspace_id)
        .where(links.c.token_hash == secret_hash(key), links.c.revoked_at.is_(None))
    ).first()
    if row is None:
        raise AccessDenied()
    person_id = row.person_id
    if person_id is not None:
        person_id = surviving(conn, person_id)
    role: LinkRole = row.role
    return Access(to_workspace(row), role, person_id)


def surviving(conn: Connection, person_id: str) -> str:
    """The person a merged person now lives on as (themselves when never merged)."""
    seen: set[str] = set()
    while person_id not in seen:
        seen.add(person_id)
        into = conn.execute(
            sa.select(people.c.merged_into).where(people.c.id == person_id)
        ).scalar_one_or_none()
        if into is None:
            return person_id
        person_id = into
    return person_id
