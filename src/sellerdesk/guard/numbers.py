"""Phone numbers, payment card numbers and crypto wallets in normalised text.

A run of digits is a phone number only if its length and prefix fit a real numbering
plan (RU/KZ +7 / 8, CN mobile 1[3-9], +1 NANP, or any "+" number `phonenumbers`
accepts) and the words before it do not name it as an order, posting, tracking, SKU
or model number. 13–19 digits that pass the Luhn check (or sit next to the word
"card") are a card number: payment, not contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sellerdesk.guard import patterns
from sellerdesk.guard.lexicon import trie

Kind = Literal["phone", "card"]

# Starts with one character class (a digit or "+") so that `re` skips text fast; the
# look-behind then checks the character before it. Digits may be set apart by up to
# five separators ("8 (916) 555-01-43", "8_9_1_6", "8   ( 9 1 6 )").
_CANDIDATE = patterns.compile(
    r"[+0-9](?<![a-z0-9а-я][+0-9])(?:(?<=\+)[\s_*|.\-]{0,3}[0-9]|(?<=[0-9]))"
    r"(?:[\s\-–—.,()/_*|~=^•']{0,5}[0-9]){6,22}(?![0-9])"
)
# Every candidate has seven digits or more. Matched at the start, once: the possessive
# gaps then read the text in one pass (searched, it would be re-read from every digit).
_SEVEN_DIGITS = patterns.compile(r"(?:[^0-9]*+[0-9]){7}")
_POSTING = patterns.compile(r"[0-9]{8}-[0-9]{4}(?:-[0-9]{1,2})?")
_GROUPS = patterns.compile(r"[0-9]+")
_LETTER_AFTER = patterns.compile(r"[a-zа-я]")

# Words naming the number before it. The last one within the window wins, so
# "трек-номер" (tracking) beats the "номер" (phone) inside it.
_ID_WORDS = [
    "заказ",
    "заказа",
    "заказу",
    "отправлени",
    "трек",
    "трек-номер",
    "трек номер",
    "трек-код",
    "артикул",
    "арт.",
    "sku",
    "модел",
    "model",
    "order",
    "posting",
    "tracking",
    "track",
    "parcel",
    "shipment",
    "item",
    "article",
    "code",
    "код",
    "штрихкод",
    "barcode",
    "ean",
    "инн",
    "огрн",
    "кпп",
    "бик",
    "номер заказа",
    "номер отправления",
    "id товара",
    "订单",
    "运单",
    "单号",
    "编号",
    "型号",
    "快递",
    "货号",
    "条码",
    "посылк",
    "накладн",
    "номер посылки",
    "order number",
    "tracking number",
    "posting number",
]
_PHONE_WORDS = [
    "телефон",
    "тел",
    "тел.",
    "номер",
    "моб",
    "мобильн",
    "сотов",
    "звон",
    "позвон",
    "набер",
    "смс",
    "sms",
    "phone",
    "tel",
    "mobile",
    "cell",
    "call",
    "text",
    "number",
    "whatsapp",
    "viber",
    "telegram",
    "вотсап",
    "ватсап",
    "вайбер",
    "телеграм",
    "сбп",
    "sbp",
    "qq",
    "微信",
    "电话",
    "手机",
    "号码",
    "打",
    "联系",
    "wechat",
    "vx",
    "wx",
    "+",
]
_CARD_WORDS = patterns.compile(r"карт|card|卡|visa|mastercard|мир\b|сбер|тинькоф|tinkoff|альфа")
_ID_OR_PHONE = patterns.compile(
    f"(?<![a-zа-я])(?:(?P<id>{trie(_ID_WORDS)})|(?P<phone>{trie(_PHONE_WORDS)}))"
)
_CONTEXT_WINDOW = 32

_PLUS_LENGTHS = {
    "7": (11,),
    "86": (13,),
    "1": (11,),
    "380": (12,),
    "375": (12,),
    "998": (12,),
    "996": (12,),
    "992": (12,),
    "994": (12,),
    "374": (11,),
    "995": (12,),
    "373": (11,),
    "49": (11, 12, 13),
    "44": (12,),
}


class NumberHit:
    """A phone or card number found in normalised text."""

    __slots__ = ("end", "kind", "start")

    def __init__(self, kind: Kind, start: int, end: int) -> None:
        self.kind = kind
        self.start = start
        self.end = end


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _context(text: str, start: int) -> str | None:
    """'id' or 'phone' for the last naming word just before `start`, else None."""
    kind = None
    for m in _ID_OR_PHONE.finditer(text, max(0, start - _CONTEXT_WINDOW), start):
        kind = m.lastgroup
    return kind


def _plus_possible(digits: str) -> bool:
    for prefix, lengths in _PLUS_LENGTHS.items():
        if digits.startswith(prefix):
            return len(digits) in lengths
    if not 8 <= len(digits) <= 15:
        return False
    import phonenumbers  # imported lazily: only exotic country codes need it

    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))


def _grouped_valid(digits: str) -> bool:
    import phonenumbers

    for region in ("RU", "CN"):
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def classify(raw: str, text: str, start: int, spelled: bool = False) -> Kind | None:
    """Decide what the digit run `raw` at text[start:] is: a phone, a card, or neither.

    The words before the run are looked at only when the digits leave a doubt;
    `spelled`: some digits were written as words, which nobody does for an order number.
    """
    plus = raw.startswith("+")
    if not plus and _POSTING.fullmatch(raw.strip()):
        return None
    groups = _GROUPS.findall(raw)
    digits = "".join(groups)
    n = len(digits)
    if not plus and n > 19:
        return None
    if (
        not plus
        and 13 <= n <= 19
        and digits[0] in "23456"
        and (
            luhn_ok(digits)
            or (len(groups) == 4 and all(len(g) == 4 for g in groups))
            or _CARD_WORDS.search(text, max(0, start - _CONTEXT_WINDOW), start) is not None
        )
    ):
        return "card"
    if plus:  # a "+" number is a phone whatever words stand before it
        return "phone" if _plus_possible(digits) else None
    if n > 13 or _context(text, start) == "id":
        return None
    if n == 11 and digits[0] in "781":
        return "phone"
    if n == 10 and digits[0] == "9":
        return "phone"
    if n == 13 and digits.startswith("861"):
        return "phone"
    # written in groups the way phone numbers are ("495 123 45 67"), not digit by digit
    if (
        10 <= n <= 12
        and len(groups) >= 3
        and min(map(len, groups[1:])) >= 2
        and _grouped_valid(digits)
    ):
        return "phone"
    if (spelled or _context(text, start) == "phone") and 7 <= n <= 12:
        return "phone"
    return None


def find_numbers(
    text: str, skip: list[tuple[int, int]], spelled: Sequence[tuple[int, int]] = ()
) -> list[NumberHit]:
    """Phone and card numbers in normalised text, outside the `skip` spans (links).

    `spelled`: spans where digits were written as words (see `normalise`).
    """
    hits: list[NumberHit] = []
    if _SEVEN_DIGITS.match(text) is None:  # most messages: no phone or card can be there
        return hits
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if any(a <= m.start() < b for a, b in skip):
            continue
        if end < len(text) and _LETTER_AFTER.match(text, end):
            continue
        start = m.start()
        from_words = any(a < end and start < b for a, b in spelled)
        kind = classify(m.group(), text, start, from_words)
        if kind is not None:
            hits.append(NumberHit(kind, start, end))
    return hits


# Crypto wallets are case-sensitive, so they are looked for in the original text.
_WALLET = patterns.compile(
    r"[T13b0](?<![A-Za-z0-9][T13b0])(?:(?<=T)[1-9A-HJ-NP-Za-km-z]{33}|(?<=b)c1[02-9ac-hj-np-z]{25,59}"
    r"|(?<=0)x[0-9a-fA-F]{40}|(?<=[13])[1-9A-HJ-NP-Za-km-z]{25,34})(?![A-Za-z0-9])"
)
_HAS_LOWER = patterns.compile(r"[a-z]")
_HAS_UPPER = patterns.compile(r"[A-Z]")


def find_wallets(original: str) -> list[tuple[int, int]]:
    """Spans of crypto wallet addresses (TRON, BTC, ETH) in the original text."""
    spans = []
    for m in _WALLET.finditer(original):
        w = m.group()
        if w.startswith(("bc1", "0x")) or (_HAS_LOWER.search(w) and _HAS_UPPER.search(w)):
            spans.append(m.span())
    return spans
