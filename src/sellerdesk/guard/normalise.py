"""Unicode normalisation of chat text with a map back to the original code points.

The detectors never look at the raw text: they read `Normalised.text`, which is
lower-cased, NFKC-folded (full-width forms, mathematical letters, circled digits),
stripped of zero-width and combining characters, with Cyrillic/Latin/Greek
look-alikes folded inside mixed-script words, letters or digits written with
separators ("W h a t s A p p", "8.9.1.6") glued together, and runs of spelled-out
digits ("плюс семь девять…", "nine one six…", "九一六…") rewritten as digits.

Every normalised character remembers the half-open range of original code points it
came from, so a match in the normalised text maps back to a span of the original.
When nothing but 1:1 folding happened (the common case) no map is built at all.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable

from sellerdesk.guard import lexicon, patterns, spelled

# ---------------------------------------------------------------- 1:1 character folding

_ONE_TO_ONE: dict[int, str] = {}
for _c in range(0xFF01, 0xFF5F):  # full-width ASCII
    _ONE_TO_ONE[_c] = chr(_c - 0xFEE0).lower()
for _c in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
    _ONE_TO_ONE[_c] = " "
for _c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63):
    _ONE_TO_ONE[_c] = "-"
_ONE_TO_ONE.update(
    {
        ord("ё"): "е",
        ord("Ё"): "е",
        ord("№"): "#",
        ord("＠"): "@",
        ord("\u2018"): "'",
        ord("\u2019"): "'",
        ord("\u00b7"): ".",  # middle dot
        ord("\u2024"): ".",  # one dot leader
        ord("\uff61"): "。",
    }
)
del _c
# translate() looks up every character; a substitution touches only those that change
_TABLE_CLASS = "[" + "".join(re.escape(chr(c)) for c in sorted(_ONE_TO_ONE)) + "]"
# runs of them, one callback each ("８９１６"); "[…][…]*" so that `re` skips to them in C
_TABLE_CHARS = patterns.compile(_TABLE_CLASS + _TABLE_CLASS + "*")


def _table_char(m: re.Match[str]) -> str:
    return m.group().translate(_ONE_TO_ONE)


# Characters the fast path may keep as they are (after lower() and the 1:1 table).
# Anything else sends the text through the slow path, which applies NFKC per
# grapheme and drops format / combining characters.
_SLOW = patterns.compile(
    "[^\x00-\u00ac\u00ae-\u024f\u0400-\u04ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0"
    "\u2116\u2190-\u21ff\u2500-\u27bf\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff"
    "\uff01-\uff5e\U0001f300-\U0001faff]"
)
# Outside ASCII, what Russian and Chinese text is made of and needs no folding but
# lower(). Anything else (full-width letters, zero-width, emoji, Greek, no-break
# space, …) takes the slow path. Dashes and CJK punctuation stay as they are: the
# detectors accept them.
_FAST_CHARS = (
    "\x00-\x7fа-яА-ЯёЁ«»—–…№₽€¥“”„‘’\u3001-\u3003\u3008-\u3011\uff01-\uff0f\uff1a-\uff1f\uff5e"
)
_RARE = patterns.compile(f"[^{_FAST_CHARS}\u4e00-\u9fff]")
_RARE_OR_CJK = patterns.compile(f"[^{_FAST_CHARS}]")  # one scan to learn of both
# combining marks and variation selectors: they belong to the character before them
_COMBINING = (
    "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f"
    "\ufe20-\ufe2f\U000e0100-\U000e01ef"
)
_SPECIAL_RUN = patterns.compile(_SLOW.pattern + "+")  # starts on a special character: fast to find
_IS_COMBINING = patterns.compile(f"[{_COMBINING}]")
_CLUSTER = patterns.compile(f"(?s:.)[{_COMBINING}]*")  # a character and the marks on it
_DROP_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc"})
_KEEP_CONTROL = frozenset("\n\r\t")
_cluster_cache: dict[str, str] = {}


def _fold_cluster(cluster: str) -> str:
    folded = _cluster_cache.get(cluster)
    if folded is None:
        nfkc = unicodedata.normalize("NFKC", cluster).lower()
        folded = "".join(
            ch
            for ch in nfkc
            if ch in _KEEP_CONTROL or unicodedata.category(ch) not in _DROP_CATEGORIES
        ).translate(_ONE_TO_ONE)
        if len(_cluster_cache) < 4096:
            _cluster_cache[cluster] = folded
    return folded


# ---------------------------------------------------------------- homoglyphs in mixed words

_CYR_TO_LAT = str.maketrans(
    "авсеенкмортхуіјѕԁһԛԝгпиш",
    "abceehkmoptxyijsdhqwrnuw",
)
_LAT_TO_CYR = str.maketrans("abceehkmoptxyrnu", "авсеенкмортхуrпи")
_GRK_TO_LAT = str.maketrans("αβεηικμνοπρτυχγωςσ", "abenikmvonptuxywco")
_LAT = "a-z"
_CYR = "а-яіјѕԁһԛԝ"
_GRK = "α-ω"
_WORDISH = patterns.compile(f"[{_LAT}{_CYR}{_GRK}0-9]+")
_WORDISH_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяіјѕԁһԛԝ0123456789"
)
_WORDISH_CHARS |= frozenset(chr(c) for c in range(ord("α"), ord("ω") + 1))
_HAS_CYR_OR_GRK = patterns.compile(f"[{_CYR}{_GRK}]")
_ANY_GRK = patterns.compile(f"[{_GRK}]")
# Letters that exist in only one script decide the word's script.
_ONLY_LAT = patterns.compile("[dfgijlqsvwz]")
_ONLY_CYR = patterns.compile("[бвгджзийлфцчшщъыьэюя]")
_NON_RUSSIAN_CYR = patterns.compile("[іјѕԁһԛԝ]")
_ODD_LETTER = patterns.compile(f"[{_GRK}іјѕԁһԛԝ]")  # Greek or non-Russian Cyrillic: one scan
_CYR_LETTER = patterns.compile(f"[{_CYR}]")
_LAT_LETTER = patterns.compile(f"[{_LAT}]")


# A Latin letter touching a Cyrillic or Greek one. Starting on the Latin letter lets
# `re` skip a Russian text quickly.
_ADJACENT_SCRIPTS = patterns.compile(f"[{_LAT}](?:(?=[{_CYR}{_GRK}])|(?<=[{_CYR}{_GRK}].))")


# Latin and Cyrillic letters in one word with only digits between them ("a1б")
_SCRIPTS_ACROSS_DIGITS = patterns.compile(f"[0-9](?:(?<=[{_LAT}][0-9])|(?<=[{_CYR}][0-9]))")


def _fold_words(s: str, odd: bool, adjacent_from: int) -> str:
    """`s` with every word `_fold_word` changes folded; other words are not visited.

    Such a word has Greek or non-Russian Cyrillic in it (`odd`: the text has some), or
    a Latin letter next to a Cyrillic or Greek one (none before `adjacent_from`), maybe
    across digits, so it is found from those places.
    """
    starts = set()
    hints = [_ODD_LETTER.finditer(s)] if odd else []
    hints += (_ADJACENT_SCRIPTS.finditer(s, adjacent_from), _SCRIPTS_ACROSS_DIGITS.finditer(s))
    for found in hints:
        for m in found:
            i = m.start()
            while i > 0 and s[i - 1] in _WORDISH_CHARS:
                i -= 1
            starts.add(i)
    parts: list[str] = []
    pos = 0
    for i in sorted(starts):
        word = _WORDISH.match(s, i)
        if word is None or i < pos:
            continue
        parts += (s[pos:i], _fold_word(word))
        pos = word.end()
    parts.append(s[pos:])
    return "".join(parts)


def _fold_word(m: re.Match[str]) -> str:
    """Fold a word written in more than one script, or in fake Cyrillic, to one script."""
    word = m.group()
    if not _HAS_CYR_OR_GRK.search(word):
        return word
    if _LAT_LETTER.search(word) or _ANY_GRK.search(word):
        return _fold_mixed(word)
    if _NON_RUSSIAN_CYR.search(word):
        return _fold_fake_cyrillic(word)
    return word


def _fold_mixed(word: str) -> str:
    word = word.translate(_GRK_TO_LAT)
    only_lat = len(_ONLY_LAT.findall(word))
    only_cyr = len(_ONLY_CYR.findall(word))
    if only_lat and not only_cyr:
        to_latin = True
    elif only_cyr and not only_lat:
        to_latin = False
    else:
        to_latin = len(_LAT_LETTER.findall(word)) >= len(_CYR_LETTER.findall(word))
    return word.translate(_CYR_TO_LAT if to_latin else _LAT_TO_CYR)


# A Cyrillic word using letters Russian never uses (ѕ, і, ј…) and no letter without a
# Latin twin is a Latin word in disguise ("ѕкуре").
_RUSSIAN_ONLY = patterns.compile("[бгджзийлпфцчшщъыьэюя]")


def _fold_fake_cyrillic(word: str) -> str:
    return word if _RUSSIAN_ONLY.search(word) else word.translate(_CYR_TO_LAT)


# ---------------------------------------------------------------- separator runs

# Single characters separated by spaces (or emoji): "W h a t s A p p", "7 9 0 5 …".
_SPACED_RUN = patterns.compile(
    r"(?<![a-z0-9а-я])(?:[^\s](?:[ \t]{1,3}|[\U0001f300-\U0001faff\u2600-\u27bf]+)){3,}"
    r"[^\s](?![^\s.,;:!?)\]»\"'，。：；！？])"
)
_SPACED_SEP = patterns.compile(r"[ \t\U0001f300-\U0001faff\u2600-\u27bf]+")
# Cheap first tests for the two run patterns: they start on a space or a separator,
# which lets `re` skip the rest of the text quickly.
_SPACED_HINT = patterns.compile(r"[ \t]\S[ \t]{1,3}\S[ \t]")
_EMOJI = patterns.compile(r"[\U0001f300-\U0001faff\u2600-\u27bf]")
# the separator is captured by a look-behind, so the pattern starts with its class
_PUNCT_HINT = patterns.compile(r"[\-–—_.*|/\\~+:;,'\"`=^•](?<=(?P<c>.))[^\n](?P=c)[^\n](?P=c)")
# Single characters alternating with one repeated separator: "I.n.s.t.a", "8-9-1-6",
# "T_e_l", "8_ _(_9_1_2_)", "a|n|n|a|@|q|q|.|c|o|m". The separator is every second
# character, so the tokens may be anything (even the separator itself: "w.a...m.e").
_PUNCT_RUN = patterns.compile(
    r"(?<![a-z0-9а-я])[^\s](?P<sep>[\-–—_.*|/\\~+:;,'\"`=^•])(?:[^\n](?P=sep)){2,}[^\s]"
    r"(?![a-z0-9а-я])"
)

Edit = tuple[int, int, str]
# The offset map is kept in arrays of machine integers, not lists of int objects: a
# long message's map is then built, copied and freed in blocks. Positions 0, 1, 2…
# are sliced from one array made at start-up.
_IOTA = array("q", range(1 << 14))


def _iota(a: int, b: int) -> array[int]:
    """a, a+1, …, b-1."""
    return _IOTA[a:b] if b <= len(_IOTA) else array("q", range(a, b))


def _same(value: int, n: int) -> array[int]:
    """`value`, n times."""
    return array("q", (value,)) * n


WORD: re.Pattern[str] = lexicon.WORD


class Normalised:
    """Normalised text plus the original range each of its characters came from."""

    __slots__ = ("_ends", "_starts", "cjk", "original", "spelled", "text", "words")

    def __init__(
        self, original: str, text: str, starts: array[int] | None, ends: array[int] | None
    ) -> None:
        self.original = original
        self.text = text
        self._starts = starts
        self._ends = ends
        self.words: list[str] = []  # Latin and Cyrillic words of `text`
        self.spelled: list[tuple[int, int]] = []  # where digits written as words now stand
        self.cjk = False  # the text has CJK ideographs

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map [start, end) in the normalised text to [start, end) in the original."""
        if self._starts is None or self._ends is None:
            return start, end
        if end <= start:
            pos = self._starts[start] if start < len(self._starts) else len(self.original)
            return pos, pos
        return self._starts[start], self._ends[end - 1]

    def apply(self, edits: Iterable[Edit]) -> None:
        """Replace normalised ranges; each replacement char maps to the whole range."""
        edits = sorted(edits)
        if not edits:
            return
        old = self.text
        starts = self._starts if self._starts is not None else _iota(0, len(old))
        ends = self._ends if self._ends is not None else _iota(1, len(old) + 1)
        parts: list[str] = []
        new_starts: array[int] = array("q")
        new_ends: array[int] = array("q")
        pos = 0
        for a, b, repl in edits:
            if a < pos:  # overlapping edit: keep the first one
                continue
            parts.append(old[pos:a])
            new_starts.extend(starts[pos:a])
            new_ends.extend(ends[pos:a])
            if repl:
                parts.append(repl)
                lo = starts[a] if a < len(starts) else (ends[-1] if ends else 0)
                hi = ends[b - 1] if b > a else lo
                new_starts.extend(_same(lo, len(repl)))
                new_ends.extend(_same(hi, len(repl)))
            pos = b
        parts.append(old[pos:])
        new_starts.extend(starts[pos:])
        new_ends.extend(ends[pos:])
        self.text = "".join(parts)
        self._starts = new_starts
        self._ends = new_ends


