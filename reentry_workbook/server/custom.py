"""Custom templates (``serve --templates DIR``): checked, given notebooks in a private folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_TEMPLATES = "REENTRY_WORKBOOK_TEMPLATES"


@dataclass(frozen=True)
class CustomPages:
    """The private served folder, the custom pages that passed ``check``, and what was said."""

    folder: Path
    questionnaires: tuple[Any, ...]
    messages: tuple[str, ...]


def private_folder() -> Path:
    """A new folder only this user can read (0700), under the runtime or cache folder: never in
    the repository and never beside the data."""
    import platformdirs

    for base in (
        platformdirs.user_runtime_dir("reentry-workbook"),
        platformdirs.user_cache_dir("reentry-workbook"),
    ):
        try:
            Path(base).mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(base, 0o700)
            return Path(tempfile.mkdtemp(prefix="served-", dir=base))  # mkdtemp makes it 0700
        except OSError:
            continue
    return Path(tempfile.mkdtemp(prefix="reentry-workbook-served-"))


def write_page_notebook(q: Any, template_file: str, folder: Path) -> Path:
    """The page's workbook notebook, as the shipped pages have theirs; its kernel finds the
    template through ``$REENTRY_WORKBOOK_TEMPLATES``, which ``serve`` sets."""
    from ..notebooks import write_notebook

    return write_notebook(q, folder, Path(template_file).stem)


def prepare(directory: Path, shipped: Path, shipped_ids: set[str]) -> CustomPages:
    """Check every file in ``directory``; copy the shipped notebooks and write one for each good
    template into a new private folder. Broken templates are reported and skipped."""
    from ..errors import TemplateError
    from ..templates import check_paths, load_template, template_paths

    if not directory.is_dir():
        from ..errors import ReentryWorkbookError

        raise ReentryWorkbookError(f"--templates {directory}: not a folder")
    folder = private_folder()
    for nb in shipped.glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    good: list[Any] = []
    messages: list[str] = []
    paths = template_paths(directory)
    for path in paths:
        problems = check_paths([path])
        if problems:
            messages += [f"skipped: {p}" for p in problems]
            continue
        try:
            q = load_template(path)
        except TemplateError as exc:
            messages.append(f"skipped: {exc}")
            continue
        if q.id in shipped_ids or any(g.id == q.id for g in good):
            messages.append(f"skipped: {path.name}: id {q.id!r} is already used by another page")
            continue
        write_page_notebook(q, path.name, folder)
        good.append(q)
        messages.append(f"added: {path.name} ({q.title})")
    if not paths:
        messages.append(f"no template files (.yaml) in {directory}")
    return CustomPages(folder, tuple(good), tuple(messages))
