"""Find, read and validate page templates; the only module that opens template files."""

from __future__ import annotations

import functools
import os
import stat
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import strict_yaml
from .errors import Problem, TemplateError
from .model import SCHEMA_VERSION, Questionnaire
from .model.upgrade import UPGRADE_HINT, upgrade_v1
from .template_rules import check_semantics, format_path

Lines = Mapping[strict_yaml.Path_, int]
"""The line each key of a template starts on, by its path (as ``strict_yaml.load`` finds them)."""

MAX_TEMPLATE_BYTES = 1_000_000
ENV_TEMPLATES = "REENTRY_WORKBOOK_TEMPLATES"
"""A folder of a coalition's own templates, served next to the shipped ones."""
READABLE_VERSIONS = (1, 2)


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


def read_text_file(path: Path, limit: int, what: str) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes; TemplateError otherwise.

    Pipes, devices and folders are refused before anything is read, so ``/dev/zero`` or a FIFO
    never hangs the reader; the limit is enforced on what is read, not on what ``stat`` says.
    """
    name = str(path)
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise TemplateError([Problem(name, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError([Problem(name, "", f"not a regular file; {what} must be a file")])
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise TemplateError([Problem(name, "", f"cannot read the file: {exc.strerror}")]) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        size = f"{limit // 1_000_000} MB" if limit % 1_000_000 == 0 else f"{limit:,} bytes"
        raise TemplateError(
            [Problem(name, "", f"larger than {size}; {what} may be at most {size}")]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            [Problem(name, "", f"not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None


def load_template(path: str | os.PathLike[str]) -> Questionnaire:
    """Read and validate one template file; raise TemplateError naming every problem found."""
    path = Path(path)
    text = read_text_file(path, MAX_TEMPLATE_BYTES, "templates")
    return parse_template(text, str(path))


def extra_templates_dir() -> Path | None:
    """The coalition's own template folder, when ``$REENTRY_WORKBOOK_TEMPLATES`` names one."""
    value = os.environ.get(ENV_TEMPLATES)
    return Path(value).expanduser() if value else None


@functools.cache
def _shipped() -> dict[str, Questionnaire]:
    """Shipped templates by file name and by id (immutable, so loading once is safe)."""
    found: dict[str, Questionnaire] = {}
    for path in template_paths():
        q = load_template(path)
        found[path.stem] = found[q.id] = q
    return found


@functools.cache
def _extra(folder: str) -> dict[str, Questionnaire]:
    """A custom folder's valid templates by file name and id (broken files left out)."""
    found: dict[str, Questionnaire] = {}
    for path in template_paths(Path(folder)):
        try:
            q = load_template(path)
        except TemplateError:
            continue
        found[path.stem] = found[q.id] = q
    return found


def find_shipped(template_id: str) -> Questionnaire | None:
    """A template by its id or file name: shipped, or from the custom folder; None if unknown."""
    found = _shipped().get(template_id)
    extra = extra_templates_dir()
    if found is None and extra is not None and extra.is_dir():
        found = _extra(str(extra)).get(template_id)
    return found


def load_shipped(template_id: str) -> Questionnaire:
    """A template by its id or file name (without .yaml)."""
    q = find_shipped(template_id)
    if q is None:
        names = ", ".join(sorted(p.stem for p in template_paths()))
        raise TemplateError(
            [Problem(template_id, "", f"no template {template_id!r}; available: {names}")]
        )
    return q


@dataclass(frozen=True)
class PageEntry:
    """A page of the toolkit as the index lists it."""

    id: str
    file_stem: str
    title: str
    part: int
    section: str
    order: int
    url: str
    has_participant_questions: bool
    custom: bool


def page_catalog() -> list[PageEntry]:
    """Every page (shipped, then the custom folder's), in part and toolkit order."""
    entries: dict[str, PageEntry] = {}
    sources: list[tuple[bool, dict[str, Questionnaire]]] = [(False, _shipped())]
    extra = extra_templates_dir()
    if extra is not None and extra.is_dir():
        sources.append((True, _extra(str(extra))))
    for custom, found in sources:
        stems = {q.id: stem for stem, q in found.items() if stem != q.id or stem not in entries}
        for q in found.values():
            if q.id in entries:
                continue
            entries[q.id] = PageEntry(
                id=q.id,
                file_stem=stems.get(q.id, q.id),
                title=q.title,
                part=q.source.part,
                section=q.source.section,
                order=q.source.order,
                url=q.source.url,
                has_participant_questions=any(q.for_participants(i) for _, i in q.iter_items()),
                custom=custom,
            )
    return sorted(entries.values(), key=lambda e: (e.custom, e.part, e.order, e.title))


def parse_template(text: str, name: str = "<template>") -> Questionnaire:
    """Validate template text; ``name`` is used in messages."""
    return _parse(text, name)[0]


def _parse(text: str, name: str) -> tuple[Questionnaire, Lines]:
    try:
        data, lines = strict_yaml.load(text)
    except strict_yaml.YamlProblem as exc:
        raise TemplateError([Problem(name, format_path(exc.path), exc.message, exc.line)]) from None
    if not isinstance(data, dict):
        raise TemplateError(
            [Problem(name, "", "the file must be a mapping of keys (schema_version, id, ...)", 1)]
        )
    if _check_version(data, name, lines) == 1:
        data = upgrade_v1(data)
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
    return questionnaire, lines


