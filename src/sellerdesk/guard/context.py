"""Sentence and clause context around a match in the normalised text.

The labelling guide judges each sentence on its own, and most false alarms come from
a trigger word inside a negated clause ("we never ask for card transfers", "мы не
можем дать скидку", "不能给折扣"). These helpers give detectors the sentence around a
match and tell whether the clause before it is negated.
"""

from __future__ import annotations

import bisect

from sellerdesk.guard import patterns
from sellerdesk.guard.lexicon import LB, WORD, Prefiltered

# A run of dots ends a sentence only before a space, the end, or a non-ASCII
# character ("ozon.ru", "1.5" do not end one). A clause also ends at a comma, colon,
# dash or bracket. Both are found in one scan: the pattern starts with one character
# class, so that `re` skips to candidates fast, and the empty group `s` marks a
# sentence end. Where a sentence ends (";" ends both) the clause end does not
# matter: a clause starts no earlier than its sentence.
_SENTENCE_CHARS = "[.!?…。！？；;\n]"
_CLAUSE_CHARS = "[,;:，：；—–(（]"
_ENDS = patterns.compile(
    f"[.!?…。！？；;\n,:，：—–(（](?:(?<={_SENTENCE_CHARS}){_SENTENCE_CHARS}*"
    f"(?:(?<=[!?…。！？；;\n])|(?![\x21-\x7f]))(?P<s>)|(?<={_CLAUSE_CHARS}))"
)

# Negation words, checked word by word (a big alternation is slow in `re`). A request
# that merely looks negated ("не забудьте", "don't forget", "别忘了") is no negation.
_NEGATIONS = frozenset(
    (
        "не",
        "нет",
        "ни",
        "никогда",
        "нельзя",
        "без",
        "not",
        "no",
        "never",
        "cannot",
        "without",
        "nor",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "cant",
        "isnt",
        "arent",
        "wasnt",
        "shouldnt",
        "couldnt",
        "wouldnt",
        "neither",
    )
)
_AUXILIARIES = frozenset(
    ("don", "doesn", "didn", "won", "can", "isn", "aren", "wasn", "shouldn", "couldn", "wouldn")
)  # + "t": "don't" is split by the word pattern
_NEGATION_WORDS = _NEGATIONS | _AUXILIARIES  # most clauses have none: tested in C first
_NOT_NEGATING = (
    "забу",
    "пропуст",
    "упуст",
    "стесня",
    "откаж",
    "сомнева",
    "затягива",
    "медли",
    "forget",
    "miss",
    "hesitate",
    "later",
    "worries",
    "problem",
)
_CJK_NEGATION = patterns.compile(r"不(?![然错过好久少同断停仅])|没|别(?![忘的人])|无(?!论)|勿|未")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюя")
_NEGATION_WINDOW = 40


class Context:
    """Lazily computed sentence boundaries of a normalised text."""

    __slots__ = ("_clause_ends", "_ends", "_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: list[int] | None = None
        self._clause_ends: list[int] | None = None
        self._words: dict[int, list[str]] = {}

    def _find_ends(self) -> list[int]:
        ends: list[int] = []
        clause_ends: list[int] = []
        for m in _ENDS.finditer(self.text):
            (ends if m.start("s") >= 0 else clause_ends).append(m.end())
        self._clause_ends = clause_ends
        self._ends = ends
        return ends

    def sentence(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence containing `pos`."""
        ends = self._ends if self._ends is not None else self._find_ends()
        i = bisect.bisect_right(ends, pos)
        start = ends[i - 1] if i else 0
        end = ends[i] if i < len(ends) else len(self.text)
        return start, end

    def sentence_words(self, pos: int) -> list[str]:
        """The Latin/Cyrillic words of the sentence containing `pos` (split once)."""
        a, b = self.sentence(pos)
        words = self._words.get(a)
        if words is None:
            words = self._words[a] = WORD.findall(self.text, a, b)
        return words

    def clause_start(self, pos: int) -> int:
        """Start of the clause (comma, colon, dash…) that `pos` is in."""
        a, _ = self.sentence(pos)
        clause_ends = self._clause_ends
        assert clause_ends is not None  # found with the sentence ends
        i = bisect.bisect_right(clause_ends, pos)
        return max(a, clause_ends[i - 1]) if i else a

    def negated(self, pos: int, window: int = _NEGATION_WINDOW) -> bool:
        """Whether a negation precedes `pos` within its clause."""
        text = self.text
        start = max(self.clause_start(pos), pos - window)
        while start < pos and start > 0 and text[start - 1] in _LETTERS:
            start += 1  # do not read the tail of a cut word ("мне|ние" is no "не")
        ws = WORD.findall(text, start, pos)
        for i, w in enumerate(ws) if not _NEGATION_WORDS.isdisjoint(ws) else ():
            if w in _NEGATIONS or (w in _AUXILIARIES and i + 1 < len(ws) and ws[i + 1] == "t"):
                following = ws[i + 2 if w in _AUXILIARIES else i + 1 :][:1]
                if not (following and following[0].startswith(_NOT_NEGATING)):
                    return True
        return _CJK_NEGATION.search(text, start, pos) is not None

    def before(self, pos: int, window: int) -> str:
        """Up to `window` characters before `pos`, within the sentence."""
        a, _ = self.sentence(pos)
        return self.text[max(a, pos - window) : pos]


def words(*alternatives: str) -> Prefiltered:
    """Regex alternatives that must start on a letter boundary, for `search`."""
    return Prefiltered(LB + "(?:" + "|".join(alternatives) + ")")


def any_of(*alternatives: str) -> Prefiltered:
    """Regex alternatives (each may carry its own look-behind), for `search`."""
    return Prefiltered("|".join(alternatives))


__all__ = ["Context", "any_of", "words"]
