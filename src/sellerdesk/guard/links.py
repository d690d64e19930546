"""Links, domains, e-mail addresses and @handles in normalised text (GUARD-1).

Dots and "@" may be spelled out ("t dot me", "mail точка ru", "собака", "艾特", "点").
A host is allowed only when it is an allowed domain or one of its subdomains and was
written in plain ASCII: a host that needed homoglyph folding ("оzоn.ru" with Cyrillic
о) is a look-alike, not the allowed domain.
"""

from __future__ import annotations

import re
import unicodedata

from sellerdesk.guard import patterns
from sellerdesk.guard.lexicon import merge_windows, trie

# Top-level domains accepted without a scheme or "www." in front. Kept to those seen
# in contact spam plus the major ones; with a scheme or "www." any TLD counts.
TLDS = (
    "ru",
    "com",
    "net",
    "org",
    "me",
    "io",
    "cn",
    "su",
    "рф",
    "ру",
    "ком",
    "рус",
    "info",
    "biz",
    "shop",
    "store",
    "online",
    "site",
    "top",
    "xyz",
    "app",
    "link",
    "ly",
    "gl",
    "co",
    "cc",
    "tv",
    "by",
    "kz",
    "ua",
    "uz",
    "kg",
    "am",
    "ge",
    "az",
    "md",
    "tj",
    "pro",
    "club",
    "live",
    "website",
    "space",
    "tech",
    "page",
    "ws",
    "gg",
    "ai",
    "moscow",
    "vip",
    "fun",
    "icu",
    "asia",
    "hk",
    "tw",
    "jp",
    "kr",
    "de",
    "uk",
    "eu",
    "us",
    "ca",
    "fr",
    "es",
    "pl",
    "nl",
    "tr",
    "cz",
    "lt",
    "lv",
    "ee",
    "fi",
    "se",
    "ch",
    "ae",
    "il",
    "sg",
    "vn",
    "th",
    "ph",
    "im",
    "fm",
    "sh",
    "market",
    "shopping",
    "world",
    "today",
    "email",
    "chat",
    "social",
    "group",
    "team",
    "cloud",
    "digital",
    "network",
    "media",
    "news",
    "blog",
    "art",
    "design",
    "studio",
    "mobi",
    "click",
    "work",
    "best",
    "rocks",
    "cool",
    "ink",
    "bio",
    "ltd",
    "inc",
    "company",
    "business",
    "city",
    "buzz",
    "life",
    "plus",
    "wiki",
    "cam",
)
_SPELLED_DOT = (
    r"(?:\s*+[\(\[\{<]?\s*(?<![a-zа-я])(?:dot|dott|точка|тчк|дот|点|dian)(?![a-zа-я])"
    r"\s*[\)\]\}>]?\s*)"
)
_SPELLED_AT = (
    r"(?:\s*+[\(\[\{<]?\s*(?<![a-zа-я])(?:at|dog|собака|собачка|сабака|эт)(?![a-zа-я])"
    r"\s*[\)\]\}>]?\s*|\s*艾特\s*|\s*圈a\s*)"
)
_DOT = rf"(?:\.|{_SPELLED_DOT})"
# Possessive: a label never gives characters back, so a word that is no host fails
# after one look at what follows it instead of once per character.
_LABEL = r"[a-z0-9а-я][a-z0-9а-я\-]*+"
_TLD = f"(?:{trie(TLDS)})(?![a-z0-9а-я\\-])"
_PATH = r"(?:[/?#][^\s<>\"'«»，。！？、）」』\u4e00-\u9fff]*+)?"
_HOST = rf"(?:{_LABEL}{_DOT})+{_TLD}"

