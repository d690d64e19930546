"""Messenger and social-network names in their many spellings (GUARD-1).

Each spelling is compiled into a pattern tolerant of leetspeak ("Wh4ts4pp",
"1nst4gr4m", "ВК0нтакте") and, for longer names, of one separator between letters
("Whats App", "tele-gram"). Homoglyphs, full-width letters, zero-width characters and
fully spaced-out names are already folded by `normalise`.

STRONG names (four letters or more) are a channel wherever they appear, unless the sentence is about a
product ("Telegram-style sticker pack") or negated ("we don't use WhatsApp").
WEAK names are short or ambiguous ("vk", "tg", "qq", "vx", "飞机", "почта") and count
only with a contact cue: a verb or possessive around them, a preposition right before
them, or an id / number right after them.
"""

from __future__ import annotations

import re

from sellerdesk.guard import patterns
from sellerdesk.guard.lexicon import atom_trie

_LEET = {
    "a": "a4@",
    "b": "b8",
    "e": "e3",
    "g": "g96",
    "i": "i1!|l",
    "l": "l1|i",
    "o": "o0",
    "s": "s5$",
    "t": "t7",
    "z": "z2",
    # Cyrillic: digits only (Latin look-alikes are folded by `normalise`), written as an
    # alternation because a class mixing ASCII and Cyrillic is slow to compile
    "а": "а4@",
    "б": "б6",
    "в": "в8",
    "е": "е3",
    "з": "з3",
    "о": "о0",
    "с": "с$",
    "т": "т7",
    "ч": "ч4",
}
_SEP = "[ _.'*-]?"

STRONG = [
    # WhatsApp
    "whatsapp",
    "whatsap",
    "whatapp",
    "watsapp",
    "watsap",
    "wotsapp",
    "wotsap",
    "wazap",
    "вотсап",
    "вотсапп",
    "ватсап",
    "ватсапп",
    "вацап",
    "вацапп",
    "уотсап",
    "уатсап",
    "вотсаб",
    "ватцап",
    "вотцап",
    "вацап",
    # Telegram
    "telegram",
    "telegramm",
    "telega",
    "tlgrm",
    "телеграм",
    "телеграмм",
    "телега",
    "телеге",
    "телегу",
    "телеги",
    "телегой",
    "тлгрм",
    "电报",
    "纸飞机",
    # Viber
    "viber",
    "vaiber",
    "vayber",
    "вайбер",
    "вибер",
    "вайбир",
    "维伯",
    # WeChat
    "wechat",
    "weixin",
    "vichat",
    "veichat",
    "weichat",
    "вичат",
    "вейчат",
    "вичате",
    "微信",
    "威信",
    "薇信",
    "徽信",
    "维信",
    "v信",
    "vx信",
    "v❤",
    "v♥",
    # Skype
    "skype",
    "skaip",
    "skayp",
    "скайп",
    # Instagram
    "instagram",
    "instagramm",
    "insta",
    "инстаграм",
    "инстаграмм",
    "инста",
    "инсту",
    "инсте",
    "инсты",
    "инстой",
    "инстик",
    "照片墙",
    # VK, OK
    "vkontakte",
    "вконтакте",
    "вконтакт",
    "вкантакте",
    "odnoklassniki",
    "однокласники",
    "одноклассниках",
    # others
    "facebook",
    "фейсбук",
    "фэйсбук",
    "脸书",
    "tiktok",
    "тикток",
    "тик ток",
    "抖音",
    "douyin",
    "twitter",
    "твиттер",
    "推特",
    "discord",
    "дискорд",
    "snapchat",
    "снапчат",
    "kakaotalk",
    "kakao",
    "zalo",
    "imessage",
    "facetime",
    "youtube",
    "ютуб",
    "ютьюб",
    "油管",
    "小红书",
    "微博",
    "weibo",
    "钉钉",
    "扣扣",
    "企鹅号",
    "qq号",
    "signal messenger",
    # more WeChat / QQ spellings
    "вечат",
    "уичат",
    "q号",
]
WEAK = [
    "vk",
    "вк",
    "tg",
    "тг",
    "qq",
    "vx",
    "wx",
    "wa",
    "ig",
    "ins",
    "fb",
    "фб",
    "飞机",
    "企鹅",
    # (no "e-mail": an anchor "e" would be tried at every "e"; "email" is enough)
    "ватс",
    "вотс",
    "одноклассники",
    "signal",
    "мессенджер",
    "мессенджере",
    "мессенджеру",
    "messenger",
    "соцсети",
    "соцсетях",
    "соцсетям",
    "social media",
    "директ",
    "директе",
    "почта",
    "почту",
    "почте",
    "мейл",
    "имейл",
    "емейл",
    "email",
    "邮箱",
    "电邮",
    "卫星",  # "wei xing", said for 微信: only with a cue ("加我卫星")
]
# Endings Russian adds to a Cyrillic name ("вотсапе", "телеграме", "инстаграмом").
_CYR_SUFFIX = "[а-я]{0,4}"


