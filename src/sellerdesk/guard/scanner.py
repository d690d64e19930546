"""scan(): run every detector over one message and map the hits back to the original."""

from __future__ import annotations

from operator import itemgetter

from sellerdesk.guard import abuse, cancel, contact, marketing, payment, review
from sellerdesk.guard.channels import LEET_HINT
from sellerdesk.guard.context import Context
from sellerdesk.guard.links import LinkHit, find_links
from sellerdesk.guard.model import PAYMENT, RULES, GuardConfig, Hit, Verdict, Violation
from sellerdesk.guard.normalise import Normalised, normalise
from sellerdesk.guard.numbers import NumberHit, find_numbers, find_wallets
from sellerdesk.guard.rules import RuleSet

_DEFAULT = GuardConfig()
_ALLOW = Verdict(())
_BLANK = "\x00"
_BY_START = itemgetter(1, 0)  # (category, start, end) by start, then category
_RULES = RuleSet(
    contact.RULES + marketing.RULES + review.RULES + cancel.RULES + abuse.RULES + payment.RULES
)


class Analysis:
    """The normalised text and the findings shared by scanning and masking.

    Phrase rules read `ctx.text`: the normalised text with links, e-mails and handles
    blanked out (NUL characters), so that "sale" in "@lucky_sale" or "qq" in "x@qq.com" is no keyword
    and a URL's dots end no sentence.
    """

    __slots__ = ("ctx", "leet", "links", "nt", "numbers", "rule_hits")

    def __init__(self, text: str) -> None:
        self.nt: Normalised = normalise(text)
        s = self.nt.text
        word_set = set(self.nt.words)
        self.links: list[LinkHit] = find_links(s, word_set)
        spans = [(link.start, link.end) for link in self.links]
        self.numbers: list[NumberHit] = find_numbers(s, spans, self.nt.spelled)
        if spans:  # blanked with NULs, not spaces: no long runs of \s for patterns to try
            for a, b in spans:
                s = s[:a] + _BLANK * (b - a) + s[b:]
        self.ctx = Context(s)
        self.rule_hits: list[Hit] = _RULES.run(self.ctx, word_set, self.nt.cjk)
        # where letters and digits mix inside a word: leetspeak, or a wallet address
        self.leet: list[int] = [m.start() for m in LEET_HINT.finditer(s)]

    def contact_hits(self, config: GuardConfig) -> list[Hit]:
        return contact.detect(
            self.nt, self.ctx, config, self.numbers, self.links, self.rule_hits, self.leet
        )


def _merge(hits: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Union overlapping spans of the same category."""
    merged: list[tuple[str, int, int]] = []
    for cat, a, b in sorted(hits):  # by category, then start: ties merge either way
        if merged and merged[-1][0] == cat and a <= merged[-1][2]:
            prev = merged[-1]
            merged[-1] = (cat, prev[1], max(prev[2], b))
        else:
            merged.append((cat, a, b))
    merged.sort(key=_BY_START)
    return merged


def violation_spans(text: str, config: GuardConfig = _DEFAULT) -> list[tuple[str, int, int]]:
    """(category, start, end) of every violation in `text`, as `scan` reports them.

    For callers that write the spans out at once (the JSON-lines stream): no
    Violation objects are built.
    """
    if not text:
        return []
    an = Analysis(text)
    nt = an.nt
    hits = an.contact_hits(config)
    hits += [h for h in an.rule_hits if h.category in RULES]
    hits += [Hit(PAYMENT, n.start, n.end, True) for n in an.numbers if n.kind == "card"]

    span = nt.span
    spans = [(h.category, *span(h.start, h.end)) for h in hits]
    if an.leet:  # a wallet address mixes letters and digits, as leetspeak does
        spans += [(PAYMENT, a, b) for a, b in find_wallets(text)]
    if not spans:
        return spans
    return [s for s in _merge(spans) if s[2] > s[1]]


def scan(text: str, config: GuardConfig = _DEFAULT) -> Verdict:
    """Check one seller message against GUARD-1..6; pure, and total on any str."""
    spans = violation_spans(text, config)
    if not spans:
        return _ALLOW
    return Verdict(tuple(Violation(cat, RULES[cat], (a, b), text[a:b]) for cat, a, b in spans))
