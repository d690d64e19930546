"""GUARD-1: any way to reach the seller, or to get the buyer's contacts, off Ozon.

Contact details (phone numbers, e-mails, @handles, messenger ids, links to hosts
that are not allowed) always count. A messenger or social-network name counts as a
channel unless the sentence only names a product ("Telegram-style sticker pack") or
says the channel is not used. Asking the buyer for their phone, e-mail or messenger,
or asking to be called, counts too.
"""

from __future__ import annotations

from sellerdesk.guard import channels, patterns
from sellerdesk.guard.context import Context, words
from sellerdesk.guard.lexicon import StemSet
from sellerdesk.guard.links import LinkHit, host_allowed
from sellerdesk.guard.model import CONTACT, GuardConfig, Hit
from sellerdesk.guard.normalise import Normalised
from sellerdesk.guard.numbers import NumberHit
from sellerdesk.guard.rules import Rule

# internal categories: a messenger name, decided in `_name_hits`
STRONG_NAME = "_strong_name"
WEAK_NAME = "_weak_name"

# Words that make a name an invitation to talk rather than part of a product name.
_CUE = StemSet(
    "напиш* пиши пишите добав* связ* свяж* звон* позвон* набер* найд* ищите подпис* подпиш* "
    "переход* перейд* заход* вступ* ответ* сообщ* скин* кидай* отправ* жду ждем ждите общ* "
    "пообщ* канал* групп* мой моя мою мое мои наш* контакт* ник логин* аккаунт* профил* сюда "
    "туда там номер* телефон* "
    "write writ* message* text* dm chat* contact* reach* add follow* subscribe* join* find* "
    "call* ping* hit my our me us via through channel* group* account* profile* id nick* "
    "number* there "
    "加 联系 找我 私聊 私信 关注 扫 我的 我们的 号 通过 用 发 聊 留言 咨询 搜 私我"
)
# The name sits inside a product description.
_PRODUCT = StemSet(
    "стил* стикер* наклейк* магнит* значок значк* брелок брелк* набор* чехол чехл* кружк* "
    "футболк* принт* логотип* игрушк* утка утки утку уточк* фигурк* плакат* постер* шт штук* "
    "модел* артикул* товар* размер* цвет* дизайн* рисунк* узор* эмблем* "
    "style* sticker* pack* magnet* keychain* badge* mug mugs shirt* case cases logo* print* toy "
    "toys set sets pieces pcs design* pattern* plush* poster* figure* model* item* product* "
    "emoji* fridge* "
    "风格 款 鸭子 冰箱贴 贴纸 手机壳 玩具 图案 周边 套 个 玩偶 毛绒 贴 壳 糖 模型 造型 印花"
)
_PREPOSITION_BEFORE = patterns.compile(
    r"(?:(?<![а-я])(?:в|во|через|по|на)|(?<![a-z])(?:on|in|via|at|my|our)|加|我的|用|通过|在)"
    r"\s*\Z"
)
_WEAK_EXCEPTION = patterns.compile(r"почт[а-я]*\s+росси|e-?mail[- ]?уведомлен")
# An id right after a name: "QQ：lucky_ru24", "vx: anna_opt", "WhatsApp @best".
# Possessive spaces: a blanked-out link after a name is a long run of spaces.
_ID_AFTER = patterns.compile(
    r"\s*+(?:[:=：]|号码?|号|id|ид|ник|nick|number|номер)?\s*+(?:[:=：]|是)?\s*+"
    r"(?P<id>@?\s?[a-z0-9_][a-z0-9_.\-]{2,31})"
)
_ID_SHAPE = patterns.compile(r"[0-9_@]")
_LEET_WORD_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюя0123456789@$|!"
)
_NAME_NEGATION = words(
    r"не\s+(?:пользуемся|используем|общаемся|пишем|отвечаем|добавляем)",
    r"(?:don't|do\s+not|never)\s+(?:use|chat|talk|write|add|answer)",
)

