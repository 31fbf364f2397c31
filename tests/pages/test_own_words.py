"""No page copies the toolkit's sentences: no run of 8 or more words shared with its outline."""

import hashlib
import re
from pathlib import Path

import pytest

from reentry_workbook.demo import demo_paths
from reentry_workbook.templates import load_template, template_paths

HASHES = Path(__file__).resolve().parents[1] / "cases" / "toolkit-8grams.txt"
KNOWN = {
    line.strip()
    for line in HASHES.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
CITATION = re.compile(r"^\s*(url|page|section):.*$", re.M)  # citing a page's title is fine
TITLES = sorted(
    {load_template(p).source.page.lower() for p in template_paths()}, key=len, reverse=True
)


def copied_runs(text: str) -> list[str]:
    """Runs of 8 words of ``text`` that the outline also has (toolkit page titles, which pages
    may cite, left out)."""
    text = CITATION.sub("", text).lower()
    for title in TITLES:
        text = text.replace(title, " ")
    words = re.findall(r"[a-z0-9']+", text)
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    return sorted(r for r in runs if hashlib.sha1(r.encode()).hexdigest()[:16] in KNOWN)


def test_the_check_finds_a_copied_run():
    copied = "title: Percentage of people who receive risk and needs assessments in the local jail"
    assert copied_runs(copied) and not copied_runs("title: Share of people assessed in jail")


@pytest.mark.parametrize(
    "path", template_paths() + demo_paths(), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_no_run_of_eight_words_is_copied_from_the_toolkit(path):
    assert copied_runs(path.read_text(encoding="utf-8")) == []