_EMAIL = patterns.compile(
    rf"(?<![a-z0-9_.+\-а-я])(?P<local>[a-z0-9_][a-z0-9_.+\-]*+)"
    rf"(?:\s?@\s?|{_SPELLED_AT})(?P<host>(?:{_LABEL}{_DOT})+[a-zа-я][a-zа-я0-9]{{1,23}})"
    r"(?![a-z0-9а-я\-])"
)
# The optional path, which cannot fail, follows the three forms once: its class holds
# the CJK ideographs, and `re` takes milliseconds to compile each copy of it.
_URL = patterns.compile(
    rf"(?:(?P<scheme>(?:https?|ftp)\s?:\s?/\s?/\s?)(?P<host1>[^\s/?#<>\"'«»，。！？]++)"
    rf"|(?<![a-z0-9а-я_.@\-])(?P<www>www{_DOT})?(?P<host2>{_HOST})"
    rf"|(?<![a-z0-9а-я_.@\-])www{_DOT}(?P<host3>(?:{_LABEL}{_DOT})+[a-z]{{2,24}})){_PATH}"
)
_HANDLE = patterns.compile(
    r"(?<![a-z0-9_.а-я@])@(?:\s?[._\-])?\s?(?=[a-z0-9_.\-]*[a-z_])[a-z0-9_][a-z0-9_.\-]{1,31}"
    r"[a-z0-9_]|(?<![a-z0-9_.а-я@])@[a-z0-9_]{3,32}"
)
_SPELLED_DOT_RE = patterns.compile(_SPELLED_DOT)
_ZERO_WIDTH = patterns.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
# Cheap tests: a dot before a known TLD, a scheme, "www", or a spelled-out dot or "at".
_LINK_HINT = patterns.compile(rf"[.:w](?:(?<=\.)(?:{trie(TLDS)})(?![a-z0-9а-я])|(?<=:)//|(?<=w)ww)")
_DOT_LETTER = patterns.compile(r"\.[a-zа-я]")  # every ".tld" has one
_SPELLED_HINT = patterns.compile(r"dot|dian|点|точк|тчк|дот")
# Every alternative starts with a literal (the space before "at" is looked behind for),
# so that `re` skips to candidates in C.
_SPELLED_AT_HINT = patterns.compile(
    r"собак|собачк|сабак|艾特|圈a|at(?<=\sat)(?=\s)|dog(?<=\sdog)(?=\s)|\(at\)|\[at\]|\{at\}|<at>"
)


def host_allowed(original_host: str, allowed: tuple[str, ...]) -> bool:
    """Whether the host as written in the original text is an allowed domain."""
    host = unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", original_host)).lower()
    host = _SPELLED_DOT_RE.sub(".", host).strip().rstrip(".")
    if ":" in host:
        host = host.split(":", 1)[0]
    if not host.isascii():
        return False
    return any(host == d or host.endswith("." + d) for d in allowed)


class LinkHit:
    """A link, e-mail or handle in normalised coordinates; `host` span for the allow-check."""

    __slots__ = ("end", "host_end", "host_start", "kind", "start")

    def __init__(self, kind: str, start: int, end: int, host_start: int, host_end: int) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.host_start = host_start
        self.host_end = host_end


_REACH = 100  # characters around a dot or "@" where its host or address may lie
_SPELLED_DOT_OR_AT = patterns.compile(
    trie(
        ("dot", "dott", "точка", "тчк", "дот", "dian", "собака", "собачка", "сабака", "点", "艾特")
    )
)
_SPELLED_WORDS = frozenset(("dot", "dott", "dian", "точка", "тчк", "дот"))


_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.+-")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.абвгдежзийклмнопрстуфхцчшщъыьэюя")
_SCHEME_CHARS = frozenset("fhpst")


def _back(text: str, pos: int, chars: frozenset[str], limit: int) -> int:
    """Start of the run of `chars` that ends at `pos` (at most `limit` long)."""
    i, lo = pos, max(0, pos - limit)
    while i > lo and text[i - 1] in chars:
        i -= 1
    return i


