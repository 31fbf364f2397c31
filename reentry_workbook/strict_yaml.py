"""Strict YAML reading: plain data only, with the line number of every key and list entry."""

from __future__ import annotations

import re
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
# YAML 1.1 reads these unquoted words as booleans: a choice "no" silently becomes False.
_YAML11_BOOL_WORDS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_TRUE_FALSE = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")


class YamlProblem(Exception):
    """A problem found while reading YAML, with a path and line where known."""

    def __init__(self, message: str, path: Path_ = (), line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line


# libyaml's parser when present (several times faster); the checks below are the same
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# a base class chosen at run time (libyaml is optional), which mypy cannot check statically
class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves yes/no/on/off to us (they resolve as plain strings here)."""


# Rebuild the implicit resolvers so only true/false are booleans (as in YAML 1.2).
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", _TRUE_FALSE)
    )


def load(text: str, max_depth: int = 40) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` into plain data plus a map from each path to its 1-based line.

    Refuses tags, anchors and aliases, duplicate keys, non-string keys, and the unquoted
    words YAML 1.1 would turn into booleans.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"not valid YAML: {exc.problem or exc}", (), line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}") from None
    if root is None:
        raise YamlProblem("the file is empty", (), 1)
    lines: dict[Path_, int] = {}
    seen: set[int] = set()

    def build(node: yaml.Node, path: Path_, depth: int) -> Any:
        line = node.start_mark.line + 1
        lines[path] = line
        if id(node) in seen:
            raise YamlProblem(
                "anchors and aliases (&name / *name) are not allowed; "
                "put shared options under choice_lists instead",
                path,
                line,
            )
        seen.add(id(node))
        if depth > max_depth:
            raise YamlProblem(f"nested deeper than {max_depth} levels", path, line)
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(f"YAML tags such as {tag!r} are not allowed", path, line)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem("merge keys (<<) are not allowed", path, line)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                    "tag:yaml.org,2002:str",
                ):
                    raise YamlProblem(
                        f"keys must be plain words, not {key_node.tag.rsplit(':', 1)[-1]}"
                        f" ({key_node.value!r})",
                        path,
                        key_node.start_mark.line + 1,
                    )
                key = key_node.value
                if not key_node.style and _YAML11_BOOL_WORDS.match(key) and len(key) > 1:
                    raise YamlProblem(
                        f"the key {key!r} is read as true/false by many YAML tools; "
                        f"write '{key}' in quotes, or choose another name",
                        path,
                        key_node.start_mark.line + 1,
                    )
                if key in out:
                    raise YamlProblem(
                        f"duplicate key {key!r} (first at line {lines[(*path, key)]})",
                        (*path, key),
                        key_node.start_mark.line + 1,
                    )
                lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = build(value_node, (*path, key), depth + 1)
                lines[(*path, key)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if not node.style and _YAML11_BOOL_WORDS.match(node.value):  # plain: None or ""
            raise YamlProblem(
                f"unquoted {node.value!r} is read as true/false by many YAML tools; "
                f"write '{node.value}' in quotes for the word, "
                "or true / false for a yes/no setting",
                path,
                line,
            )
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay ISO strings
        return loader.construct_object(node, deep=True)

    try:
        return build(root, (), 0), lines
    finally:
        loader.dispose()
