"""A small rule engine: anchor words found in one pass, patterns checked only there.

Python's `re` spends tens of nanoseconds per character on a large alternation, so
running dozens of phrase patterns over every message is too slow. Instead each rule
names the words its phrases start with (its *anchors*). One `findall` over the
normalised text plus a dictionary lookup per word tells which anchors occur; only
then are the rule's patterns matched, at the anchor, and its context checked in a
short window of the same sentence.

A rule reads like a line of the rulebook:

    Rule(CANCEL, "отмените отмени отменяйте", unless_before=SELLER_CANCELS)

Anchors are space-separated: `word` must be the whole word, `stem*` any word that
starts with it (four letters or more), and CJK anchors are literals found anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sellerdesk.guard import patterns
from sellerdesk.guard.context import Context
from sellerdesk.guard.lexicon import Prefiltered, trie
from sellerdesk.guard.model import Hit

_PLAIN_ANCHOR = patterns.compile(r"(?:[a-z]|[а-я])+\*?")
# "sale" in "sasha_sale09" is no word: an anchor needs no letter, digit or "_" around it
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_абвгдежзийклмнопрстуфхцчшщъыьэюя")
_PREFIX_KEY = 4
BEFORE_WINDOW = 40
_WORD_MEMORY = 200_000  # words remembered as anchors or not; beyond that, looked up each time

Check = Callable[[Context, int, int], bool]


class Rule:
    """One way a category shows up in text.

    at:              regex matched at the anchor (default: the anchor word itself)
    before:          regex that must occur in the sentence just before the anchor
    unless_before:   regex that must not occur there or in the match (an excuse)
    unless_sentence: regex that must not occur anywhere in the sentence
    negatable:       a negation earlier in the clause cancels the hit
    check:           any further test, given (context, start, end) of the match
    """

    __slots__ = (
        "_at",
        "_before",
        "_compiled",
        "_sources",
        "_unless_before",
        "_unless_sentence",
        "anchors",
        "category",
        "check",
        "detail",
        "negatable",
        "window",
    )

    def __init__(
        self,
        category: str,
        anchors: str,
        *,
        at: str | None = None,
        before: str | None = None,
        unless_before: str | None = None,
        unless_sentence: str | None = None,
        negatable: bool = False,
        window: int = BEFORE_WINDOW,
        check: Check | None = None,
        detail: bool = False,
    ) -> None:
        self.category = category
        self.anchors = anchors
        self.negatable = negatable
        self.window = window
        self.check = check
        self.detail = detail
        # compiled on first use: many rules never fire in a given run, and `re` is slow
        # to compile the Cyrillic classes they are full of
        self._sources = (at, before, unless_before, unless_sentence)
        self._compiled = False
        self._at: re.Pattern[str] | None = None
        self._before: Prefiltered | None = None
        self._unless_before: Prefiltered | None = None
        self._unless_sentence: Prefiltered | None = None

    def _compile(self) -> None:
        at, before, unless_before, unless_sentence = self._sources
        self._at = patterns.compile(at) if at else None
        # searched, not matched: a cheap first pass without look-behinds (see Prefiltered)
        self._before = Prefiltered(before) if before else None
        self._unless_before = Prefiltered(unless_before) if unless_before else None
        self._unless_sentence = Prefiltered(unless_sentence) if unless_sentence else None
        self._compiled = True

    def __repr__(self) -> str:
        return f"Rule({self.category!r}, {self.anchors[:40]!r})"

    def evaluate(self, ctx: Context, start: int, end: int) -> Hit | None:
        """A hit for the anchor at [start, end), or None."""
        if not self._compiled:
            self._compile()
        text = ctx.text
        if self._at is not None:
            m = self._at.match(text, start)
            if m is None:
                return None
            end = m.end()
        before, unless_before = self._before, self._unless_before
        if before is not None or unless_before is not None:
            s_start, _ = ctx.sentence(start)
            lo = max(s_start, start - self.window)
            if before is not None and before.search(text, lo, start) is None:
                return None
            if unless_before is not None and unless_before.search(text, lo, end) is not None:
                return None
        if self._unless_sentence is not None:
            s_start, s_end = ctx.sentence(start)
            if self._unless_sentence.search(text, s_start, s_end) is not None:
                return None
        if self.check is not None and not self.check(ctx, start, end):
            return None
        if self.negatable and ctx.negated(start):
            return None
        return Hit(self.category, start, end, self.detail)


class RuleSet:
    """Rules indexed by anchor; `run` evaluates only the rules whose anchors occur."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        # key -> [(anchor, is_prefix, rule)]
        self._prefix: dict[str, list[tuple[str, Rule]]] = {}
        self._exact: dict[str, list[Rule]] = {}
        self._cjk: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for anchor in rule.anchors.replace("ё", "е").split():
                if not _PLAIN_ANCHOR.fullmatch(anchor):  # CJK, "v❤": a literal found anywhere
                    self._cjk.setdefault(anchor, []).append(rule)
                elif anchor.endswith("*"):
                    stem = anchor[:-1]
                    if len(stem) < _PREFIX_KEY:
                        raise ValueError(f"prefix anchor {anchor!r} is shorter than {_PREFIX_KEY}")
                    self._prefix.setdefault(stem[:_PREFIX_KEY], []).append((stem, rule))
                else:
                    self._exact.setdefault(anchor, []).append(rule)
        self._cjk_re = patterns.compile(trie(self._cjk)) if self._cjk else None
        self._seen: set[str] = set()
        self._anchor_rules: dict[str, tuple[Rule, ...]] = {}
        self._anchors: set[str] = set()  # the keys of _anchor_rules, for `&`

    def _rules_for(self, word: str) -> tuple[Rule, ...]:
        found = list(self._exact.get(word, ()))
        found += [
            r for stem, r in self._prefix.get(word[:_PREFIX_KEY], ()) if word.startswith(stem)
        ]
        return tuple(found)

    def run(self, ctx: Context, words: Iterable[str], has_cjk: bool = True) -> list[Hit]:
        """Hits of every rule whose anchor occurs in `ctx.text`.

        `words`: the text's Latin/Cyrillic words; `has_cjk=False` skips the CJK anchors.
        """
        text = ctx.text
        present = words if isinstance(words, set) else set(words)
        # Which words are anchors is a pure function of the word: remember it (bounded).
        # Set operations run in C; most messages bring no word not seen before.
        todo = [(w, self._anchor_rules[w]) for w in present & self._anchors]
        new = present - self._seen
        if new:
            remember = len(self._seen) < _WORD_MEMORY
            for w in new:
                rules = self._rules_for(w)
                if rules:
                    todo.append((w, rules))
                    if remember:
                        self._anchor_rules[w] = rules
                        self._anchors.add(w)
            if remember:
                self._seen |= new
        hits: list[Hit] = []
        for w, rules in todo:
            n = len(w)
            pos = text.find(w)
            while pos >= 0:
                if (pos == 0 or text[pos - 1] not in _WORD_CHARS) and (
                    text[pos + n : pos + n + 1] not in _WORD_CHARS
                ):
                    for rule in rules:
                        hit = rule.evaluate(ctx, pos, pos + n)
                        if hit is not None:
                            hits.append(hit)
                pos = text.find(w, pos + n)
        if has_cjk and self._cjk_re is not None:
            for m in self._cjk_re.finditer(text):
                for rule in self._cjk[m.group()]:
                    hit = rule.evaluate(ctx, m.start(), m.end())
                    if hit is not None:
                        hits.append(hit)
        return hits