def schema_version_of(path: Path) -> int | None:
    """The schema_version a template file declares (None if it cannot be read)."""
    try:
        data, _ = strict_yaml.load(read_text_file(path, MAX_TEMPLATE_BYTES, "templates"))
    except (TemplateError, strict_yaml.YamlProblem):
        return None
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def check_paths(paths: Iterable[Path]) -> list[Problem]:
    """Validate many template files, each alone and all together (references between pages);
    return every problem (empty when all are valid)."""
    problems: list[Problem] = []
    good: dict[str, tuple[str, Questionnaire, Lines]] = {}
    for path in paths:
        try:
            q, lines = _parse(read_text_file(path, MAX_TEMPLATE_BYTES, "templates"), str(path))
        except TemplateError as exc:
            problems.extend(exc.problems)
            continue
        if q.id in good:
            problems.append(
                Problem(str(path), "id", f"page id {q.id!r} is also used by {good[q.id][0]}")
            )
            continue
        good[q.id] = (str(path), q, lines)
    from .references import check_references

    for problem in check_references({pid: (f, q) for pid, (f, q, _) in good.items()}):
        lines = next((ln for f, _, ln in good.values() if f == problem.file), {})
        line = _line_of(_path_of(problem.path), lines) if problem.path else None
        problems.append(Problem(problem.file, problem.path, problem.message, line))
    return problems


def _path_of(text: str) -> tuple[str | int, ...]:
    """``steps[2].items[0]`` -> ``('steps', 2, 'items', 0)``."""
    out: list[str | int] = []
    for part in text.replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]"):
            out.append(int(part[1:-1]))
        elif part:
            out.append(part)
    return tuple(out)


def upgrade_notes(paths: Iterable[Path]) -> list[str]:
    """A note for every file still written in an older format version."""
    return [
        f"{path}: " + UPGRADE_HINT.format(file=path)
        for path in paths
        if schema_version_of(path) == 1
    ]


def _check_version(data: dict[str, Any], name: str, lines: Lines) -> int:
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
    if version not in READABLE_VERSIONS:
        raise TemplateError(
            [
                Problem(
                    name,
                    "schema_version",
                    f"{version} is not a valid version (use {SCHEMA_VERSION})",
                    line,
                )
            ]
        )
    return version


def _line_of(path: Sequence[str | int], lines: Lines) -> int | None:
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
        if (
            isinstance(node, dict)
            and isinstance(part, str)
            and (part in node or (last and node.get("kind") != part))
        ):
            clean.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            clean.append(part)
            node = node[part]
        else:
            branched = True  # e.g. 'str', 'tuple[Choice, ...]' or a kind tag naming a branch
    return tuple(clean), branched


def _leaf_types(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is Annotated:
        return _leaf_types(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [leaf for arg in get_args(tp) for leaf in _leaf_types(arg)]
    return [tp]


def _model_for(tp: Any, node: Any) -> type[BaseModel] | None:
    """The model that validates ``node`` among the models in ``tp`` (by its ``kind``)."""
    models = [
        leaf for leaf in _leaf_types(tp) if isinstance(leaf, type) and issubclass(leaf, BaseModel)
    ]
    if len(models) > 1 and isinstance(node, dict):
        for model in models:
            kind = model.model_fields.get("kind")
            if kind is not None and node.get("kind") in get_args(kind.annotation):
                return model
        return None
    return models[0] if models else None


def _model_at(path: Sequence[str | int], data: Any) -> type[BaseModel] | None:
    """The model class that validates the mapping found at ``path``."""
    tp: Any = Questionnaire
    node = data
    for part in path:
        nxt = None
        for leaf in _leaf_types(tp):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel) and isinstance(part, str):
                model = _model_for(tp, node) or leaf
                for fname, field in model.model_fields.items():
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
        node = _child(node, part)
    return _model_for(tp, node)


def _child(node: Any, part: str | int) -> Any:
    """``node[part]`` in parsed YAML: a key of a mapping or an index of a list, else None."""
    if isinstance(node, dict):
        return node[part]
    if isinstance(node, list) and isinstance(part, int):
        return node[part]
    return None


def _valid_keys(parent: tuple[str | int, ...], data: Any) -> list[str]:
    model = _model_at(parent, data)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _kind_word(path: tuple[str | int, ...], data: Any) -> str:
    node = data
    for part in path:
        node = _child(node, part)
    kind = node.get("kind") if isinstance(node, dict) else None
    return f" of a {kind} item" if isinstance(kind, str) and "columns" not in path[-2:] else ""


def _message(err: Any, path: tuple[str | int, ...], data: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind in ("missing", "union_tag_not_found"):
        return f"required key {path[-1] if kind == 'missing' else 'kind'!r} is missing"
    if kind == "extra_forbidden":
        valid = _valid_keys(path[:-1], data)
        hint = f"; valid keys{_kind_word(path[:-1], data)}: {', '.join(valid)}" if valid else ""
        return f"unknown key {path[-1]!r}{hint}"
    if kind == "literal_error":
        return f"{value!r} is not allowed; valid choices: {err['ctx']['expected']}"
    if kind == "union_tag_invalid":
        return f"{err['ctx']['tag']!r} is not allowed; valid choices: {err['ctx']['expected_tags']}"
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
    if pattern.startswith("^#"):
        return "a colour written #RRGGBB"
    return f"pattern {pattern}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problems_from_pydantic(
    exc: ValidationError, data: dict[str, Any], name: str, lines: Lines
) -> list[Problem]:
    found: dict[tuple[str | int, ...], list[tuple[str, bool]]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "union_tag_invalid":
            loc = (*loc, "kind")
        path, branched = _clean_loc(loc, data)
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