def _is_cyrillic(word: str) -> bool:
    return any("а" <= ch <= "я" for ch in word)


def _is_cjk(word: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in word)


def _atom(ch: str, leet: bool = True) -> str:
    alts = _LEET.get(ch) if leet else None
    if not alts:
        return re.escape(ch)
    if ch.isascii():
        return "[" + re.escape(alts) + "]"
    return "(?:" + re.escape(ch) + "|[" + re.escape(alts[1:]) + "])"


def _pattern(words: list[str], strong: bool, sep: str = "") -> str:
    """Latin, Cyrillic and CJK spellings, each with the boundaries its script needs.

    `sep` may stand between two letters ("whats app", "ви-бер").
    """
    lat, cyr, cjk = [], [], []
    for w in words:
        # leetspeak only in long names: "16" must not read as "ig"
        atoms = [_atom(ch, strong) for ch in w.replace(" ", "")]
        if _is_cjk(w):
            cjk.append((atoms, ""))
        elif _is_cyrillic(w):
            cyr.append((atoms, (_CYR_SUFFIX if strong else "") + "(?![а-я0-9])"))
        else:
            lat.append((atoms, "(?![a-z0-9])"))
    alts = []
    if lat:
        alts.append("(?<![a-z0-9])" + atom_trie(lat, sep=sep))
    if cyr:
        alts.append("(?<![а-я0-9])" + atom_trie(cyr, sep=sep))
    if cjk:
        alts.append(atom_trie(cjk))
    return "|".join(alts)


# Patterns, compiled where used (see `rules.Rule`): `re` takes long to compile them.
STRONG_PATTERN = _pattern(STRONG, True)
STRONG_SPLIT_PATTERN = _pattern(STRONG, True, _SEP)  # tried only where a name may be split
WEAK_PATTERN = _pattern(WEAK, False)


def _anchor(spelling: str) -> str:
    """The rules anchor of a spelling: its first letters as a stem, or the short word."""
    if _is_cjk(spelling) or not re.fullmatch(r"[a-zа-я -]+", spelling):
        return spelling
    first = re.split(r"[^a-zа-я]", spelling)[0]
    return first[:4] + "*" if len(first) >= 4 else first


# Frequent words that are also the start of a name: not worth trying as one.
_COMMON = (
    "we in you yo te to on ok vi is it at as an so do be no of or wa wh what fa tik "
    "ва во вот те ск ин ди фе ют уж ну"
)
_COMMON_WORDS = frozenset(_COMMON.split())
_WEAK_SET = frozenset(WEAK)


def _split_anchors(spelling: str) -> set[str]:
    """Exact-word anchors for a long name broken by a separator ("ви-бер", "tele gram").

    Frequent words and the short names that are anchors of their own ("vk") are left
    out: the pattern tried at these anchors is costly to compile and to run.
    """
    if _is_cjk(spelling) or " " in spelling:
        return set()
    return {spelling[:k] for k in range(2, len(spelling) - 1)} - _COMMON_WORDS - _WEAK_SET


# Anchors under which the name patterns are tried (see `rules`). Leetspeak spellings
# ("wh4ts4pp") have no such anchor; `LEET_HINT` says when to search for them anyway.
STRONG_ANCHORS = " ".join(sorted({_anchor(w) for w in STRONG}))
SPLIT_ANCHORS = " ".join(sorted({a for w in STRONG for a in _split_anchors(w)}))
WEAK_ANCHORS = " ".join(sorted({_anchor(w) for w in WEAK}))
# A digit or symbol between letters, a digit starting a word, a digit ending one: the
# pattern starts on the digit so that `re` skips letters quickly. No branch takes a
# digit after a digit, so "(?<![0-9].)" first passes over the rest of a long number.
LEET_HINT = patterns.compile(
    r"[0-9@$|!](?<![0-9].)(?:(?<=[a-zа-я].)[0-9@$|!]{0,2}[a-zа-я]"
    r"|(?<![a-z0-9а-я].)(?<=[0-9])[a-zа-я]{2}|(?<=[a-zа-я]{3}[0-9])(?![a-z0-9]))"
)
