"""People in a workspace: joining (race-safe), matching typed names, rename, merge, devices."""

from __future__ import annotations

import difflib
import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..names import clean_name, name_key
from . import replay
from .access import KEY_BYTES, surviving
from .rows import insert_ignore, new_id, now, secret_hash
from .schema import ROLES, links, people, person_events, responses
from .types import Author, Person

CLOSE = 0.75  # difflib ratio above which a typed name is offered as "did you mean"
NOT_MERGED = people.c.merged_into.is_(None)


def to_person(row: Any) -> Person:
    """A table row as a Person."""
    return Person(
        row.id,
        row.workspace_id,
        row.name,
        row.role,
        bool(row.counted),
        bool(row.pseudonym),
        row.device_hash is not None,
    )


def get(conn: Connection, person_id: str, *, lock: bool = False) -> Person:
    """The person with this id (merged people included); StoreError when unknown."""
    query = sa.select(people).where(people.c.id == person_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise StoreError("no such person in this store")
    return to_person(row)


def listed(conn: Connection, workspace_id: str) -> list[Person]:
    """The people of a workspace (not merged away), by name."""
    rows = conn.execute(
        sa.select(people)
        .where(people.c.workspace_id == workspace_id, NOT_MERGED)
        .order_by(people.c.name_key, people.c.id)
    )
    return [to_person(r) for r in rows]


def match(conn: Connection, workspace_id: str, typed: str) -> list[Person]:
    """People whose name has the key of ``typed`` first, then close ones (did you mean)."""
    key = name_key(typed)
    same, close = [], []
    for person in listed(conn, workspace_id):
        other = name_key(person.name)
        if other == key:
            same.append(person)
            continue
        ratio = difflib.SequenceMatcher(None, key, other).ratio()
        by_word = bool(key) and (other.split()[:1] == [key] or other.startswith(key + " "))
        if by_word or ratio >= CLOSE:  # "Dana" for "Dana Whitfield" first, then typos
            close.append((not by_word, -ratio, person.name, person))
    return same + [c[-1] for c in sorted(close, key=lambda c: c[:3])]


def _insert(conn: Connection, workspace_id: str, name: str, role: str, pseudonym: bool) -> bool:
    query = insert_ignore(
        conn,
        people,
        index_elements=["workspace_id", "name_key"],
        index_where=NOT_MERGED,
    ).values(
        id=new_id(),
        workspace_id=workspace_id,
        name=name,
        name_key=name_key(name),
        role=role,
        counted=role == "participant",
        pseudonym=pseudonym,
        created_at=now(),
    )
    return bool(conn.execute(query).rowcount)


def by_key(conn: Connection, workspace_id: str, key: str) -> Person | None:
    """The person (not merged away) whose name has this key."""
    row = conn.execute(
        sa.select(people).where(
            people.c.workspace_id == workspace_id, people.c.name_key == key, NOT_MERGED
        )
    ).first()
    return None if row is None else to_person(row)


def join(
    conn: Connection,
    workspace_id: str,
    name: str | None,
    role: str,
    *,
    pseudonym_if_blank: bool = True,
) -> Person:
    """The person named ``name`` (same key) in a workspace, added when new.

    Concurrent joins with one name meet one row (INSERT .. ON CONFLICT DO NOTHING, then read).
    A blank name gets the next free pseudonym, "Participant 7".
    """
    if role not in ROLES:
        raise StoreError(f"a person is a {' or a '.join(ROLES)}, not {role!r}")
    if name is None or not name.strip():
        if not pseudonym_if_blank:
            clean_name("", "person")  # raises: a person needs a name
        return _pseudonym(conn, workspace_id, role)
    name = clean_name(name, "person")
    _insert(conn, workspace_id, name, role, False)
    person = by_key(conn, workspace_id, name_key(name))
    if person is None:  # cannot happen: the row was there or was just inserted
        raise StoreError("could not add the person; try again")
    return person


def _pseudonym(conn: Connection, workspace_id: str, role: str) -> Person:
    count = conn.execute(
        sa.select(sa.func.count()).select_from(people).where(people.c.workspace_id == workspace_id)
    ).scalar_one()
    n = int(count) + 1
    while True:  # a name taken meanwhile is skipped: two blank joins never share a person
        name = f"Participant {n}"
        if _insert(conn, workspace_id, name, role, True):
            person = by_key(conn, workspace_id, name_key(name))
            assert person is not None
            return person
        n += 1


def _event(conn: Connection, person_id: str, kind: str, old: Any, new: Any, by: Author) -> None:
    conn.execute(
        person_events.insert().values(
            id=new_id(),
            person_id=person_id,
            kind=kind,
            old=None if old is None else str(old),
            new=None if new is None else str(new),
            by=by.name,
            at=now(),
        )
    )


def rename(conn: Connection, person_id: str, new_name: str, by: Author) -> Person:
    """Give a person another name; refused (saying whose) when someone else has that name."""
    person = get(conn, person_id, lock=True)
    new_name = clean_name(new_name, "person")
    other = by_key(conn, person.workspace_id, name_key(new_name))
    if other is not None and other.id != person.id:
        raise StoreError(
            f"{other.name!r} is already the name of another person here; merge the two instead"
        )
    conn.execute(
        people.update()
        .where(people.c.id == person_id)
        .values(name=new_name, name_key=name_key(new_name), pseudonym=False)
    )
    _event(conn, person_id, "rename", person.name, new_name, by)
    return get(conn, person_id)


def set_counted(conn: Connection, person_id: str, counted: bool, by: Author) -> Person:
    """Whether a person's personal answers count in group figures."""
    person = get(conn, person_id, lock=True)
    conn.execute(people.update().where(people.c.id == person_id).values(counted=counted))
    _event(conn, person_id, "counted", person.counted, counted, by)
    return get(conn, person_id)


def claim_device(conn: Connection, person_id: str) -> str:
    """A new device secret for a person (the plaintext, returned this once)."""
    get(conn, person_id, lock=True)
    secret = secrets.token_urlsafe(KEY_BYTES)
    conn.execute(
        people.update().where(people.c.id == person_id).values(device_hash=secret_hash(secret))
    )
    return secret


def by_device(conn: Connection, workspace_id: str, secret: str) -> Person | None:
    """The person a device secret belongs to (following merges), or None."""
    if not isinstance(secret, str) or not secret:
        return None
    row = conn.execute(
        sa.select(people.c.id).where(
            people.c.workspace_id == workspace_id, people.c.device_hash == secret_hash(secret)
        )
    ).first()
    return None if row is None else get(conn, surviving(conn, row.id))


def merge(conn: Connection, keep_id: str, other_id: str, by: Author) -> Person:
    """Fold ``other`` into ``keep``: their responses (and records) move, history is kept."""
    if keep_id == other_id:
        raise StoreError("a person cannot be merged with themselves")
    keep, other = get(conn, keep_id, lock=True), get(conn, other_id, lock=True)
    if keep.workspace_id != other.workspace_id:
        raise StoreError("only people of the same workspace can be merged")
    for person in (keep, other):
        merged = conn.execute(
            sa.select(people.c.merged_into).where(people.c.id == person.id)
        ).scalar_one()
        if merged is not None:
            raise StoreError(f"{person.name!r} was already merged into someone else")
    theirs = conn.execute(sa.select(responses).where(responses.c.subject == other.id)).all()
    for resp in theirs:
        mine = conn.execute(
            sa.select(responses.c.id).where(
                responses.c.workspace_id == resp.workspace_id,
                responses.c.questionnaire_id == resp.questionnaire_id,
                responses.c.subject == keep.id,
                responses.c.round == resp.round,
            )
        ).scalar_one_or_none()
        if mine is None:
            conn.execute(
                responses.update()
                .where(responses.c.id == resp.id)
                .values(subject=keep.id, person_id=keep.id)
            )
        else:
            replay.move_log(conn, resp.id, mine)
    conn.execute(links.update().where(links.c.person_id == other.id).values(person_id=keep.id))
    if not keep.claimed and other.claimed:
        device = conn.execute(
            sa.select(people.c.device_hash).where(people.c.id == other.id)
        ).scalar_one()
        conn.execute(people.update().where(people.c.id == keep.id).values(device_hash=device))
    conn.execute(
        people.update().where(people.c.id == other.id).values(merged_into=keep.id, device_hash=None)
    )
    _event(conn, keep.id, "merge", other.name, keep.name, by)
    _event(conn, other.id, "merge", other.name, keep.name, by)
    return get(conn, keep.id)
