"""docs/views.md written from the view registry, so the list of views is never out of date."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from .views import VIEWS
from .views.params import Ref

HEADER = """# Views

A view is a named, parameterised picture or table, written in a page template under a step's
`show:`, under `summary:`, `report:` or `coalition_plan.views`:

```yaml
- {view: coverage_bars, title: Members by sector, table: members, column: sector}
```

Every view is a pure function of the page context (this page's answers, everyone's personal
answers, other pages' shared plans) returning escaped HTML; the same HTML is used on the page and
in the report. A view that fails says why in its place; the page and the save go on.

This file is written from the registry by `reentry-workbook views --write`; the test suite fails
when it is out of date. Parameters marked *table*, *column* or *item* name things on the page and
are checked by `reentry-workbook check`.

## Writing a new view

A page that needs a genuinely new kind of picture gets one module,
`reentry_workbook/views/<name>.py`:

```python
class MyParams(Params):                      # views/params.py: Params, TableName, column_ref, ...
    table: TableName
    column: Annotated[str, column_ref("choice")]

@view("my_view", MyParams, summary="One line for this catalog.", group=False)
def my_view(ctx: PageContext, p: MyParams) -> str:
    records = ctx.records(p.table)           # this page's list; ctx.page_item(...) for others
    return render("my_view.html.j2", ...)    # Jinja2, autoescaped; views/templates/
```

Keep the computation in pure functions on plain data (unit-test them), render with a template in
`views/templates/`, put its words in `messages/en/<name>.yaml` (read with `ctx.tr(...)`), and its
CSS (if any) in `views/templates/<name>.css`. A `check=` function adds page-specific checks; a
`messages=` function returns plain messages to show beside questions (e.g. a count that cannot
be). `group=True` views read everyone's answers (`ctx.group`).

## The views
"""


def _kind(annotation: Any, metadata: list[Any]) -> str:
    marker = next((m for m in metadata if isinstance(m, Ref)), None)
    if marker is None:
        for arg in get_args(annotation):
            inner = get_args(arg)[1:] if get_origin(arg) is not None else ()
            marker = next((m for m in inner if isinstance(m, Ref)), marker)
    if marker is not None:
        kinds = (
            f" ({', '.join(sorted(marker.kinds))})"
            if marker.kinds and marker.what != "table"
            else ""
        )
        return f"*{marker.what}*{kinds}"
    text = str(annotation).replace("typing.", "").replace("reentry_workbook.", "")
    for old, new in (("Annotated[", ""), ("<class '", ""), ("'>", "")):
        text = text.replace(old, new)
    return text.split("[")[0] if len(text) > 40 else text


def _rows(model: type[BaseModel], prefix: str = "") -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        required = "yes" if field.is_required() else ""
        doc = (field.description or "").replace("|", "/")
        kind = _kind(field.annotation, list(field.metadata))
        rows.append(f"| `{prefix}{name}` | {kind} | {required} | {doc} |")
    return rows


def views_markdown() -> str:
    """The catalog of registered views, as Markdown."""
    parts = [HEADER]
    for name in sorted(VIEWS):
        v = VIEWS[name]
        parts.append(
            f"### `{name}`\n\n{v.summary}" + (" Reads everyone's answers." if v.group else "")
        )
        doc = (v.params.__doc__ or "").strip().splitlines()[0] if v.params.__doc__ else ""
        rows = _rows(v.params)
        if rows:
            parts.append(
                "| parameter | kind | required | notes |\n| --- | --- | --- | --- |\n"
                + "\n".join(rows)
            )
        elif doc:
            parts.append(doc)
        if v.actions:
            parts.append("Buttons: " + ", ".join(a.name for a in v.actions) + ".")
    return "\n\n".join(parts).rstrip() + "\n"


def views_doc_path() -> Path:
    """Where the catalog lives: docs/views.md of the checkout the command runs in."""
    here = Path(__file__).resolve().parent.parent / "docs" / "views.md"
    return here if here.exists() else Path.cwd() / "docs" / "views.md"
