"""Small English word helpers used where a noun comes from a template (e.g. 'network')."""

from __future__ import annotations

IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}
LINKS = frozenset({"of", "for", "with", "from", "in", "on", "at", "to", "by", "about"})
"""Words after which a noun phrase only describes its head: 'group of places'."""


def _plural_word(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def plural(noun: str) -> str:
    """The plural of a record label: priority -> priorities, person -> people, bus -> buses,
    group of places -> groups of places (the word before 'of', 'for', ... is the head)."""
    words = noun.split(" ")
    head = next((i - 1 for i, w in enumerate(words) if i > 0 and w in LINKS), len(words) - 1)
    words[head] = _plural_word(words[head])
    return " ".join(words)


def count_noun(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 network', '3 networks'."""
    return f"{n} {singular if n == 1 else plural_form or plural(singular)}"


def join_words(items: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
