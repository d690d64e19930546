"""GUARD-3: review manipulation — any request for a review or rating, for five stars,
to delete, change or not post a review, or a reward for a review.

Pointing to existing reviews ("отзывы можно посмотреть на странице товара") or
thanking for one is information, not a request.
"""

from __future__ import annotations

from sellerdesk.guard.context import Context, any_of
from sellerdesk.guard.model import REVIEW, Hit

_REVIEW_NOUN = (
    r"(?:отзыв|оценк|оценочк|рейтинг|звезд|звёзд|пятерк|пятёрк|5\s?(?:звезд|баллов|\*)"
    r"|комментари|фидбек)"
)
_EN_NOUN = r"(?:review|rating|feedback|stars?|comment|testimonial)"

_REQUEST = any_of(
    # ru: leave / write / give a review or rating, rate us
    r"(?<![а-я])(?:оставьте|оставить|оставляйте|оставишь|оставите|напишите|написать|пишите"
    r"|поставьте|поставить|ставьте|поставите|дайте|добавьте|черкните|оцените|оценить|оценивайте"
    r"|порадуйте|наградите|жд[уеё]м)[\s,]+(?:[а-я0-9*]+[\s,]+){0,4}?" + _REVIEW_NOUN,
    r"(?<![а-я])(?:оцените|оценить)\s+(?:товар|нас|покупку|магазин|работу|заказ|продавца)",
    # ru: delete / change / not post
    r"(?<![а-я])(?:удалите|удалить|удаляйте|уберите|убрать|измените|изменить|поменяйте"
    r"|поменять|исправьте|исправить|перепишите|переписать|отредактируйте|отредактировать"
    r"|скорректируйте|снимите|отзовите|повысьте|поднимите)[\s,]+(?:[а-я0-9]+[\s,]+){0,3}?"
    + _REVIEW_NOUN,
    r"(?<![а-я])(?:не\s+(?:пишите|оставляйте|ставьте|публикуйте|выкладывайте)|не\s+надо"
    r"\s+(?:писать|оставлять|ставить))\s+(?:[а-я]+\s+){0,2}?(?:плох|негатив|отрицател|низк"
    r"|отзыв|оценк|1\s?звезд|одну\s+звезд)",
    r"(?<![а-я])за\s+(?:[а-я]+\s+){0,2}?(?:отзыв|оценку|5\s?звезд)[^.!?]{0,60}?(?:подар|бонус"
    r"|кешб|кэшб|балл|скидк|промокод|вернем|вернём|компенс|заплат|доплат|деньг|руб|₽|\d)",
    r"(?<![а-я])(?:подар|бонус|кешб|кэшб|компенс|вернем|вернём|заплатим)[а-я]*\s+[^.!?]{0,40}?"
    r"(?<![а-я])за\s+(?:[а-я]+\s+){0,2}?(?:отзыв|оценк|5\s?звезд)",
    r"(?<![а-я0-9])(?:5|пять)\s*(?:звезд|звёзд|\*|⭐)",
    r"(?<![а-я])(?:на\s+)?(?:пятерк|пятёрк)[а-я]*",
    # en
    r"(?<![a-z0-9_])(?:leave|write|post|give|add|drop|send|share|rate|put)[\s,]+(?:[\w'-]+[\s,]+){0,4}?"
    + _EN_NOUN + r"(?![a-z])",
    r"(?<![a-z0-9_])rate\s+(?:it|us|the\s+\w+|this\s+\w+|our\s+\w+|your\s+purchase|them|him|her)",
    r"(?<![a-z0-9_])(?:delete|remove|change|edit|update|withdraw|take\s+down|revise|improve"
    r"|raise|upgrade|amend|retract)\s+(?:\w+\s+){0,3}?(?:review|rating|feedback|comment)",
    r"(?<![a-z0-9_])(?:5|five)[\s-]?stars?(?![a-z])",
    r"(?<![a-z0-9_])(?:positive|good|great|nice|excellent|5-star|five-star|honest)\s+"
    r"(?:review|rating|feedback)",
    r"(?<![a-z0-9_])for\s+(?:a|your|the|an)\s+(?:\w+\s+){0,2}?(?:review|rating|feedback)"
    r"[^.!?]{0,40}?(?:gift|bonus|cash|refund|discount|coupon|\$|₽|rub|free)",
    r"(?<![a-z0-9_])(?:gift|bonus|cashback|refund|compensat|reward|pay)\w*\s+[^.!?]{0,50}?"
    r"(?<![a-z0-9_])(?:if|when|once|for)\s+(?:you\s+)?(?:\w+\s+){0,3}?(?:review|rating|feedback)",
    # zh
    r"好评|五星|5星|五颗星|晒图|追评|给个评|写个评|写评价|给评价|留评|(?:删除|删掉|删|撤销|撤回|修改"
    r"|改成|改为|改|追加|取消)[^，。！？]{0,4}(?:差评|中评|评价|评论|评分)|(?:别|不要|请勿|勿)[^，。！？]{0,3}"
    r"(?:差评|中评|给差)|(?:给|写|留|打)(?:个|一个|我们)?[^，。！？]{0,3}(?:评价|评论|评分)",
)
# Thanking for, or pointing to, reviews is not a request.
_INFO = any_of(
    r"спасибо\s+за\s+(?:ваш\s+)?(?:отзыв|оценку)|thank\s+you\s+for\s+(?:your\s+)?(?:review|feedback)"
    r"|thanks\s+for\s+(?:your\s+)?(?:review|feedback)|感谢您的评价|谢谢您的评价",
)
_NEVER_ASK = any_of(
    r"(?<![а-я])(?:не\s+просим|не\s+будем\s+просить|никогда\s+не)",
    r"(?<![a-z0-9_])(?:never\s+ask|do\s+not\s+ask|don't\s+ask|won't\s+ask)",
    r"不会要求|从不要求|不会让您",
)


def detect(text: str, ctx: Context) -> list[Hit]:
    """GUARD-3 hits in normalised coordinates."""
    hits: list[Hit] = []
    for m in _REQUEST.finditer(text):
        start = m.start()
        sentence = ctx.sentence_text(start)
        if _INFO.search(sentence) and not _REQUEST.search(_INFO.sub("", sentence)):
            continue
        if _NEVER_ASK.search(ctx.before(start, 30)):
            continue
        hits.append(Hit(REVIEW, start, m.end()))
    return hits