_NOT_ORDER_NUMBER = r"(?!\s+(?:заказа|отправлени|посылки|трек))"
RULES: list[Rule] = [
    Rule(STRONG_NAME, channels.STRONG_ANCHORS, at=channels.STRONG_PATTERN),
    Rule(STRONG_NAME, channels.SPLIT_ANCHORS, at=channels.STRONG_SPLIT_PATTERN),
    Rule(WEAK_NAME, channels.WEAK_ANCHORS, at=channels.WEAK_PATTERN),
    Rule(WEAK_NAME, "mail", before=r"(?<![a-z])e-\Z"),  # "e-mail"
    # reach out by phone
    Rule(
        CONTACT,
        "позвоните звоните наберите звякните набирайте пишите напишите",
        at=r"[а-я]+\s+(?:мне|нам)\s+(?:на\s+(?:телефон|номер|мобильн|почт|e-?mail|мейл)"
        r"|по\s+(?:телефону|номеру))",
    ),
    Rule(CONTACT, "позвоните звоните наберите звякните", at=r"[а-я]+\s+(?:мне|нам)(?![а-я])"),
    Rule(
        CONTACT,
        "мой наш",
        at=r"[а-я]+\s+(?:номер|телефон|мобильный|e-?mail|мейл|имейл|адрес\s+почты)"
        + _NOT_ORDER_NUMBER,
    ),
    # ask the buyer for their contacts
    Rule(
        CONTACT,
        "оставьте напишите пришлите дайте скиньте сообщите укажите продиктуйте отправьте скажите",
        at=r"[а-я]+\s+(?:мне\s+|нам\s+|пожалуйста\s+|,\s*)*(?:ваш|свой|твой|вашу|свою)\s+"
        r"(?:номер\s+телефона|телефон|номер" + _NOT_ORDER_NUMBER + r"|e-?mail|почту|мейл"
        r"|имейл|контакт|whatsapp|ватсап|вотсап|телеграм|вайбер)",
    ),
    Rule(CONTACT, "call text phone ring whatsapp dm email", at=r"[a-z]+\s+(?:me|us)(?![a-z])"),
    Rule(CONTACT, "my our", at=r"[a-z]+\s+(?:phone|mobile|cell|number|e-?mail)(?![a-z])"),
    Rule(
        CONTACT,
        "send give leave share tell text drop",
        at=r"[a-z]+\s+(?:me\s+|us\s+)?your\s+(?:phone|mobile|cell|number|e-?mail|contact"
        r"|whatsapp|telegram|wechat)",
    ),
    Rule(
        CONTACT,
        "what",
        at=r"what(?:'s|\s+is)\s+your\s+(?:phone|number|e-?mail|whatsapp|wechat|telegram)",
    ),
    Rule(
        CONTACT,
        "打我电话 给我打电话 给我们打电话 打我们电话 我的电话 我的手机 我的邮箱 您的电话 你的电话 您的手机 "
        "你的手机 您的微信 你的微信 您的邮箱 你的邮箱 您的联系方式 你的联系方式 您的qq 你的qq 私聊我 "
        "加好友 加个好友",
    ),
    Rule(CONTACT, "联系我", at=r"联系我(?!们)"),
    Rule(CONTACT, "留", at=r"留(?:个|下)?(?:您的|你的)?(?:电话|手机号?|微信|联系方式)"),
]


def _name_hits(ctx: Context, name_hits: list[Hit], leet: list[int]) -> list[Hit]:
    text = ctx.text
    found: dict[int, tuple[bool, int]] = {}
    for h in name_hits:
        strong = h.category == STRONG_NAME
        if h.start not in found or strong:
            found[h.start] = (strong, h.end)
    if leet:  # "wh4ts4pp": try the names where a word mixes letters and digits
        names = patterns.compile(channels.STRONG_PATTERN)  # made once (see `patterns`)
        tried: set[int] = set()
        for start in leet:
            while start > 0 and text[start - 1] in _LEET_WORD_CHARS:
                start -= 1
            if start not in tried:
                tried.add(start)
                m = names.match(text, start)
                if m is not None:
                    found.setdefault(start, (True, m.end()))
    hits: list[Hit] = []
    for start, (strong, end) in found.items():
        id_m = _ID_AFTER.match(text, end)
        if id_m is not None and _ID_SHAPE.search(id_m.group("id")) is not None:
            id_hit = Hit(CONTACT, id_m.start("id"), id_m.end("id"), True)
        else:
            id_hit = None
        if strong and id_hit is not None:  # a name with an id: no sentence to read
            hits += (id_hit, Hit(CONTACT, start, end))
            continue
        s_start, s_end = ctx.sentence(start)
        sentence_words = ctx.sentence_words(start)
        product = _PRODUCT.found(sentence_words, text, s_start, s_end)
        if not strong and (product or _WEAK_EXCEPTION.match(text, start)):
            continue
        if id_hit is not None:
            hits += (id_hit, Hit(CONTACT, start, end))
            continue
        if ctx.negated(start) or _NAME_NEGATION.search(text, s_start, s_end):
            continue
        cue = _CUE.found(sentence_words, text, s_start, s_end)
        if strong:
            if cue or not product:
                hits.append(Hit(CONTACT, start, end))
        elif cue or _PREPOSITION_BEFORE.search(ctx.before(start, 12)):
            hits.append(Hit(CONTACT, start, end))
    return hits


def detect(
    nt: Normalised,
    ctx: Context,
    config: GuardConfig,
    numbers: list[NumberHit],
    links: list[LinkHit],
    rule_hits: list[Hit],
    leet: list[int],
) -> list[Hit]:
    """GUARD-1 hits in normalised coordinates.

    `rule_hits`: the rules' hits so far; `leet`: where the text mixes letters and digits
    in a word (names are searched for there too, not only at their anchors).
    """
    hits = [Hit(CONTACT, n.start, n.end, True) for n in numbers if n.kind == "phone"]
    for link in links:
        if link.kind == "handle":
            hits.append(Hit(CONTACT, link.start, link.end, True))
            continue
        host_span = nt.span(link.host_start, link.host_end)
        if not host_allowed(nt.original[host_span[0] : host_span[1]], config.allowed_domains):
            hits.append(Hit(CONTACT, link.start, link.end, True))
    name_hits = [h for h in rule_hits if h.category in (STRONG_NAME, WEAK_NAME)]
    if name_hits or leet:
        hits.extend(_name_hits(ctx, name_hits, leet))
    return hits
