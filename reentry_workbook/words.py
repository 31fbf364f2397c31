"""Small English word helpers used where a noun comes from a template (e.g. 'network')."""

from __future__ import annotations

IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}


def plural(noun: str) -> str:
    """The plural of a record label: priority -> priorities, person -> people, bus -> buses."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        word = IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        word = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def count_noun(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 network', '3 networks'."""
    return f"{n} {singular if n == 1 else plural_form or plural(singular)}"


def join_words(items: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
