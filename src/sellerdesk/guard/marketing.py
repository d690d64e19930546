"""GUARD-2: promotion in chat — discounts, promo codes, coupons, bonuses, sales,
gifts with a purchase, giveaways, follow / subscribe, buying directly or in another store.

Declining a discount ("мы не можем дать скидку", "we can't offer discounts",
"聊天里不能给折扣") is not promotion: a trigger in a negated clause does not count.
A gift or cash-back offered for a review is review manipulation (GUARD-3), so reward
words in a sentence about a review are left to `review`.
"""

from __future__ import annotations

from sellerdesk.guard.context import Context, any_of
from sellerdesk.guard.model import MARKETING
from sellerdesk.guard.rules import Rule

_REVIEW_SENTENCE = r"отзыв|оценк|review|rating|feedback|好评|评价|五星|差评|晒图"
_STORE_CUE = any_of(
    r"дешевле|выгодн|заходите|загляни|тоже|также|есть\s+на|у\s+нас|наш|купи|закаж|ищите|продаем"
    r"|cheaper|lower|also|visit|check|our|buy|order|find\s+us|welcome|better\s+price|sell"
    r"|便宜|欢迎|光临|我们|也有|来买|搜|同款",
)


def _store_cue(ctx: Context, start: int, end: int) -> bool:
    a, b = ctx.sentence(start)
    return _STORE_CUE.search(ctx.text, a, b) is not None


def _m(anchors: str, **kw: object) -> Rule:
    return Rule(MARKETING, anchors, negatable=True, **kw)  # type: ignore[arg-type]


def _reward(anchors: str, **kw: object) -> Rule:
    """A reward word: promotion, unless the sentence is about a review (GUARD-3)."""
    return _m(anchors, unless_sentence=_REVIEW_SENTENCE, **kw)


RULES: list[Rule] = [
    # ru
    _m(
        "скидк* скидоч* промокод* промо промик купон* распродаж* акция акции акцию акцией акций "
        "акционн* розыгрыш* разыгрыва* разыграем конкурс* лотере* спецпредложени* подписывайтесь "
        "подписывайся подпишитесь подпишись подписаться подписку подписка подпиской дешевле "
        "подешевле уступим уступлю сбавим сбавлю уценк* эксклюзив* уцененн*"
    ),
    _reward(
        "бонус* кешбэк* кэшбэк* кешбек* кэшбек* кэшбэка баллов баллы балла дарим подарим подарю"
    ),
    _m("специальн*", at=r"[а-я]+\s+(?:цен|предложени|услови)"),
    _m("выгодн*", at=r"[а-я]+\s+(?:предложени|цен|услови)"),
    _m("избранное", before=r"(?<![а-я])в\s+\Z"),
    _m("следите", at=r"следите\s+за\s+(?:нами|новинками|акциями|обновлениями|магазином)"),
    _m("бесплатн*", at=r"[а-я]+\s+(?:доставк|подар|товар)"),
    _reward("подарок", before=r"(?<![а-я])в\s+\Z"),
    _reward("подарок подарки", at=r"[а-я]+\s+(?:к|за\s+покупк|при|каждому|всем)"),
    _m("второй третий", at=r"[а-я]+\s+(?:товар\s+)?(?:бесплатно|в\s+подарок|за\s+1)"),
    _m("только", at=r"только\s+для\s+вас"),
    # ru: buy directly / on our own site
    _m("напрямую", at=r"напрямую\s+у\s+(?:нас|меня)"),
    _m(
        "напрямую",
        before=r"(?<![а-я])(?:заказывайте|покупайте|купите|закажите|берите|заказать"
        r"|купить|оформите)\s+(?:[а-я]+\s+){0,2}?\Z",
    ),
    _m("сайте", before=r"(?<![а-я])(?:у\s+нас\s+на|на\s+нашем)\s+\Z"),
    _m("нашем", at=r"нашем\s+(?:магазине|интернет-магазине|сайте)\s+на"),
    # en
    _m(
        "discount* promo promocode* coupon* voucher* giveaway* raffle* lottery contest* "
        "clearance exclusive* cheaper subscribe* bogo"
    ),
    _reward("bonus* cashback"),
    _m("sale", unless_before=r"(?:after-|for\s+)sale"),
    _m("special", at=r"special\s+(?:offer|price|deal)"),
    _m("best", at=r"best\s+(?:price|deal)"),
    _m("lower", at=r"lower\s+prices?"),
    _m("free", at=r"free\s+(?:gift|shipping|delivery|item)"),
    _reward("gift", at=r"gift\s+(?:with|for\s+(?:every|each|your\s+next))"),
    _m("buy", at=r"buy\s+(?:one|1|two|2),?\s+get"),
    _m("get", at=r"get\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?free(?![a-z])"),
    _m("минус", at=r"минус\s*\d+\s*%"),
    _m("%", before=r"(?<![\w-])-\s?\d+\s*\Z"),
    _m("off", before=r"(?:\d+\s?%|per\s?cent)\s*\Z"),
    _reward("points", before=r"(?<![a-z])(?:reward|bonus|loyalty)\s+\Z"),
    _m("follow", at=r"follow\s+(?:us|our|me)(?![a-z])"),
    _m("deal deals", before=r"(?<![a-z])(?:exclusive|special|great|hot)\s+\Z"),
    _m("directly", before=r"(?<![a-z])(?:buy|order|purchase)\s+(?:[\w-]+\s+){0,2}?\Z"),
    _m("website site", before=r"(?<![a-z])our\s+(?:own\s+)?\Z"),
    _m("sell", before=r"(?<![a-z])(?:we\s+(?:also\s+)?|also\s+)\Z", at=r"sell\s+on"),
    _m("available", before=r"(?<![a-z])also\s+\Z", at=r"available\s+on"),
    _m("check", at=r"check\s+(?:it\s+|us\s+)?out\s+on"),
    # zh
    _m("红包", unless_sentence=r"付款|支付|转账|付钱"),
    _m(
        "折扣 打折 优惠 立减 满减 特价 促销 抽奖 赠品 赠送 买一送一 包邮 便宜 秒杀 清仓 福利 收藏店铺 收藏本店 "
        "收藏我们 同款在 其他平台 别的平台 我们的网站 我们的店铺在"
    ),
    _reward("积分 返现"),
    _m("折", before=r"(?:\d+(?:\.\d+)?|[一二三四五六七八九])\Z"),
    _m("满", at=r"满\d+减"),
    _m("下次", at=r"下次.{0,8}找我"),
    _m("关注", at=r"关注(?:我们|本店|店铺|我|公众号|账号|一下)"),
    _reward(
        "送",
        unless_before=r"[配发运递快传护接赠]送",
        at=r"送[^，。！？,.!?]{0,5}?(?:礼|赠|积分|红包|券|一件|一个|优惠|小样|[0-9]+元)",
    ),
    _m("直接", at=r"直接(?:找|跟|向|在)?我(?:们)?买|直接下单给我"),
    # another marketplace, offered as the better place to buy
    _m(
        "wildberries вайлдберриз валдберис вайлдберис wb вб aliexpress алиэкспресс али яндекс "
        "yandex мегамаркет megamarket avito авито lamoda ламода kazanexpress amazon ebay joom "
        "taobao tmall pinduoduo etsy shein temu 淘宝 天猫 拼多多 京东 闲鱼",
        check=_store_cue,
    ),
]