def _slow_fold(text: str) -> Normalised:
    """Fold a text with characters outside the fast set, keeping the offset map.

    Runs of ordinary characters are lower-cased 1:1; each unusual character (with any
    combining marks after it, or a base letter followed by combining marks) is folded
    by NFKC on its own and maps to its whole original range.
    """
    parts: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    pos = 0
    for m in _SPECIAL_RUN.finditer(text):
        a, b = m.span()
        if a > pos and _IS_COMBINING.match(text, a):
            a -= 1  # the letter the marks sit on belongs to the cluster
        if a > pos:
            parts.append(text[pos:a].lower())
            starts.extend(_iota(pos, a))
            ends.extend(_iota(pos + 1, a + 1))
        for c in _CLUSTER.finditer(text, a, b):
            folded = _fold_cluster(c.group())
            if folded:
                parts.append(folded)
                starts.extend(_same(c.start(), len(folded)))
                ends.extend(_same(c.end(), len(folded)))
        pos = b
    if pos < len(text):
        parts.append(text[pos:].lower())
        starts.extend(_iota(pos, len(text)))
        ends.extend(_iota(pos + 1, len(text) + 1))
    folded_text = _TABLE_CHARS.sub(_table_char, "".join(parts).replace("ё", "е"))
    if len(folded_text) != len(starts):  # lower() grew a character: fold one by one
        return _fold_each(text)
    return Normalised(text, folded_text, starts, ends)


