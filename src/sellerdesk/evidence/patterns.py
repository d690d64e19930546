"""What the DISPUTE-4 checks look for in a file's text, written to survive OCR.

OCR splits digit groups with spaces, reads a dash as an en dash or drops it, and confuses O with 0
and l with 1; the order-number pattern allows for all of these. Month names come from Babel's
CLDR data, so "2 марта 2026" and "Mar 2, 2026" are recognised without a hand-kept list.
"""

from __future__ import annotations

import re
from functools import cache

from babel.dates import get_month_names

# Characters OCR reads in place of a digit.
_DIGIT_LOOKALIKES = {"0": "0OoОо", "1": "1lI|"}
_DASH = r"\s?[-‐‑‒–—―−_.]?\s?"

_YEAR = r"(?:19|20)\d{2}"


@cache
def _order_pattern(number: str) -> re.Pattern[str]:
    parts: list[str] = []
    for char in number:
        if char.isdigit():
            parts.append(f"[{re.escape(_DIGIT_LOOKALIKES.get(char, char))}]")
        else:
            parts.append(_DASH)
    # A single space may fall between any two digits; no digit may touch either end.
    body = r"\s?".join(part for part in parts)
    return re.compile(rf"(?<!\d){body}(?!\d)")


def order_number_in(text: str, order_number: str) -> bool:
    """True when the order number, or the posting number's order part, appears in `text`."""
    groups = re.findall(r"\d+", order_number)
    candidates = {"-".join(groups)}
    if len(groups) == 3:  # a posting number 12345678-0001-1 belongs to order 12345678-0001
        candidates.add("-".join(groups[:2]))
    return any(_order_pattern(candidate).search(text) for candidate in candidates)


@cache
def _month_names() -> str:
    names: set[str] = set()
    for locale in ("ru", "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names.update(
                    name.rstrip(".").lower()
                    for name in get_month_names(width, context, locale).values()
                )
    # Longest first, so "марта" is tried before "мар".
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    months = _month_names()
    sep = r"\s?[./-]\s?"
    return (
        # 02.03.2026, 03/02/2026, 02.03.26
        re.compile(rf"(?<!\d)(\d{{1,2}}){sep}(\d{{1,2}}){sep}({_YEAR}|\d{{2}})(?!\d)"),
        re.compile(rf"(?<!\d)({_YEAR}){sep}(\d{{1,2}}){sep}(\d{{1,2}})(?!\d)"),  # 2026-03-02
        re.compile(rf"(?<!\d)\d{{1,2}}\s+(?:{months})\.?,?\s+{_YEAR}(?!\d)", re.I),  # 2 марта 2026
        re.compile(  # March 2, 2026
            rf"(?<![^\W\d_])(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)", re.I
        ),
    )


def timestamp_in(text: str) -> str | None:
    """The first calendar date found in `text` (with the time after it, if any), else None."""
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            if _plausible(match):
                return _with_time(text, match)
    return None


def _plausible(match: re.Match[str]) -> bool:
    groups = match.groups()
    if len(groups) != 3:
        return True  # month written as a word
    if len(groups[0]) == 4:  # year first
        month, day = int(groups[1]), int(groups[2])
        return 1 <= month <= 12 and 1 <= day <= 31
    first, second = int(groups[0]), int(groups[1])
    # Day first (Russian) or month first (US): either reading must be a real date.
    day_first = 1 <= first <= 31 and 1 <= second <= 12
    month_first = 1 <= first <= 12 and 1 <= second <= 31
    if len(groups[2]) == 2 and match.group(0).count(".") < 2:
        return False  # "12-05-26" is too often not a date; "12.05.26" is Russian shorthand
    return day_first or month_first


_TIME = re.compile(r"[\sT,г.]{0,4}(\d{1,2}[:.]\d{2}(?::\d{2})?)")


def _with_time(text: str, match: re.Match[str]) -> str:
    after = _TIME.match(text, match.end())
    found = match.group(0) + (after.group(0) if after else "")
    return " ".join(found.split())


# A letter followed by masking characters ("И***в", "Ivan P***"), or a run of them ("****").
_MASK = "*•●∗＊✱"
_MASKED = re.compile(rf"[^\W\d_]+[{_MASK}]{{2,}}[^\W\d_]*|[{_MASK}]{{2,}}[^\W\d_]+|[{_MASK}]{{3,}}")


def masked_name_in(text: str) -> str | None:
    """The first masked-name fragment found in `text`, else None."""
    match = _MASKED.search(text)
    return match.group(0) if match else None


def foreign_share(text: str) -> tuple[int, float]:
    """(letters counted, share of them that are neither Cyrillic nor Latin: CJK, Arabic...)."""
    letters = foreign = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        latin = code < 0x250 or 0x1E00 <= code < 0x1F00
        cyrillic = 0x400 <= code < 0x530
        if not (latin or cyrillic):
            foreign += 1
    return letters, (foreign / letters if letters else 0.0)


def sku_in(text: str, sku: str) -> bool:
    """True when the SKU appears in `text` as a whole code (case-insensitive, OCR spacing)."""
    body = r"\s?".join(re.escape(char) for char in sku.strip())
    return re.search(rf"(?<![0-9A-Za-z]){body}(?![0-9A-Za-z])", text, re.I) is not None
