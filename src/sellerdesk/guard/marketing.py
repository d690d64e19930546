"""GUARD-2: promotion in chat — discounts, promo codes, coupons, bonuses, sales,
gifts with a purchase, giveaways, follow / subscribe, buying directly or in another store.

Declining a discount ("мы не можем дать скидку", "we can't offer discounts",
"聊天里不能给折扣") is not promotion: a trigger in a negated clause does not count.
A gift or cash-back offered for a review is review manipulation (GUARD-3), so those
reward words are left to `review` when the sentence is about a review.
"""

from __future__ import annotations

from sellerdesk.guard.context import Context, any_of
from sellerdesk.guard.model import MARKETING, Hit

# Always promotion, unless negated.
_PROMO = any_of(
    # ru
    r"(?<![а-я])(?:скидк|скидоч|промо-?код|промокод|купон|бонус|кешбэк|кэшбэк|кешбек|кэшбек"
    r"|распродаж|акци[яиюей](?![а-я])|акционн|розыгрыш|разыгрыва|разыграем|конкурс|лотере"
    r"|спецпредложени|специальн[а-я]*\s+(?:цен|предложени|услови)|выгодн[а-я]*\s+предложени"
    r"|бонусн|баллов|баллы|балла|подписывай|подпишит|подпишись|подписаться|подписк"
    r"|в\s+избранное|следите\s+за|дешевле|подешевле|уступ(?:им|лю)|сбавим|сбавлю|уценк"
    r"|бесплатн[а-я]*\s+доставк|в\s+подарок|подарим|дарим|подарок\s+(?:к|за\s+покупк|при)"
    r"|второй\s+(?:товар\s+)?(?:бесплатно|в\s+подарок)|только\s+для\s+вас|эксклюзивн)",
    # en
    r"(?<![a-z0-9_])(?:discount|promo\s?code|promocode|coupon|voucher|bonus|cash\s?back"
    r"|giveaway|raffle|lottery|sweepstake|contest|sale(?![a-z0-9_])(?<!after-sale)(?<!for sale)"
    r"|on\s+sale|clearance|special\s+(?:offer|price|deal)|exclusive|best\s+price"
    r"|lower\s+price|cheaper|free\s+(?:gift|shipping|delivery)|gift\s+with|bogo"
    r"|buy\s+one,?\s+get|get\s+one\s+free|\d+\s?%\s?off|per\s?cent\s+off|reward\s+points"
    r"|bonus\s+points|loyalty\s+points|subscribe|follow\s+(?:us|our|me)|deal\s+for\s+you)",
    # zh
    r"折扣|打折|\d+(?:\.\d+)?折|[一二三四五六七八九]折|优惠|立减|满减|满\d+减|特价|促销|抽奖|红包|积分"
    r"|赠品|赠送|买一送一|送一件|包邮|便宜|关注(?:我们|本店|店铺|我|公众号|账号|一下)|收藏店铺|收藏本店|收藏我们|下次.{0,8}找我|秒杀|清仓"
    r"|福利|(?<![配发运递快传])送(?:您|你)?(?:一|[0-9]|个|小礼|礼|赠|积分|优惠|红包|券)",
)
# Pointing to another store or buying directly.
_ELSEWHERE = any_of(
    r"(?<![а-я])(?:напрямую\s+у\s+(?:нас|меня)|у\s+нас\s+на\s+сайте|на\s+нашем\s+сайте"
    r"|в\s+нашем\s+(?:магазине|интернет-магазине)\s+на|(?:заказывайте|покупайте|купите|закажите"
    r"|берите|заказать|купить)\s+(?:[а-я]+\s+){0,2}(?:напрямую|у\s+нас\s+на|на\s+нашем))",
    r"(?<![a-z0-9_])(?:buy|order|purchase)\s+(?:\w+\s+){0,2}directly|our\s+(?:own\s+)?(?:website|site)"
    r"|we\s+(?:also\s+)?sell\s+on|also\s+(?:sell|available)\s+on|check\s+(?:it\s+)?out\s+on",
    r"直接(?:找|跟|向|在)?我(?:们)?买|直接下单给我|同款在|其他平台|别的平台|我们的网站|我们的店铺在",
)
_OTHER_STORE = any_of(
    r"(?<![a-zа-я])(?:wildberries|вайлдберриз|валдберис|вайлдберис|wb|вб|aliexpress|алиэкспресс"
    r"|али(?![а-я])|яндекс\s?маркет|yandex\s?market|мегамаркет|megamarket|avito|авито|lamoda"
    r"|ламода|kazanexpress|казаньэкспресс|amazon|ebay|joom|taobao|tmall|pinduoduo|jd\.com)"
    r"|淘宝|天猫|拼多多|京东|闲鱼",
)
_STORE_CUE = any_of(
    r"дешевле|выгодн|заходите|загляни|тоже|также|есть\s+на|у\s+нас|наш|купи|закаж|ищите"
    r"|cheaper|lower|also|visit|check|our|buy|order|find\s+us|welcome|better\s+price"
    r"|便宜|欢迎|光临|我们|也有|来买|搜",
)
_REVIEW_SENTENCE = any_of(r"отзыв|оценк|review|rating|feedback|好评|评价|五星|差评|晒图")
_REVIEW_REWARD = any_of(
    r"подар|бонус|кешбэк|кэшбэк|балл|компенс|вернем|вернём|верн|gift|bonus|cash\s?back|refund"
    r"|compensat|reward|送|返现|补偿|红包|礼",
)


def detect(text: str, ctx: Context) -> list[Hit]:
    """GUARD-2 hits in normalised coordinates."""
    hits: list[Hit] = []
    for m in _PROMO.finditer(text):
        start = m.start()
        if ctx.negated(start):
            continue
        sentence = ctx.sentence_text(start)
        if _REVIEW_SENTENCE.search(sentence) and _REVIEW_REWARD.search(m.group()):
            continue
        hits.append(Hit(MARKETING, start, m.end()))
    for m in _ELSEWHERE.finditer(text):
        if not ctx.negated(m.start()):
            hits.append(Hit(MARKETING, m.start(), m.end()))
    for m in _OTHER_STORE.finditer(text):
        sentence = ctx.sentence_text(m.start())
        if _STORE_CUE.search(sentence) and not ctx.negated(m.start()):
            hits.append(Hit(MARKETING, m.start(), m.end()))
    return hits

