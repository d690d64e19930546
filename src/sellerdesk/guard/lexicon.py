"""Small helpers to turn word lists into fast regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

# Letter boundaries that treat CJK as a boundary: Python's \b does not, because CJK
# ideographs are word characters ("加我QQ" has no \b before "Q").
LB = r"(?<![a-z0-9а-я])"
RB = r"(?![a-z0-9а-я])"
LB_CYR = r"(?<![а-я])"
RB_CYR = r"(?![а-я])"


def trie(words: Iterable[str]) -> str:
    """A regex alternation of `words` with shared prefixes factored out.

    Python's `re` tries alternatives one by one; a trie keeps each position's
    work proportional to the length of the longest match instead of the list size.
    Words are literal strings (escaped here).
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    singles = [b for b in branches if len(b) == 1 or (len(b) == 2 and b[0] == "\\")]
    multis = [b for b in branches if b not in singles]
    alts = multis[:]
    if singles:
        alts.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if ends:
        if len(alts) == 1 and (len(body) == 1 or body.startswith(("[", "(?:"))):
            return body + "?"
        return "(?:" + body + ")?"
    return body


def compile_words(words: Iterable[str], *, left: str = LB, right: str = RB,
                  suffix: str = "") -> re.Pattern[str]:
    """Compile whole-word matching of `words` (each may take `suffix`)."""
    return re.compile(f"{left}(?:{trie(words)}){suffix}{right}")


def atom_trie(entries: Iterable[tuple[Sequence[str], str]], *, sep: str = "") -> str:
    """An alternation over words given as sequences of regex atoms, prefixes shared.

    Each entry is (atoms, tail): `atoms` are regexes for one character (a literal or a
    class), `tail` is appended where that word ends (a suffix and/or a right boundary).
    `sep` may appear between atoms.
    """
    root: dict[str, Any] = {}
    for atoms, tail in entries:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node.setdefault("", tail)

    def emit(node: dict[str, Any], first: bool) -> str:
        branches = [("" if first else sep) + key + emit(child, False)
                    for key, child in node.items() if key]
        if "" in node:
            branches.append(node[""])
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root, True)
