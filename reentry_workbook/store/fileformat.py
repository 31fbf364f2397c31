"""The export file (format 2, format 1 converted on read), read strictly: bounded, typed, one line
per refusal naming the file and the place in it."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt
from pydantic import ValidationError as PydanticError

from ..errors import ExchangeError
from ..messages import t
from . import v1

FORMAT = "reentry-workbook-export"
FORMAT_VERSION = 2
MAX_BYTES = 50_000_000
MAX_DEPTH = 64
MAX_DIGITS = 20
MAX_VALUE_CHARS = 1_000_000
LIMITS = {"people": 10_000, "respondents": 10_000, "responses": 100_000, "revisions": 1_000_000}
UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _instant(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("not a time (like 2026-11-29T10:00:00+00:00)")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not a time (like 2026-11-29T10:00:00+00:00)") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError("time without a UTC offset")
    return parsed.astimezone(dt.UTC)


def _uuid(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(UUID_PATTERN, value):
        raise ValueError("not an id (a lower-case UUID)")
    return value


def _subject(value: object) -> str:
    return "plan" if value == "plan" else _uuid(value)


Instant = Annotated[dt.datetime, BeforeValidator(_instant)]
Uuid = Annotated[str, BeforeValidator(_uuid)]
Text = Annotated[str, Field(max_length=200, strict=True)]
Ident = Annotated[str, Field(min_length=1, max_length=64, strict=True)]
Version = Annotated[str, Field(max_length=20, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkspaceIn(_Strict):
    """The file's workspace."""

    id: Uuid
    name: Annotated[str, Field(min_length=1, max_length=200, strict=True)]
    is_demo: StrictBool
    created_at: Instant


class PersonIn(_Strict):
    """A person in the file."""

    id: Uuid
    name: Annotated[str, Field(min_length=1, max_length=200, strict=True)]
    role: Literal["facilitator", "participant"]
    counted: StrictBool
    pseudonym: StrictBool
    merged_into: Uuid | None
    created_at: Instant


class ResponseIn(_Strict):
    """A response in the file: the plan or a person's own."""

    id: Uuid
    subject: Annotated[str, BeforeValidator(_subject)]
    questionnaire_id: Ident
    template_version: Version
    round: Annotated[StrictInt, Field(ge=0, le=1000)]
    created_at: Instant


class RevisionIn(_Strict):
    """One change in the file."""

    id: Uuid
    response_id: Uuid
    item_id: Ident
    record_id: Ident | None
    op: Literal["set", "clear", "fields", "delete", "restore", "move"]
    value: Any
    author: Text
    author_id: Uuid | None
    created_at: Instant


class ExportFile(_Strict):
    """A whole format-2 file (format-1 files are converted to this on read)."""

    format: Literal["reentry-workbook-export"]
    format_version: Literal[2]
    generator: Text
    workspace: WorkspaceIn
    people: list[PersonIn]
    responses: list[ResponseIn]
    revisions: list[RevisionIn]


class _V1Revision(_Strict):
    id: Uuid
    item_id: Ident
    value: Any = None
    author: Text
    created_at: Instant


class _V1Response(_Strict):
    id: Uuid
    respondent_id: Uuid
    questionnaire_id: Ident
    template_version: Version
    round: Annotated[StrictInt, Field(ge=1, le=1000)]
    created_at: Instant
    revisions: list[_V1Revision]


class _V1Respondent(_Strict):
    id: Uuid
    name: Annotated[str, Field(min_length=1, max_length=200, strict=True)]
    role: Annotated[str, Field(max_length=40, strict=True)]
    created_at: Instant


