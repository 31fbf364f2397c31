"""Find, read and validate questionnaire templates; the only module that opens template files."""

from __future__ import annotations

import functools
import os
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import strict_yaml
from .errors import Problem, TemplateError
from .model import SCHEMA_VERSION, Item, ItemKind, Questionnaire
from .template_rules import check_semantics, format_path

MAX_TEMPLATE_BYTES = 1_000_000


def shipped_folder(name: str) -> Path:
    """A data folder that ships with the package: ``_data/<name>`` when installed, the
    repository's top-level ``<name>`` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the shipped {name} folder is missing from this installation")


def shipped_templates_dir() -> Path:
    """The folder of templates that ship with the package (installed or in a checkout)."""
    return shipped_folder("templates")


def template_paths(folder: Path | None = None) -> list[Path]:
    """Every template file in ``folder`` (default: the shipped templates), sorted by name."""
    folder = folder or shipped_templates_dir()
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_template(path: str | os.PathLike[str]) -> Questionnaire:
    """Read and validate one template file; raise TemplateError naming every problem found."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                [Problem(name, "", f"file is {size:,} bytes; templates may be at most 1 MB")]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise TemplateError([Problem(name, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            [Problem(name, "", f"not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None
    return parse_template(text, name)


@functools.cache
def _shipped() -> dict[str, Questionnaire]:
    """Shipped templates by file name and by id (immutable, so loading once is safe)."""
    found: dict[str, Questionnaire] = {}
    for path in template_paths():
        q = load_template(path)
        found[path.stem] = found[q.id] = q
    return found


def find_shipped(template_id: str) -> Questionnaire | None:
    """A shipped template by its id or file name, or None."""
    return _shipped().get(template_id)


def load_shipped(template_id: str) -> Questionnaire:
    """A shipped template by its id or file name (without .yaml)."""
    q = find_shipped(template_id)
    if q is None:
        names = ", ".join(sorted(p.stem for p in template_paths()))
        raise TemplateError(
            [Problem(template_id, "", f"no shipped template {template_id!r}; available: {names}")]
        )
    return q


def parse_template(text: str, name: str = "<template>") -> Questionnaire:
    """Validate template text; ``name`` is used in messages."""
    try:
        data, lines = strict_yaml.load(text)
    except strict_yaml.YamlProblem as exc:
        raise TemplateError([Problem(name, format_path(exc.path), exc.message, exc.line)]) from None
    if not isinstance(data, dict):
        raise TemplateError(
            [Problem(name, "", "the file must be a mapping of keys (schema_version, id, ...)", 1)]
        )
    _check_version(data, name, lines)
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise TemplateError(_problems_from_pydantic(exc, data, name, lines)) from None
    problems = [
        Problem(name, format_path(path), message, _line_of(path, lines))
        for path, message in check_semantics(questionnaire)
    ]
    if problems:
        raise TemplateError(problems)
    return questionnaire


def check_paths(paths: Iterable[Path]) -> list[Problem]:
    """Validate many template files; return every problem (empty when all are valid)."""
    problems: list[Problem] = []
    for path in paths:
        try:
            load_template(path)
        except TemplateError as exc:
            problems.extend(exc.problems)
    return problems


def _check_version(data: dict[str, Any], name: str, lines: dict) -> None:
    version = data.get("schema_version")
    line = lines.get(("schema_version",), 1)
    if version is None:
        raise TemplateError(
            [Problem(name, "schema_version", f"missing; add 'schema_version: {SCHEMA_VERSION}'", 1)]
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise TemplateError(
            [Problem(name, "schema_version", f"{version!r} is not a whole number", line)]
        )
    if version > SCHEMA_VERSION:
        raise TemplateError(
            [
                Problem(
                    name,
                    "schema_version",
                    f"this template uses schema version {version}, but this reentry-workbook "
                    f"reads only up to version {SCHEMA_VERSION}; upgrade reentry-workbook",
                    line,
                )
            ]
        )
    if version < 1:
        raise TemplateError(
            [Problem(name, "schema_version", f"{version} is not a valid version (use 1)", line)]
        )


def _line_of(path: Sequence[str | int], lines: dict) -> int | None:
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _clean_loc(loc: Sequence[str | int], data: Any) -> tuple[tuple[str | int, ...], bool]:
    """Drop pydantic's union-branch labels from ``loc``, keeping only keys that exist in data."""
    clean: list[str | int] = []
    node = data
    branched = False
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str) and (part in node or last):
            clean.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            clean.append(part)
            node = node[part]
        else:
            branched = True  # e.g. 'str' or 'tuple[Choice, ...]' naming a union branch
    return tuple(clean), branched