def find_links(text: str, words: frozenset[str] | set[str] | None = None) -> list[LinkHit]:
    """E-mails, links and @handles in normalised text (allowed hosts included).

    `words`, the set of the text's words if known, makes the first test cheaper.
    Plain links and addresses are matched where their "@", ".tld", "://" or "www"
    is; spelled-out ones ("t dot me", "собака mail точка ru") around the spelled word.
    """
    has_at = "@" in text
    if words is None:
        spelled_dot = _SPELLED_HINT.search(text) is not None
    else:
        spelled_dot = not _SPELLED_WORDS.isdisjoint(words) or "点" in text
    hits: list[LinkHit] = []
    taken: list[tuple[int, int]] = []
    if spelled_dot:
        _scan_spelled(text, hits, taken)
    at = text.find("@") if has_at else -1
    while at >= 0:
        if any(a <= at < b for a, b in taken):
            at = text.find("@", at + 1)
            continue
        local_end = at - 1 if at > 0 and text[at - 1] == " " else at
        local_start = _back(text, local_end, _LOCAL_CHARS, 64)
        m = _EMAIL.match(text, local_start) if local_start < local_end else None
        if m is not None:
            hits.append(LinkHit("email", m.start(), m.end(), m.start("host"), m.end("host")))
            taken.append(m.span())
            at = text.find("@", m.end())
        else:
            at = text.find("@", at + 1)
    # "www", "://" or a dot before a letter: `in` and a literal-led search are far
    # cheaper than the hint pattern, and most messages have none of them
    hinted = "www" in text or "://" in text or _DOT_LETTER.search(text) is not None
    for hint in _LINK_HINT.finditer(text) if hinted else ():
        pos = hint.start()
        if any(a <= pos < b for a, b in taken):
            continue
        if hint.group() == "://":
            start = _back(text, pos, _SCHEME_CHARS, 5)
        elif hint.group() == "www":
            start = pos
        else:
            start = _back(text, pos, _HOST_CHARS, 120)
            if text.endswith("://", 0, start):
                start = _back(text, start - 3, _SCHEME_CHARS, 5)
        m = _URL.match(text, start)
        if m is not None and m.end() > pos:
            _add_url(text, m, hits, taken)
    if has_at:
        _add_handles(text, hits, taken)
    return hits


def _scan_spelled(text: str, hits: list[LinkHit], taken: list[tuple[int, int]]) -> None:
    """Links and addresses with a dot or "at" spelled out ("t dot me", "x собака mail.ru").

    Only the stretches around a spelled-out word are searched: a host or an address
    does not reach further.
    """
    merged = merge_windows(
        (max(0, m.start() - _REACH), m.end() + _REACH)
        for m in _SPELLED_DOT_OR_AT.finditer(text)
        if _between_labels(text, m.start(), m.end())
    )
    emails = _SPELLED_AT_HINT.search(text) is not None
    for lo, hi in merged:
        if emails:
            for m in _EMAIL.finditer(text, lo, hi):
                hits.append(LinkHit("email", m.start(), m.end(), m.start("host"), m.end("host")))
                taken.append(m.span())
        for m in _URL.finditer(text, lo, hi):
            if not any(a <= m.start() < b for a, b in taken):
                _add_url(text, m, hits, taken)


_LABEL_END_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyz0123456789_.+-абвгдежзийклмнопрстуфхцчшщъыьэюя"
)
_LABEL_START_CHARS = _LABEL_END_CHARS - frozenset("_.+-")


def _between_labels(text: str, start: int, end: int) -> bool:
    """Whether a spelled-out word has a label or address part on both sides.

    Only spaces and one bracket may stand between ("x (dot) ru"); "一点" or "в точку"
    cannot be inside a host, and a plain link near them is found where its own dot is.
    """
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i > 0 and text[i - 1] in "([{<":
        i -= 1
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j, n = end, len(text)
    while j < n and text[j].isspace():
        j += 1
    if j < n and text[j] in ")]}>":
        j += 1
    while j < n and text[j].isspace():
        j += 1
    return i > 0 and text[i - 1] in _LABEL_END_CHARS and j < n and text[j] in _LABEL_START_CHARS


def _add_url(
    text: str, m: re.Match[str], hits: list[LinkHit], taken: list[tuple[int, int]]
) -> None:
    group = "host1" if m.group("host1") else "host2" if m.group("host2") else "host3"
    end = m.end()
    while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
        end -= 1
    hits.append(LinkHit("link", m.start(), end, m.start(group), m.end(group)))
    taken.append((m.start(), end))


def _add_handles(text: str, hits: list[LinkHit], taken: list[tuple[int, int]]) -> None:
    at = text.find("@")
    while at >= 0:
        m = None if any(a <= at < b for a, b in taken) else _HANDLE.match(text, at)
        if m is not None:
            hits.append(LinkHit("handle", m.start(), m.end(), m.start(), m.start()))
        at = text.find("@", at + 1)