class _V1File(_Strict):
    format: Literal["reentry-workbook-export"]
    format_version: Literal[1]
    generator: Text
    workspace: WorkspaceIn
    respondents: list[_V1Respondent]
    responses: list[_V1Response]


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of a file, read from the stream itself (FIFOs and devices too)."""
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not hang; reads then block again
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ExchangeError(t("exchange.cannot_read", name=path, reason=exc.strerror)) from exc
    try:
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ExchangeError(
                    f"{path}: larger than the import limit of {limit // 1_000_000} MB"
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise ExchangeError(t("exchange.cannot_read", name=path, reason=exc.strerror)) from exc
    finally:
        os.close(fd)


class _Refused(ValueError):
    pass


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _Refused(f"a number with {digits} digits (at most {MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40:
        raise _Refused(f"a number written with {len(text)} characters (at most 40)")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text} is too large")
    return value


def _constant(text: str) -> Any:
    raise _Refused(f"{text} is not a JSON number")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _depth(data: Any) -> int:
    deepest, todo = 0, [(data, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(node, dict):
            todo += [(v, depth + 1) for v in node.values()]
        elif isinstance(node, list):
            todo += [(v, depth + 1) for v in node]
    return deepest


def _json(raw: bytes, name: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(t("exchange.not_utf8", name=name, offset=exc.start)) from None
    if not text.strip():
        raise ExchangeError(t("exchange.empty", name=name))
    try:
        data = json.loads(
            text,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=_pairs,
        )
    except _Refused as exc:
        raise ExchangeError(f"{name}: {exc}") from None
    except RecursionError:
        raise ExchangeError(t("exchange.too_deep", name=name, depth=MAX_DEPTH)) from None
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated")
        hint = " (the file looks cut short)" if cut else ""
        raise ExchangeError(
            f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise ExchangeError(t("exchange.too_deep", name=name, depth=MAX_DEPTH))
    return data


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(model: type[BaseModel], data: Any, name: str) -> Any:
    try:
        return model.model_validate(data)
    except PydanticError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
        msg = str(first["msg"]).removeprefix("Value error, ")
        where = _where(loc)
        raise ExchangeError(f"{name}: {where}: {msg}" if where else f"{name}: {msg}") from None


def _header(data: Any, name: str) -> int:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExchangeError(t("exchange.not_export", name=name, format=FORMAT))
    version = data.get("format_version")
    shown = json.dumps(version)
    if type(version) is not int:  # noqa: E721 - True is an int to isinstance, not here
        raise ExchangeError(t("exchange.bad_version", name=name, shown=shown))
    if version > FORMAT_VERSION:
        raise ExchangeError(t("exchange.newer", name=name, version=version, reads=FORMAT_VERSION))
    if version < 1:
        raise ExchangeError(t("exchange.bad_version", name=name, shown=shown))
    for part, limit in LIMITS.items():
        items = data.get(part)
        if isinstance(items, list) and len(items) > limit:
            raise ExchangeError(
                t("exchange.too_many", name=name, part=part, n=len(items), limit=limit)
            )
    return version


def parse_export(raw: bytes | str, name: str = "<export>") -> ExportFile:
    """Check export bytes completely (nothing is written here); convert format 1 to 2."""
    data = _json(raw.encode("utf-8") if isinstance(raw, str) else raw, name)
    if _header(data, name) == 1:
        return _from_v1(_validate(_V1File, data, name), name)
    export: ExportFile = _validate(ExportFile, data, name)
    from .filecheck import check

    check(export, name)
    return export


def read_export(path: Path, limit: int = MAX_BYTES) -> ExportFile:
    """Read and check an export file; ExchangeError (one line) saying what and where."""
    return parse_export(read_limited(path, limit), str(path))


def _from_v1(old: _V1File, name: str) -> ExportFile:
    people_ids = {p.id for p in old.respondents}
    for n, r in enumerate(old.responses):
        if r.respondent_id not in people_ids:
            raise ExchangeError(
                f"{name}: responses[{n}].respondent_id: not a respondent in the file"
            )
    converted = v1.convert_workspace(
        old.workspace.id,
        [v1.OldPerson(p.id, p.name, p.role, p.created_at) for p in old.respondents],
        [
            v1.OldResponse(
                r.id,
                r.respondent_id,
                r.questionnaire_id,
                r.template_version,
                r.round,
                r.created_at,
                tuple(
                    v1.OldRevision(v.id, v.item_id, v.value, v.author, v.created_at)
                    for v in r.revisions
                ),
            )
            for r in old.responses
        ],
    )
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": old.generator,
        "workspace": old.workspace.model_dump(),
        "people": [
            {
                "id": p["id"],
                "name": p["name"],
                "role": p["role"],
                "counted": p["counted"],
                "pseudonym": False,
                "merged_into": None,
                "created_at": p["created_at"],
            }
            for p in converted.people
        ],
        "responses": [
            {
                "id": r["id"],
                "subject": r["subject"],
                "questionnaire_id": r["questionnaire_id"],
                "template_version": r["template_version"],
                "round": r["round"],
                "created_at": r["created_at"],
            }
            for r in converted.responses
        ],
        "revisions": [dict(r) for r in converted.revisions],
    }
    export: ExportFile = _validate(ExportFile, data, name)
    from .filecheck import check

    check(export, name)
    return export
