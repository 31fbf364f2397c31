"""One catalog for every user-facing string of the package; pages may carry translations."""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Questionnaire

DEFAULT_LANGUAGE = "en"


@functools.cache
def _base(language: str) -> Mapping[str, str]:
    """The package's messages in one language (English when the language has no file)."""
    from .. import strict_yaml

    folder = resources.files(__name__)
    name = f"{language}.yaml"
    if not folder.joinpath(name).is_file():
        name = f"{DEFAULT_LANGUAGE}.yaml"
        language = DEFAULT_LANGUAGE
    texts = [folder.joinpath(name).read_text("utf-8")]
    extra = folder.joinpath(language)
    if extra.is_dir():  # more files of the same catalog, e.g. one per group of views
        texts += [
            f.read_text("utf-8")
            for f in sorted(extra.iterdir(), key=lambda f: f.name)
            if f.name.endswith(".yaml")
        ]
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(path + ".", value)
            else:
                flat[path] = str(value)

    for text in texts:
        data, _ = strict_yaml.load(text)
        walk("", data)
    return flat


class Catalog:
    """Messages for one page: the package's words, overridden by the page's translations."""

    def __init__(
        self, language: str = DEFAULT_LANGUAGE, overrides: Mapping[str, str] | None = None
    ):
        self.language = language
        self._messages = {**_base(DEFAULT_LANGUAGE), **_base(language), **dict(overrides or {})}

    def __call__(self, key: str, /, **values: Any) -> str:
        """The message ``key`` with ``{placeholders}`` filled in."""
        try:
            text = self._messages[key]
        except KeyError:
            raise KeyError(f"no message {key!r} in the catalog") from None
        return string.Formatter().vformat(text, (), values) if values else text

    def plural(self, key: str, n: int, /, **values: Any) -> str:
        """``key.one`` when n is 1, else ``key.other``."""
        return self(f"{key}.{'one' if n == 1 else 'other'}", n=n, **values)

    def keys(self) -> set[str]:
        """Every message id known."""
        return set(self._messages)


def catalog(language: str = DEFAULT_LANGUAGE) -> Catalog:
    """The package's messages in ``language``."""
    return Catalog(language)


def catalog_for(q: Questionnaire) -> Catalog:
    """The messages for a page: its language, and its own translations of package words."""
    own = q.translations.get(q.language)
    return Catalog(q.language, own.messages if own else {})


@functools.cache
def _english() -> Catalog:
    return Catalog()


def t(key: str, /, **values: Any) -> str:
    """An English message, for code that has no page at hand (command line, store)."""
    return _english()(key, **values)