def _fold_each(text: str) -> Normalised:
    parts: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    for m in _CLUSTER.finditer(text):
        folded = _fold_cluster(m.group())
        if folded:
            parts.append(folded)
            starts.extend(_same(m.start(), len(folded)))
            ends.extend(_same(m.end(), len(folded)))
    return Normalised(text, "".join(parts).replace("ё", "е"), starts, ends)


_CYR_CHAR = patterns.compile("[а-я]")
_LAT_OR_DIGIT = patterns.compile("[a-z0-9]")


def _spaced_edits(nt: Normalised) -> list[Edit]:
    """Edits gluing spaced-out runs, keeping a Russian preposition in front apart.

    "в V i b e r" and "в 8 9 1 6" keep the space after "в" (the script changes);
    "в В К о н т а к т е" keeps it because the name starts with a capital. Runs are
    tried only where a hint (two lone characters, or an emoji) is, as the run pattern
    is slow to scan.
    """
    text = nt.text
    edits: list[Edit] = []
    done = 0
    hints = [m.start() + 1 for m in _SPACED_HINT.finditer(text)]
    hints += [max(0, m.start() - 1) for m in _EMOJI.finditer(text)] if not text.isascii() else []
    for hint in sorted(hints):
        m = None
        for start in (hint - 2, hint - 1, hint):
            if start >= done:
                m = _SPACED_RUN.match(text, max(0, start))
                if m is not None:
                    break
        if m is None:
            continue
        done = m.end()
        base = m.start()
        seps = list(_SPACED_SEP.finditer(m.group()))
        first, second = text[base], text[base + seps[0].end()]
        if _CYR_CHAR.match(first):
            a = nt.span(base, base + 1)[0]
            b = nt.span(base + seps[0].end(), base + seps[0].end() + 1)[0]
            if _LAT_OR_DIGIT.match(second) or (
                nt.original[a : a + 1].islower() and nt.original[b : b + 1].isupper()
            ):
                seps = seps[1:]
        edits.extend((base + s.start(), base + s.end(), "") for s in seps)
    return edits


