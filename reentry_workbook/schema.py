"""The published JSON Schema of template files, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import SCHEMA_VERSION, Questionnaire

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / f"questionnaire.v{SCHEMA_VERSION}.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema that editors can use to autocomplete and check template files."""
    schema = Questionnaire.model_json_schema(by_alias=True)
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
