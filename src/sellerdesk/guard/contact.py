"""GUARD-1: any way to reach the seller, or to get the buyer's contacts, off Ozon.

Contact details (phone numbers, e-mails, @handles, messenger ids, links to hosts
that are not allowed) always count. A messenger or social-network name counts as a
channel unless the sentence only names a product ("Telegram-style sticker pack") or
says the channel is not used. Asking the buyer for their phone, e-mail or messenger
counts too.
"""

from __future__ import annotations

import re

from sellerdesk.guard import channels
from sellerdesk.guard.context import Context, any_of, words
from sellerdesk.guard.links import LinkHit, host_allowed
from sellerdesk.guard.model import CONTACT, GuardConfig, Hit
from sellerdesk.guard.normalise import Normalised
from sellerdesk.guard.numbers import NumberHit

# Words that make a name an invitation to talk rather than part of a product name.
_CUE = any_of(
    r"(?<![а-я])(?:напиш|пиши|пишите|добав|связ|свяж|звон|позвон|набер|найд|ищите|подпис"
    r"|подпиш|переход|перейд|заход|вступ|ответ|сообщ|скин|кидай|отправ|жд[уем]|общ|пообщ"
    r"|канал|групп|мо[йяюеи]\b|наш|контакт|ник\b|логин|аккаунт|профил|сюда|туда|там\b"
    r"|по\s+(?:номеру|телефону)|номер)"
    r"|(?<![a-z])(?:write|writ|message|text|dm|chat|contact|reach|add|follow|subscribe|join"
    r"|find|call|ping|hit\s+me|my|our|me|us|via|through|channel|group|account|profile"
    r"|id\b|nick|number|there)"
    r"|加|联系|找我|私聊|私信|关注|扫|我的|我们的|号|通过|用|发|聊|留言|咨询|搜|私我"
)
# The name sits inside a product description.
_PRODUCT = any_of(
    r"(?<![а-я])(?:стил|стикер|наклейк|магнит|значок|значк|брелок|брелк|набор|чехол|чехл"
    r"|кружк|футболк|принт|логотип|игрушк|утк|фигурк|плакат|постер|шт\b|штук|модел|артикул"
    r"|товар|размер|цвет|дизайн|рисунк|узор|эмблем)"
    r"|(?<![a-z])(?:style|sticker|pack|magnet|keychain|badge|mug|shirt|case|logo|print|toy"
    r"|set|pieces|pcs|design|pattern|plush|poster|figure|model|item|product|emoji|fridge)"
    r"|风格|款|鸭子|冰箱贴|贴纸|手机壳|玩具|图案|周边|套|个|玩偶|毛绒|贴|壳|糖|模型|造型|印花"
)
_PREPOSITION_BEFORE = re.compile(
    r"(?:(?<![а-я])(?:в|во|через|по|на)|(?<![a-z])(?:on|in|via|at|my|our)|加|我的|用|通过|在)"
    r"\s*$"
)
_WEAK_EXCEPTION = re.compile(r"почт[а-я]*\s+росси|email[- ]?уведомлен|e-mail[- ]?уведомлен")
# An id right after a name: "QQ：lucky_ru24", "vx: anna_opt", "WhatsApp @best".
_ID_AFTER = re.compile(
    r"\s*(?:[:=]|号码?|号|id|ид|ник|nick|number|номер)?\s*(?:[:=]|是)?\s*"
    r"(?P<id>@?\s?[a-z0-9_][a-z0-9_.\-]{2,31})"
)
_ID_SHAPE = re.compile(r"[0-9_@]")

