"""GUARD-3: review manipulation — any request for a review or rating, for five stars,
to delete, change or not post a review, or a reward for a review.

Pointing to existing reviews ("отзывы можно посмотреть на странице товара") or
thanking for one is information, not a request.
"""

from __future__ import annotations

from sellerdesk.guard.model import REVIEW
from sellerdesk.guard.rules import Rule

_NOUN_RU = r"(?:отзыв|оценк|оценочк|рейтинг|звезд|пятерк|5\s?(?:звезд|баллов|\*)|комментари|фидбек)"
_NOUN_EN = r"(?:review|rating|feedback|stars?|comment|testimonial)(?![a-z])"
_REWARD_RU = (
    r"(?:подар|бонус|кешб|кэшб|балл|скидк|промокод|верн[её]м|компенс|заплат|доплат|деньг|руб|₽|\d)"
)
_REWARD_EN = r"(?:gift|bonus|cash|refund|discount|coupon|\$|₽|rub|free|pay)"
# Thanks for a review, or a promise never to ask for one, is no request.
_NOT_A_REQUEST = (
    r"(?:спасибо|благодарим)\s+(?:вас\s+)?за\s+(?:ваш\s+|вашу\s+)?(?:[а-я]+\s+)?(?:отзыв|оценку)"
    r"|(?<![a-z])thanks?(?:\s+you)?\s+for\s+(?:your\s+|the\s+)?(?:[\w-]+\s+)?(?:review|feedback|rating)"
    r"|感谢您的|谢谢您的"
    r"|(?<![а-я])(?:не\s+просим|не\s+будем\s+просить|никогда\s+не)"
    r"|(?<![a-z])(?:never\s+ask|do\s+not\s+ask|don't\s+ask|won't\s+ask)|不会要求|从不要求"
)

_LEAVE_RU = (
    "оставьте оставить оставляйте оставишь оставите напишите написать пишите поставьте поставить "
    "ставьте поставите дайте добавьте черкните оценить оценивайте порадуйте наградите ждем жду"
)
_CHANGE_RU = (
    "удалите удалить удаляйте уберите убрать измените изменить поменяйте поменять исправьте "
    "исправить перепишите переписать отредактируйте отредактировать скорректируйте снимите "
    "отзовите повысьте поднимите"
)
_DONT_POST_RU = "пишите оставляйте ставьте публикуйте выкладывайте писать оставлять ставить"
_LEAVE_EN = "leave write post give add drop send share rate put"
_CHANGE_EN = (
    "delete remove change edit update withdraw take revise improve raise upgrade amend retract"
)
_REWARD_FIRST_RU = "подар* бонус* кешбэк* кэшбэк* кешбек* кэшбек* компенс* вернем заплатим"
_REWARD_FIRST_EN = "gift* bonus* cashback refund* compensat* reward* pay"


def _r(anchors: str, **kw: object) -> Rule:
    return Rule(REVIEW, anchors, unless_before=_NOT_A_REQUEST, **kw)  # type: ignore[arg-type]