# A letter that looks like a digit, between digits of a number (or next to one across a
# single separator): "9i6" "o1-43" -> "916" "01-43". Words around numbers stay as they are.
_LOOKALIKE_DIGITS = {"o": "0", "о": "0", "i": "1", "l": "1", "і": "1", "з": "3", "б": "6"}
# starts on the digit, so that `re` skips quickly through the letters
_DIGIT_LOOKALIKE_HINT = patterns.compile(r"[0-9](?:(?=[oоilізб])|(?<=[oоilізб].))")
# Starts with the letter itself, the context checked around it: a pattern led by
# look-behinds makes `re` start a match at every position of a long text.
_DIGIT_LOOKALIKE = patterns.compile(
    r"[oоilізб](?:(?<=\d.)(?=[\d\s\-.]?\d)|(?<=\d[\s\-.].)(?=\d)|(?<=[\s\-.(][oо])(?=\d{2}))"
)


def _fold_digit_lookalikes(s: str) -> str:
    """`s` with look-alike letters between digits read as digits (1:1).

    Every such letter stands right before or after a digit the hint finds, so the
    full pattern is matched only there, not searched through the whole text.
    """
    letters: dict[int, str] = {}
    for hint in _DIGIT_LOOKALIKE_HINT.finditer(s):
        for pos in (hint.start() - 1, hint.start() + 1):
            if pos >= 0 and pos not in letters and _DIGIT_LOOKALIKE.match(s, pos):
                letters[pos] = _LOOKALIKE_DIGITS[s[pos]]
    if not letters:
        return s
    chars = list(s)
    for pos, digit in letters.items():
        chars[pos] = digit
    return "".join(chars)


