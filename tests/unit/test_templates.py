"""Template loading: the shipped templates pass, every broken case fails with its message."""

import re
from pathlib import Path

import pytest

from reentry_workbook import TemplateError, load_template, parse_template, template_paths
from reentry_workbook.model import DEFAULT_STATUS_CHOICES
from reentry_workbook.schema import SCHEMA_FILE, schema_text

BROKEN = Path(__file__).resolve().parents[1] / "cases" / "broken"
# Files that cannot carry a "# expect:" comment of their own.
EXPECT_OUTSIDE = {"not-utf8.yaml": "not UTF-8 text (bad byte at offset 0)"}


def _expectations(path: Path) -> tuple[list[str], int | None]:
    if path.name in EXPECT_OUTSIDE:
        return [EXPECT_OUTSIDE[path.name]], None
    text = path.read_text(encoding="utf-8")
    expects = re.findall(r"^# expect: (.+)$", text, flags=re.M)
    line = re.search(r"^# line: (\d+)$", text, flags=re.M)
    return expects, int(line.group(1)) if line else None


def test_broken_corpus_is_large_enough():
    assert len(list(BROKEN.glob("*.yaml"))) >= 20


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_template_fails_with_expected_message(path: Path):
    expects, line = _expectations(path)
    assert expects, f"{path.name} has no '# expect:' line"
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    for expected in expects:
        assert expected in message
    assert all(p.file == str(path) for p in info.value.problems)
    if line is not None:
        assert info.value.problems[0].line == line


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: p.stem)
def test_shipped_templates_are_valid(path: Path):
    q = load_template(path)
    assert q.source.url.startswith("https://nationalreentryresourcecenter.org/")
    assert q.steps and all(step.items for step in q.steps)


def test_models_are_frozen():
    q = load_template(template_paths()[0])
    with pytest.raises(Exception, match="frozen"):
        q.title = "changed"  # type: ignore[misc]


def test_published_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


MINI = """\
schema_version: 1
id: mini
title: Mini
source: {part: 1, section: S, page: P, url: "https://example.org/p"}
steps:
  - id: s1
    title: One
    items:
"""


def test_quoted_yes_no_are_plain_strings():
    q = parse_template(
        MINI + "      - {id: a, kind: single_choice, prompt: Q, choices: ['yes', 'no']}\n"
    )
    assert [c.value for c in q.options(q.item("a"))] == ["yes", "no"]


def test_true_false_stay_booleans():
    q = parse_template(MINI + "      - {id: a, kind: short_text, prompt: Q, required: true}\n")
    assert q.item("a").required is True


def test_status_defaults_to_standard_scale():
    q = parse_template(MINI + "      - {id: a, kind: status, prompt: Q}\n")
    assert q.options(q.item("a")) == DEFAULT_STATUS_CHOICES


def test_all_problems_are_reported_not_only_the_first():
    text = MINI + (
        "      - {id: a, kind: nope, prompt: Q}\n"
        "      - {id: b, kind: short_text, prompt: Q, colour: red}\n"
    )
    with pytest.raises(TemplateError) as info:
        parse_template(text, "two.yaml")
    paths = [p.path for p in info.value.problems]
    assert "steps[0].items[0].kind" in paths
    assert "steps[0].items[1].colour" in paths
    assert [p.line for p in info.value.problems] == [9, 10]


def test_shared_list_reference_resolves():
    text = MINI.replace("steps:", "choice_lists:\n  sizes: [small, large]\nsteps:") + (
        "      - {id: a, kind: single_choice, prompt: Q, choices: sizes}\n"
    )
    q = parse_template(text)
    assert [c.label for c in q.options(q.item("a"))] == ["small", "large"]


def test_oversized_file_is_refused(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 1_100_000)
    with pytest.raises(TemplateError, match="may be at most 1 MB"):
        load_template(big)


def test_missing_file_names_the_path(tmp_path: Path):
    with pytest.raises(TemplateError, match="cannot read the file"):
        load_template(tmp_path / "absent.yaml")


def test_deep_nesting_is_refused():
    text = (
        MINI + "      - {id: a, kind: short_text, prompt: Q, help: " + "[" * 60 + "]" * 60 + "}\n"
    )
    with pytest.raises(TemplateError, match="nested deeper"):
        parse_template(text)


def test_the_list_of_views_in_the_docs_is_current():
    from reentry_workbook.catalog_doc import views_doc_path, views_markdown

    assert views_doc_path().read_text(encoding="utf-8") == views_markdown()
