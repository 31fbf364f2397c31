"""Names people type (workspaces, people): cleaned once, the same way everywhere, and keyed."""

from __future__ import annotations

import unicodedata

from .errors import StoreError

MAX_NAME = 200
# Tab, newline and carriage return are C0 controls, but in a pasted name they are just spaces.
_SPACES = frozenset("\t\n\r")


class NameRefused(StoreError):
    """A typed name is empty, too long, or holds characters that could hide or spoof it."""


def _refusal(ch: str) -> str | None:
    """Why ``ch`` may not appear in a name, or None when it may."""
    if ch == "\x00":
        return "a NUL character"
    category = unicodedata.category(ch)
    if category == "Cc" and ch not in _SPACES:
        return f"a control character (U+{ord(ch):04X})"
    if category == "Cs":
        return f"a broken character (U+{ord(ch):04X})"
    if category == "Cf":
        # bidi overrides, isolates and marks (U+202A-E, U+2066-9, U+200E/F), zero-width
        # characters (U+200B-D, U+2060, U+FEFF), soft hyphens and tags: all invisible
        return f"an invisible formatting character (U+{ord(ch):04X})"
    return None


def clean_name(text: str, what: str) -> str:
    """``text`` NFC-normalised, trimmed, inner whitespace collapsed to single spaces.

    Refused with :class:`NameRefused` (a :class:`StoreError`), one line naming ``what`` and the
    position: NUL, C0/C1 control characters other than tab/newline/CR (those count as spaces),
    every invisible formatting character (Unicode category Cf: bidi overrides, embeddings,
    isolates, LRM/RLM, zero-width space/joiners, BOM) - they are refused, never silently
    stripped, so what is stored is what the person saw - an empty result, and more than
    200 characters.
    """
    text = unicodedata.normalize("NFC", str(text))
    for position, ch in enumerate(text, start=1):
        reason = _refusal(ch)
        if reason is not None:
            raise NameRefused(
                f"the {what} name has {reason} at character {position}; type it again without it"
            )
    cleaned = " ".join(text.split())
    if not cleaned:
        raise NameRefused(f"a {what} needs a name")
    if len(cleaned) > MAX_NAME:
        raise NameRefused(f"a {what} name may be at most {MAX_NAME} characters")
    return cleaned


def name_key(text: str) -> str:
    """The key two names share when they differ only in case, spacing or accents.

    "  José  Núñez " and "jose nunez" share a key.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).split())
