"""Small helpers to turn word lists into fast regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sellerdesk.guard import patterns

# Letter boundaries that treat CJK as a boundary: Python's \b does not, because CJK
# ideographs are word characters ("加我QQ" has no \b before "Q").
# Written as two look-arounds: a class mixing ASCII and Cyrillic costs `re` ten times
# longer to compile.
LB = r"(?<![a-z0-9])(?<![а-я])"
RB = r"(?![a-z0-9])(?![а-я])"


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
    # Every alternative starts with a literal (never a merged character class): then
    # `re` can skip, in C, the positions where no word can start.
    ends = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


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
        branches = [
            ("" if first else sep) + key + emit(child, False) for key, child in node.items() if key
        ]
        if "" in node:
            branches.append(node[""])
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root, True)


def merge_windows(windows: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping [start, end) windows, given in order of start, joined into stretches."""
    merged: list[tuple[int, int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


# Latin and Cyrillic words of normalised text. Written "[…][…]*+", not "[…]+": a
# pattern that starts with a class lets `re` skip to candidates without starting a
# match at every position, which makes findall twice as fast.
WORD: re.Pattern[str] = patterns.compile(r"[a-zа-я][a-zа-я]*+")
# one compiled copy: this class is slow to compile
CJK: re.Pattern[str] = patterns.compile(r"[\u3400-\u9fff]")


_MEMO_LIMIT = 50_000


class StemSet:
    """Words a passage may contain, tested word by word instead of by one big regex.

    `spec` is space-separated: `word` matches the whole word, `stem*` any word that
    starts with it (three letters or more), and CJK entries match anywhere.
    """

    __slots__ = ("_cjk", "_cjk_re", "_exact", "_known", "_prefix")

    def __init__(self, spec: str) -> None:
        self._exact: set[str] = set()
        self._prefix: dict[str, list[str]] = {}
        self._cjk: list[str] = []
        self._known: dict[str, bool] = {}  # word -> in the set; bounded memo
        for item in spec.split():
            if CJK.search(item):
                self._cjk.append(item)
            elif item.endswith("*"):
                stem = item[:-1]
                if len(stem) < 3:
                    raise ValueError(f"stem {item!r} is shorter than three letters")
                self._prefix.setdefault(stem[:3], []).append(stem)
            else:
                self._exact.add(item)
        self._cjk_re = patterns.compile(trie(self._cjk)) if self._cjk else None

    def found(self, words: Iterable[str], text: str, start: int, end: int) -> bool:
        """Whether text[start:end], whose Latin/Cyrillic words are `words`, has one of them."""
        known = self._known
        for w in words:
            hit = known.get(w)
            if hit is None:
                stems = self._prefix.get(w[:3], ())
                hit = w in self._exact or any(w.startswith(s) for s in stems)
                if len(known) < _MEMO_LIMIT:
                    known[w] = hit
            if hit:
                return True
        return self._cjk_re is not None and self._cjk_re.search(text, start, end) is not None


_NEGATIVE_LOOKBEHIND = patterns.compile(r"\(\?<!(?:\[(?:\\.|[^\]\\])*\]|[^()\[\]])\)")


class Prefiltered:
    """A pattern searched first without its negative look-behinds.

    A pattern that starts with a look-behind ("(?<![а-я])(?:если|…)") makes `re` try
    every position of the text; stripped of its negative look-behinds it starts with
    literals, `re` skips to their first letters in C, and it matches a superset of the
    original. The original is then only matched where the cheaper one matches: it can
    match nowhere else, and a search of its own would again try every position.

    The original is compiled when the cheap form first matches: many never do in a
    run, and `re` compiles in Python, slowly. Where the build stored a led form of the
    cheap one (see `patterns`), that is searched: it finds the same places sooner.
    """

    __slots__ = ("_full", "_quick", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        quick = _NEGATIVE_LOOKBEHIND.sub("", pattern)
        lead = patterns.led(quick)  # the same places, found faster (see `patterns`)
        self._quick = patterns.compile(lead) if lead != pattern else None
        self._full = patterns.compile(pattern) if self._quick is None else None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        quick = self._quick
        if quick is None:
            return self._full.search(text, pos, end)  # type: ignore[union-attr]
        candidate = quick.search(text, pos, end)
        if candidate is None:
            return None
        full = self._full
        if full is None:
            full = self._full = patterns.compile(self.pattern)
        while candidate is not None:
            at = candidate.start()
            m = full.match(text, at, end)
            if m is not None:
                return m
            candidate = quick.search(text, at + 1, end)
        return None