def _punct_edits(text: str) -> list[Edit]:
    """Edits deleting the separator between single characters ("I.n.s.t.a" -> "insta").

    Runs are tried where a hint (a separator repeated every second character) is.
    """
    edits: list[Edit] = []
    done = 0
    for hint in _PUNCT_HINT.finditer(text):
        start = hint.start() - 1
        if start < done:
            continue
        m = _PUNCT_RUN.match(text, max(0, start))
        if m is not None:
            done = m.end()
            edits.extend(
                (m.start() + i, m.start() + i + 1, "") for i in range(1, done - m.start(), 2)
            )
    return edits


def _letter_run_possible(words: list[str]) -> bool:
    """Two one-letter words in a row: maybe a spaced-out or dotted name ("W h a t s")."""
    lone_before = False
    for word in words:
        lone = len(word) == 1
        if lone and lone_before:
            return True
        lone_before = lone
    return False


def normalise(text: str) -> Normalised:
    """Fold `text` into the form the detectors read (see the module docstring)."""
    plain = text.isascii()
    rare = cjk = False
    if plain:
        nt = Normalised(text, text.lower(), None, None)
    else:
        first = _RARE_OR_CJK.search(text)  # one scan for both, in a text with neither
        first_rare = None
        if first is not None:
            if lexicon.CJK.match(text, first.start()):
                cjk = True
                first_rare = _RARE.search(text, first.end())
            else:
                first_rare = first
                cjk = lexicon.CJK.search(text, first.end()) is not None
        if first_rare is None:  # Russian, CJK and common punctuation only: lower() is 1:1
            low = text.lower()
            nt = Normalised(text, low.replace("ё", "е") if "ё" in low else low, None, None)
        else:
            rare = True
            if _SLOW.search(text, first_rare.start()):
                nt = _slow_fold(text)  # characters to drop or expand: an offset map is needed
            else:  # full-width forms, no-break spaces…: 1:1, no map
                low = _TABLE_CHARS.sub(_table_char, text.lower())
                nt = Normalised(text, low.replace("ё", "е") if "ё" in low else low, None, None)
    nt.cjk = cjk

    s = nt.text
    # Look-alike letters from another script: Greek and odd Cyrillic only reach here
    # through the slow path; Latin inside Russian words needs a Latin letter next to
    # a Cyrillic one.
    if not plain:
        odd = rare and _ODD_LETTER.search(s) is not None
        adjacent = _ADJACENT_SCRIPTS.search(s) if _HAS_CYR_OR_GRK.search(s) else None
        if odd or adjacent is not None:
            s = _fold_words(s, odd, len(s) if adjacent is None else adjacent.start())
            nt.text = s  # 1:1 folding keeps the map valid
    s = nt.text = _fold_digit_lookalikes(s)  # "8-9I6-555-O1-43": O for 0, I for 1

    nt.words = WORD.findall(s)
    # Letters written apart ("W h a t s", "I.n.s.t.a") show up as one-letter words;
    # digits written apart are read by the phone pattern as they are.
    letter_run = _letter_run_possible(nt.words)
    spaced = emoji = False
    if letter_run or cjk or rare:
        spaced = _SPACED_HINT.search(s) is not None
        emoji = not spaced and (cjk or rare) and _EMOJI.search(s) is not None
    if letter_run or spaced or emoji:
        changed = False
        if spaced or (rare and emoji):
            edits = _spaced_edits(nt)
            if edits:
                nt.apply(edits)
                changed = True
        if _PUNCT_HINT.search(nt.text):
            edits = _punct_edits(nt.text)
            if edits:
                nt.apply(edits)
                changed = True
        if changed:
            nt.words = WORD.findall(nt.text)

    edits = spelled.digit_edits(nt.text, nt.words, has_cjk=cjk)
    if edits:
        nt.apply(edits)
        shift = 0
        for a, b, repl in sorted(edits):
            nt.spelled.append((a + shift, a + shift + len(repl)))
            shift += len(repl) - (b - a)
    return nt
