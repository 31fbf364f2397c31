"""Reading older template files: version 1 is turned into version 2 before it is checked."""

from __future__ import annotations

import copy
from typing import Any

V1_SUMMARY = ({"view": "factor_table"}, {"view": "readiness_bars"}, {"view": "disagreements"})


def upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A version 1 template as version 2: its coverage list becomes summary views."""
    out = copy.deepcopy(data)
    out["schema_version"] = 2
    coverage = out.pop("coverage", None) or []
    summary: list[dict[str, Any]] = [dict(v) for v in V1_SUMMARY]
    dims = []
    for dim in coverage if isinstance(coverage, list) else []:
        if isinstance(dim, dict):
            summary.append({"view": "coverage_bars", **dim})
            dims.append({k: v for k, v in dim.items() if k != "label"})
    if dims:
        summary.append({"view": "gap_sentences", "dimensions": dims})
    out.setdefault("summary", summary)
    return out


UPGRADE_HINT = (
    "uses schema_version 1, which still loads; to use views, audiences and references, "
    "run 'reentry-workbook upgrade {file}' (it rewrites the file as version 2)"
)