RULES: list[Rule] = [
    # ru: leave / give a review or rating, rate us, five stars
    _r(_LEAVE_RU, at=rf"[а-я]+[\s,]+(?:[а-я0-9*]+[\s,]+){{0,4}}?{_NOUN_RU}"),
    _r("оцените оцени оценивайте"),
    _r("оценить", at=r"оценить\s+(?:товар|нас|покупку|магазин|работу|заказ|продавца)"),
    _r("звезд* звезды", before=r"(?<![а-я0-9])(?:5|пять)\s*\Z"),
    _r("пятерк* пятерочк*"),
    _r(
        "отзыв* оценк* оценочк*",
        before=r"(?<![а-я])(?:положительн|хорош|отличн|пятизвездочн|высок|лучш|позитивн|добр"
        r"|классн|пятерочн)[а-я]*\s+\Z",
    ),
    _r(
        "надеемся рассчитываем",
        at=r"[а-я]+\s+на\s+(?:ваш[а-я]*\s+)?(?:[а-я]+\s+)?(?:отзыв|оценк|пятерк|5\s?звезд)",
    ),
    _r(
        "рады благодарны признательны",
        at=r"[а-я]+\s+(?:[а-я]+\s+){0,2}?(?:отзыв|оценк|пятерк|5\s?звезд)",
    ),
    # ru: delete, change, or do not post a review
    _r(_CHANGE_RU, at=rf"[а-я]+[\s,]+(?:[а-я0-9]+[\s,]+){{0,3}}?{_NOUN_RU}"),
    _r(
        _CHANGE_RU, before=rf"(?<![а-я]){_NOUN_RU}[а-я]*[\s,]+(?:[а-я]+[\s,]+)?\Z"
    ),  # "отзыв уберите"
    _r(
        _DONT_POST_RU,
        before=r"(?<![а-я])не\s+(?:надо\s+|нужно\s+|стоит\s+)?\Z",
        at=r"[а-я]+\s+(?:[а-я]+\s+){0,2}?(?:плох|негатив|отрицател|низк|отзыв|оценк|1\s?звезд"
        r"|одну\s+звезд)",
    ),
    # ru: a reward for a review
    _r(
        "за", at=rf"за\s+(?:[а-я]+\s+){{0,2}}?(?:отзыв|оценку|5\s?звезд)[^.!?]{{0,60}}?{_REWARD_RU}"
    ),
    _r(
        _REWARD_FIRST_RU,
        at=r"[а-я]+\s+[^.!?]{0,40}?(?<![а-я])за\s+(?:[а-я]+\s+){0,2}?(?:отзыв|оценк|5\s?звезд)",
    ),
    # en
    _r(_LEAVE_EN, at=rf"[a-z]+[\s,]+(?:[\w'-]+[\s,]+){{0,4}}?{_NOUN_EN}"),
    _r("rate", at=r"rate\s+(?:it|us|the\s+\w+|this\s+\w+|our\s+\w+|your\s+purchase|them|him|her)"),
    _r(_CHANGE_EN, at=r"[a-z]+\s+(?:[\w'-]+\s+){0,3}?(?:review|rating|feedback|comment)"),
    _r("star stars", before=r"(?<![a-z0-9])(?:5|five)[\s-]?\Z"),
    _r(
        "review reviews rating feedback",
        before=r"(?<![a-z])(?:positive|good|great|nice|excellent|5-star|five-star|honest|5\s?star"
        r"|five\s?star|top)\s+\Z",
    ),
    _r(
        "for",
        at=rf"for\s+(?:a|your|the|an)\s+(?:[\w-]+\s+){{0,2}}?(?:review|rating|feedback)"
        rf"[^.!?]{{0,40}}?{_REWARD_EN}",
    ),
    _r(
        _REWARD_FIRST_EN,
        at=r"[a-z]+\s+[^.!?]{0,50}?(?<![a-z])(?:if|when|once|for)\s+(?:you\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:review|rating|feedback)",
    ),
    # zh: good review / five stars / photo review are always about the rating
    _r("好评 五星 5星 五颗星 晒图 晒单 追评 给个评 写个评 写评价 给评价 留评"),
    _r(
        "差评 中评 评价 评论 评分",
        before=r"(?:删除|删掉|删|撤销|撤回|修改|改成|改为|改|追加|取消)[^，。！？,.!?]{0,4}\Z",
    ),
    _r("差评 中评 评价 评论 评分", before=r"(?:别|不要|请勿|勿)[^，。！？,.!?]{0,3}\Z"),
    # "给差评" is the buyer's act ("再给差评…" is a threat, GUARD-5); a neutral rating is asked for
    _r("评价 评论 评分", before=r"(?:给|写|留|打)(?:个|一个|我们)?[^，。！？,.!?]{0,3}\Z"),
    _r("评价 评论 评分", at=r"..[^，。！？,.!?]{0,3}(?:写好|好一点|给好|打高|打满|给满)"),
    _r(
        "差评 中评 评价 评论 评分 星级",
        before=r"把[^，。！？,.!?]{0,4}\Z",
        at=r"[^，。！？]{2}[^，。！？,.!?]{0,2}(?:改|删|撤|去掉|换)",
    ),
]