# Phrases that reach out by phone or ask the buyer for contacts.
_PHRASES = any_of(
    r"(?<![а-я])(?:позвоните|звоните|наберите|звякните|набирайте|пишите|напишите)\s+"
    r"(?:мне|нам)\s+(?:на\s+(?:телефон|номер|мобильн|почт|e-?mail|мейл)|по\s+(?:телефону|номеру))",
    r"(?<![а-я])(?:позвоните|звоните|наберите|звякните)\s+(?:мне|нам)(?![а-я])",
    r"(?<![а-я])(?:мой|наш)\s+(?:номер|телефон|мобильный|e-?mail|мейл|имейл|адрес\s+почты)"
    r"(?!\s+(?:заказа|отправлени|посылки|трек))",
    r"(?<![а-я])(?:оставьте|напишите|пришлите|дайте|скиньте|сообщите|укажите|продиктуйте"
    r"|отправьте|скажите)\s+(?:мне\s+|нам\s+|пожалуйста\s+|,\s*)*(?:ваш|свой|твой|вашу|свою)"
    r"\s+(?:номер\s+телефона|телефон|номер(?!\s+(?:заказа|отправлени|посылки|трек))"
    r"|e-?mail|почту|мейл|имейл|контакт|whatsapp|ватсап|вотсап|телеграм|вайбер)",
    r"(?<![a-z])(?:call|text|phone|ring|whatsapp|dm|email|e-mail)\s+(?:me|us)(?![a-z])",
    r"(?<![a-z])(?:my|our)\s+(?:phone|mobile|cell|number|e-?mail)(?![a-z])",
    r"(?<![a-z])(?:send|give|leave|share|tell|text|drop)\s+(?:me|us)?\s*(?:your)\s+"
    r"(?:phone|mobile|cell|number|e-?mail|contact|whatsapp|telegram|wechat)",
    r"(?<![a-z])what(?:'s| is)\s+your\s+(?:phone|number|e-?mail|whatsapp|wechat|telegram)",
    r"打我电话|给我打电话|给我们打电话|打我们电话|我的(?:电话|手机|手机号|邮箱)"
    r"|(?:您|你)的(?:电话|手机号?|微信号?|邮箱|联系方式|qq)|留(?:个|下)?(?:电话|手机号?|微信|联系方式)"
    r"|加(?:个)?好友|私聊我|联系我(?!们客服)",
)
_NAME_NEGATION = words(r"не\s+(?:пользуемся|используем|общаемся|пишем|отвечаем|добавляем)",
                       r"(?:don't|do\s+not|never)\s+(?:use|chat|talk|write|add|answer)")


def _name_hits(text: str, ctx: Context) -> list[Hit]:
    hits: list[Hit] = []
    for strong, regex in ((True, channels.STRONG_NAMES), (False, channels.WEAK_NAMES)):
        for m in regex.finditer(text):
            start, end = m.span()
            sentence = ctx.sentence_text(start)
            id_m = _ID_AFTER.match(text, end)
            has_id = id_m is not None and _ID_SHAPE.search(id_m.group("id")) is not None
            product = _PRODUCT.search(sentence) is not None
            if not strong and (product or _WEAK_EXCEPTION.match(text, start)):
                continue
            if has_id and id_m is not None:
                hits.append(Hit(CONTACT, id_m.start("id"), id_m.end("id"), True))
                hits.append(Hit(CONTACT, start, end))
                continue
            if ctx.negated(start) or _NAME_NEGATION.search(sentence):
                continue
            cue = _CUE.search(sentence) is not None
            if strong:
                if cue or not product:
                    hits.append(Hit(CONTACT, start, end))
            elif cue or _PREPOSITION_BEFORE.search(ctx.before(start, 12)):
                hits.append(Hit(CONTACT, start, end))
    return hits


def detect(nt: Normalised, ctx: Context, config: GuardConfig,
           numbers: list[NumberHit], links: list[LinkHit]) -> list[Hit]:
    """GUARD-1 hits in normalised coordinates."""
    text = ctx.text
    hits = [Hit(CONTACT, n.start, n.end, True) for n in numbers if n.kind == "phone"]
    for link in links:
        if link.kind == "handle":
            hits.append(Hit(CONTACT, link.start, link.end, True))
            continue
        host_span = nt.span(link.host_start, link.host_end)
        if not host_allowed(nt.original[host_span[0]:host_span[1]], config.allowed_domains):
            hits.append(Hit(CONTACT, link.start, link.end, True))
    hits.extend(_name_hits(text, ctx))
    hits.extend(Hit(CONTACT, m.start(), m.end()) for m in _PHRASES.finditer(text))
    return hits
