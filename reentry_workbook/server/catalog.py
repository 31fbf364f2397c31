"""What the server serves: each notebook's audience and page; the pages grouped for the index."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

log = logging.getLogger(__name__)

# Served notebooks say who they are for in their metadata
# (``metadata.reentry_workbook = {"page": <template id>, "audience": "participant"}``); a
# participant notebook without a page serves every page (``?page=<file stem>``). For notebooks
# written before that metadata existed, these names are participant pages and every other
# notebook is a facilitator's workbook.
PARTICIPANT_NOTEBOOKS = frozenset({"participant.ipynb"})
ROLES_BY_AUDIENCE: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "facilitator": frozenset({"facilitator"}),
        "participant": frozenset({"facilitator", "participant", "person"}),
    }
)


@dataclass(frozen=True)
class Notebook:
    """One served notebook: its path under the served folder, who may open it, which page."""

    name: str
    audience: str
    page: str | None

    def allows(self, role: str) -> bool:
        """Whether a key with ``role`` may open this notebook."""
        return role in ROLES_BY_AUDIENCE.get(self.audience, frozenset())


@dataclass(frozen=True)
class Page:
    """One toolkit page (template) and the notebooks that show it."""

    id: str
    stem: str
    title: str
    part: str
    section: str
    order: float
    questionnaire: Any
    workbook: str | None
    questions: str | None


@dataclass(frozen=True)
class Catalog:
    """Served notebooks by name and the pages in index order (immutable once built)."""

    notebooks: Mapping[str, Notebook]
    pages: tuple[Page, ...]

    def notebook(self, name: str) -> Notebook | None:
        """The served notebook called ``name``, or None."""
        return self.notebooks.get(name)

    def sections(self, participant: bool = False) -> list[tuple[str, list[Page]]]:
        """Pages grouped under "Part N: section" headings, in catalog order; for participants
        only the pages they have questions on."""
        groups: dict[str, list[Page]] = {}
        for page in self.pages:
            if participant and page.questions is None:
                continue
            heading = f"Part {page.part}: {page.section}" if page.part else page.section
            groups.setdefault(heading, []).append(page)
        return list(groups.items())


def read_notebook(path: Path, known_pages: Iterable[tuple[str, Sequence[str]]]) -> Notebook:
    """A served notebook's audience and page, from its metadata or, for notebooks written before
    that metadata existed, from its name and the template it names in its code."""
    name = path.name
    meta: dict[str, Any] = {}
    source = ""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        meta = dict(nb.get("metadata", {}).get("reentry_workbook") or {})
        source = "\n".join(
            "".join(cell.get("source", ""))
            for cell in nb.get("cells", [])
            if cell.get("cell_type") == "code"
        )
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("cannot read notebook %s: %s", name, exc)
    audience = meta.get("audience") or (
        "participant" if name in PARTICIPANT_NOTEBOOKS else "facilitator"
    )
    if audience not in ROLES_BY_AUDIENCE:
        audience = "facilitator"
    page = meta.get("page")
    if not page and not meta:  # no metadata at all: guess from the code
        page = next(
            (pid for pid, names in known_pages if any(n in source for n in names)),
            None,
        )
    return Notebook(name, str(audience), page)


def build_catalog(folder: Path, questionnaires: Sequence[Any]) -> Catalog:
    """The catalog of ``folder``'s notebooks and of ``questionnaires`` (the pages)."""
    known = [(q.id, (q.id, q.id.replace("_", "-"))) for q in questionnaires]
    notebooks = {
        p.name: read_notebook(p, known) for p in sorted(folder.glob("*.ipynb")) if p.is_file()
    }
    every_page = next(
        (nb.name for nb in notebooks.values() if nb.audience == "participant" and not nb.page),
        None,
    )
    pages = []
    for q in questionnaires:
        source = getattr(q, "source", None)
        mine = [nb for nb in notebooks.values() if nb.page == q.id]
        workbook = next((nb.name for nb in mine if nb.audience == "facilitator"), None)
        questions = next((nb.name for nb in mine if nb.audience == "participant"), None)
        if questions is None and _asks_participants(q):
            questions = every_page
        pages.append(
            Page(
                id=q.id,
                stem=workbook.removesuffix(".ipynb") if workbook else q.id,
                title=q.title,
                part=str(getattr(source, "part", "") or ""),
                section=str(getattr(source, "section", "") or ""),
                order=float(getattr(source, "order", 0) or 0),
                questionnaire=q,
                workbook=workbook,
                questions=questions,
            )
        )
    pages.sort(key=lambda p: (p.part, p.order, p.title))
    return Catalog(MappingProxyType(notebooks), tuple(pages))


def _asks_participants(q: Any) -> bool:
    """Whether a page has questions for participants."""
    try:
        return any(q.for_participants(i) for _, i in q.iter_items())
    except AttributeError:  # a stand-in without items
        return False


def shipped_questionnaires() -> list[Any]:
    """Every page's questionnaire, shipped and custom, in the catalog's order."""
    from ..templates import load_shipped, page_catalog

    return [load_shipped(entry.file_stem) for entry in page_catalog()]
