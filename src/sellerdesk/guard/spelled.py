"""Digits written as words (ru, en, zh) rewritten as digits.

"плюс семь девять один шесть…", "восемь девятьсот шестнадцать сто двадцать три…",
"nine one six double five…" and "九一六…" become "+7916…", "8916123…", "91655…" and
"916…". Only runs that yield at least seven digits from at least two number words are
rewritten, so "два-три дня" or "from nine to eight" stay as they are.
"""

from __future__ import annotations

import re

from sellerdesk.guard import patterns
from sellerdesk.guard.lexicon import merge_windows, trie

_UNITS = {
    "ноль": 0,
    "нуль": 0,
    "один": 1,
    "одна": 1,
    "одно": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "zero": 0,
    "oh": 0,
    "o": 0,
    "nil": 0,
    "nought": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_HUNDREDS = {
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
_REPEAT = {"double": 2, "triple": 3, "дважды": 2, "трижды": 3}
_PLUS = {"плюс", "plus"}
_HUNDRED = {"hundred"}
_ZH = {
    "零": 0,
    "〇": 0,
    "洞": 0,
    "一": 1,
    "幺": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_WORDS = [*_UNITS, *_TEENS, *_TENS, *_HUNDREDS, *_REPEAT, *_PLUS, *_HUNDRED]
_WORD = f"(?<![a-zа-я])(?:{trie(_WORDS)})(?![a-zа-я])"
_ZH_CLASS = "[" + "".join(_ZH) + "]"
_TOKEN = f"(?:{_WORD}|{_ZH_CLASS}|\\d+)"
_SEP = r"[\s,.\-()/_:]*"
_RUN = patterns.compile(f"{_TOKEN}(?:{_SEP}{_TOKEN})+")
_TOKENS = patterns.compile(_TOKEN)
NUMBER_WORDS = frozenset(_WORDS)
_ZH_RUN = patterns.compile(f"{_ZH_CLASS}{_ZH_CLASS}{{2}}")  # starts with a class: fast to skip

_LETTER = patterns.compile("[a-zа-я]")
_MIN_DIGITS = 7
_MIN_RUN_WORDS = 3  # words in a row before a run is looked at (at least _MIN_WORDS)
_RUN_REACH = 300  # characters a run of spelled digits is looked for in
_MIN_WORDS = 2


def digit_edits(text: str, words: list[str], has_cjk: bool = True) -> list[tuple[int, int, str]]:
    """Edits (start, end, digits) turning spelled-out digit runs into digits.

    `words` are the text's Latin/Cyrillic words, used as a cheap first test;
    `has_cjk=False` skips the search for Chinese numerals.
    """
    # A phone needs a run of number words: look only where three stand in a row, or
    # where Chinese numerals do, and only that far (the run pattern is slow to scan).
    windows: list[int] = []
    if not NUMBER_WORDS.isdisjoint(words) and (
        sum(map(NUMBER_WORDS.__contains__, words)) >= _MIN_RUN_WORDS
    ):
        streak, cursor = 0, 0
        for i, w in enumerate(words):
            streak = streak + 1 if w in NUMBER_WORDS else 0
            if streak == _MIN_RUN_WORDS:
                cursor = _first_word(text, words[i - _MIN_RUN_WORDS + 1], cursor)
                windows.append(cursor)
    if has_cjk:
        windows.extend(m.start() for m in _ZH_RUN.finditer(text))
    if not windows:  # most messages
        return []
    # Overlapping windows are searched as one stretch: each place is tried once, and a
    # run that crosses from one window into the next is read whole.
    edits: list[tuple[int, int, str]] = []
    for start, end in merge_windows((start, start + _RUN_REACH) for start in sorted(windows)):
        for run in _RUN.finditer(text, start, end):
            edits.extend(_run_edits(run))
    return edits


def _first_word(text: str, word: str, start: int = 0) -> int:
    """Position of the first whole-word occurrence of `word` from `start` (else len(text))."""
    pos = text.find(word, start)
    while pos >= 0:
        if (pos == 0 or not _LETTER.match(text, pos - 1)) and not _LETTER.match(
            text, pos + len(word)
        ):
            return pos
        pos = text.find(word, pos + 1)
    return len(text)


class _Group:
    """Digits built from one or more adjacent number words, and the range they replace."""

    __slots__ = ("digits", "end", "kind", "start")

    def __init__(self, start: int, end: int, digits: str, kind: str) -> None:
        self.start, self.end, self.digits, self.kind = start, end, digits, kind

    def extend(self, end: int, digits: str, kind: str) -> None:
        self.end, self.digits, self.kind = end, digits, kind


def _run_edits(run: re.Match[str]) -> list[tuple[int, int, str]]:
    base = run.start()
    groups: list[_Group] = []
    words = 0
    repeat, repeat_start = 1, -1
    for tok in _TOKENS.finditer(run.group()):
        w = tok.group()
        a, b = base + tok.start(), base + tok.end()
        last = groups[-1] if groups else None
        if last is not None and last.kind == "plus":
            last.end = a  # "плюс семь" -> "+7": the space after the plus goes too
        if w.isdigit() and w.isascii():
            groups.append(_Group(a, b, w, "digits"))
            continue
        words += 1
        if repeat_start >= 0:
            a = repeat_start
        if w in _PLUS:
            groups.append(_Group(a, b, "+", "plus"))
        elif w in _REPEAT:
            repeat, repeat_start = _REPEAT[w], a
            continue
        elif w in _ZH:
            groups.append(_Group(a, b, str(_ZH[w]) * repeat, "unit"))
        elif w in _HUNDRED and last is not None and last.kind == "unit" and len(last.digits) == 1:
            last.extend(b, last.digits + "00", "hundreds")
        elif w in _HUNDREDS:
            groups.append(_Group(a, b, str(_HUNDREDS[w]), "hundreds"))
        elif w in _TENS or w in _TEENS:
            value = str(_TENS.get(w) or _TEENS[w])
            kind = "tens" if w in _TENS else "done"
            if last is not None and last.kind == "hundreds":
                last.extend(b, last.digits[0] + value, "hundreds_" + kind)
            else:
                groups.append(_Group(a, b, value, kind))
        else:
            unit = _UNITS[w]
            if last is not None and unit and last.kind in ("tens", "hundreds_tens", "hundreds"):
                last.extend(b, last.digits[:-1] + str(unit), "done")
            else:
                groups.append(_Group(a, b, str(unit) * repeat, "unit"))
        repeat, repeat_start = 1, -1
    digits = sum(len(g.digits) for g in groups if g.kind != "plus")
    if words < _MIN_WORDS or digits < _MIN_DIGITS:
        return []
    return [(g.start, g.end, g.digits) for g in groups if g.kind != "digits"]
