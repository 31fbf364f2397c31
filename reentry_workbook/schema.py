"""The published JSON Schema of template files, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import SCHEMA_VERSION, Questionnaire

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / f"questionnaire.v{SCHEMA_VERSION}.json"


def _renamed(node: Any, prefix: str) -> Any:
    """A schema fragment whose local ``$defs`` references carry a prefix."""
    if isinstance(node, dict):
        return {
            k: (f"#/$defs/{prefix}{v.rsplit('/', 1)[-1]}" if k == "$ref" else _renamed(v, prefix))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_renamed(v, prefix) for v in node]
    return node


def _view_specs(defs: dict[str, Any]) -> dict[str, Any]:
    """One schema per registered view: ``view`` fixed to its name, its own parameters; the
    parameters' own definitions go into ``defs`` under the view's name."""
    from .views import VIEWS

    specs = []
    for name in sorted(VIEWS):
        prefix = f"view_{name}__"
        params = _renamed(VIEWS[name].params.model_json_schema(by_alias=True), prefix)
        for key, value in params.pop("$defs", {}).items():
            defs[prefix + key] = value
        specs.append(
            {
                "type": "object",
                "title": name,
                "description": VIEWS[name].summary,
                "properties": {
                    "view": {"const": name},
                    "title": {"type": "string", "maxLength": 200},
                    **params.get("properties", {}),
                },
                "required": ["view", *params.get("required", [])],
                "additionalProperties": False,
            }
        )
    return {"oneOf": specs}


def json_schema() -> dict[str, Any]:
    """The JSON Schema that editors can use to autocomplete and check template files.

    View specs are precise: each registered view's own parameters, chosen by ``view``.
    """
    schema = Questionnaire.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    defs["ViewSpec"] = _view_specs(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://reentry-workbook.invalid/schemas/questionnaire.v{SCHEMA_VERSION}.json",
        **schema,
    }


def schema_text() -> str:
    """The schema as the text stored in the package."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> Path:
    """Regenerate the published schema file."""
    path.write_text(schema_text(), encoding="utf-8")
    return path