def _leaf_types(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is Annotated:
        return _leaf_types(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [leaf for arg in get_args(tp) for leaf in _leaf_types(arg)]
    return [tp]


def _model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that validates the mapping found at ``path``."""
    tp: Any = Questionnaire
    for part in path:
        nxt = None
        for leaf in _leaf_types(tp):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel) and isinstance(part, str):
                for fname, field in leaf.model_fields.items():
                    if part in (fname, field.alias):
                        nxt = field.annotation
            elif get_origin(leaf) in (tuple, list) and isinstance(part, int):
                nxt = get_args(leaf)[0]
            elif get_origin(leaf) is dict and isinstance(part, str):
                nxt = get_args(leaf)[1]
            if nxt is not None:
                break
        if nxt is None:
            return None
        tp = nxt
    for leaf in _leaf_types(tp):
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            return leaf
    return None


def _valid_keys(parent: tuple[str | int, ...], data: Any) -> list[str]:
    model = _model_at(parent)
    if model is None:
        return []
    keys = [f.alias or n for n, f in model.model_fields.items()]
    if model is Item:
        node = data
        for part in parent:
            node = node[part]
        kind = node.get("kind") if isinstance(node, dict) else None
        if kind in get_args(ItemKind):
            from .model import COMMON_ITEM_KEYS, KIND_KEYS

            allowed = COMMON_ITEM_KEYS | KIND_KEYS[kind]
            keys = [k for k in keys if k in allowed]
    return keys


def _message(err: Any, path: tuple[str | int, ...], data: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return f"required key {path[-1]!r} is missing"
    if kind == "extra_forbidden":
        valid = _valid_keys(path[:-1], data)
        hint = f"; valid keys here: {', '.join(valid)}" if valid else ""
        return f"unknown key {path[-1]!r}{hint}"
    if kind == "literal_error":
        return f"{value!r} is not allowed; valid choices: {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not have the expected form ({_pattern_hint(err)})"
    msg = err["msg"]
    if kind.endswith("_type") or kind in ("model_type", "model_attributes_type"):
        return f"{msg} (got {_short(value)})"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return (
        f"{msg} (got {_short(value)})" if value is not None and not isinstance(value, dict) else msg
    )


def _pattern_hint(err: Any) -> str:
    pattern = err["ctx"]["pattern"]
    if pattern.startswith("^[a-z][a-z0-9_]"):
        return "ids use lower-case letters, digits and _, starting with a letter"
    if "https" in pattern:
        return "a web address starting with https://"
    if r"\d{4}" in pattern:
        return "a date written YYYY-MM-DD"
    return f"pattern {pattern}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problems_from_pydantic(
    exc: ValidationError, data: dict[str, Any], name: str, lines: dict
) -> list[Problem]:
    found: dict[tuple[str | int, ...], list[tuple[str, bool]]] = {}
    for err in exc.errors(include_url=False):
        path, branched = _clean_loc(err["loc"], data)
        # a list whose entries failed is also reported as too short: only the entries matter
        branched = branched or err["type"] == "too_short"
        found.setdefault(path, []).append((_message(err, path, data), branched))
    problems = []
    for path, messages in found.items():
        deeper = any(len(p) > len(path) and p[: len(path)] == path for p in found)
        if deeper and all(b for _, b in messages):
            continue  # an echo of a deeper error (a failed union branch, a failed entry)
        text = " or ".join(dict.fromkeys(m for m, _ in messages))
        problems.append(Problem(name, format_path(path), text, _line_of(path, lines)))
    return problems
