"""Every catalog key the package's code names exists in the English catalog."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import reentry_workbook
from reentry_workbook.messages import catalog

PACKAGE = Path(reentry_workbook.__file__).parent
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
CALLERS = {"t", "tr", "_t"}  # tr(...), t(...), ctx.tr(...), self.tr(...), tr.plural(...)


def _called(node: ast.Call) -> tuple[bool, bool]:
    """Whether the call is a catalog lookup, and whether it is a plural one."""
    f = node.func
    if isinstance(f, ast.Name):
        return f.id in CALLERS, False
    if isinstance(f, ast.Attribute):
        if f.attr == "plural":
            return True, True
        return f.attr in CALLERS, False
    return False, False


def _used() -> list[tuple[str, str, bool, bool]]:
    """(where, key or key prefix, plural, prefix only) for every lookup with a literal key."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            lookup, plural = _called(node)
            if not lookup:
                continue
            first = node.args[0]
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if KEY.fullmatch(first.value):
                    found.append((where, first.value, plural, False))
            elif isinstance(first, ast.JoinedStr) and first.values:
                head = first.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    prefix = head.value
                    if "." in prefix and KEY.fullmatch(prefix.rstrip("._")):
                        found.append((where, prefix, plural, True))
    return found


def test_the_scan_finds_lookups() -> None:
    keys = {key for _, key, _, _ in _used()}
    assert "coverage.none_for" in keys
    assert "store.denied" in keys
    assert len(keys) > 100


def test_every_key_named_in_code_is_in_the_catalog() -> None:
    known = catalog().keys()
    missing = []
    for where, key, plural, prefix in _used():
        wanted = [f"{key}.one", f"{key}.other"] if plural and not prefix else [key]
        for k in wanted:
            ok = any(m.startswith(k) for m in known) if prefix else k in known
            if not ok:
                missing.append(f"{where}: {k}")
    assert not missing, "keys missing from the catalog:\n" + "\n".join(missing)
