"""Regex building blocks shared by the recognizers."""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words`` shaped as a trie (``h(?:ello|i)``), with no group.

    Python's ``re`` tries a flat alternation branch by branch at every position; a trie fails
    at the first character instead, and lets the engine skip positions whose character starts
    no word. Longer words win over their prefixes.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: _Trie) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body
