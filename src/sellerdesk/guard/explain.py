"""Why a message was blocked and how to fix it, in Russian, English and Chinese (GUARD-7)."""

from __future__ import annotations

from sellerdesk.guard.model import Violation

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "off_platform_contact": {
        "en": (
            "GUARD-1: the message offers a way to talk outside the Ozon chat ({matched!r}): "
            "a messenger or social network, a phone number, an e-mail, a handle or a link to "
            "another site.",
            "Remove the contact detail and keep the conversation in this chat; links may "
            "only point to ozon.ru.",
        ),
        "ru": (
            "GUARD-1: сообщение предлагает связь вне чата Ozon ({matched!r}): мессенджер или "
            "соцсеть, телефон, e-mail, ник или ссылку на другой сайт.",
            "Уберите контакт и продолжайте общение в этом чате; ссылки допустимы только "
            "на ozon.ru.",
        ),
        "zh": (
            "GUARD-1：消息提供了Ozon聊天以外的联系方式（{matched!r}）：即时通讯或社交账号、电话、"
            "邮箱、账号名或其他网站的链接。",
            "请删除联系方式，继续在本聊天中沟通；链接只能指向ozon.ru。",
        ),
    },
    "marketing": {
        "en": (
            "GUARD-2: promotion is not allowed in chat ({matched!r}): discounts, promo codes, "
            "coupons, bonuses, giveaways, subscriptions, buying directly or in another store.",
            "Remove the offer; promotions are set up on Ozon itself and shown on the product page.",
        ),
        "ru": (
            "GUARD-2: реклама в чате запрещена ({matched!r}): скидки, промокоды, купоны, "
            "бонусы, розыгрыши, подписки, покупка напрямую или в другом магазине.",
            "Уберите предложение; акции настраиваются на Ozon и видны на странице товара.",
        ),
        "zh": (
            "GUARD-2：聊天中禁止营销（{matched!r}）：折扣、优惠码、优惠券、积分、抽奖、关注、"
            "私下购买或引导到其他店铺。",
            "请删除该优惠信息；促销活动请在Ozon平台上设置，并在商品页面展示。",
        ),
    },
    "review_manipulation": {
        "en": (
            "GUARD-3: the message asks about the buyer's review or rating ({matched!r}); "
            "asking for a review, for five stars, to change or delete a review, or rewarding "
            "one is not allowed.",
            "Do not mention reviews; Ozon invites the buyer to review by itself. To contest "
            "an unfair review, file a review appeal.",
        ),
        "ru": (
            "GUARD-3: сообщение касается отзыва или оценки покупателя ({matched!r}); просить "
            "отзыв, пять звёзд, изменить или удалить отзыв, поощрять за отзыв нельзя.",
            "Не упоминайте отзывы — Ozon сам предложит покупателю оставить отзыв. Несправедливый "
            "отзыв можно обжаловать.",
        ),
        "zh": (
            "GUARD-3：消息涉及买家的评价或评分（{matched!r}）；不得索要评价、五星好评、要求修改或"
            "删除评价，或以奖励换取评价。",
            "请不要提及评价，Ozon会自动邀请买家评价；对不公正的评价可以提出申诉。",
        ),
    },
    "cancel_pressure": {
        "en": (
            "GUARD-4: the message asks the buyer to cancel the order themselves ({matched!r}).",
            "If you cannot fulfil the order, explain why and file the cancellation yourself "
            "through Ozon; the buyer's money is returned automatically.",
        ),
        "ru": (
            "GUARD-4: сообщение просит покупателя самому отменить заказ ({matched!r}).",
            "Если не можете выполнить заказ, объясните причину и оформите отмену сами через "
            "Ozon — деньги вернутся покупателю автоматически.",
        ),
        "zh": (
            "GUARD-4：消息要求买家自行取消订单（{matched!r}）。",
            "如无法履约，请说明原因并由您通过Ozon提交取消，款项会自动退回买家。",
        ),
    },
    "abuse_threat": {
        "en": (
            "GUARD-5: the message insults, threatens or blames the buyer ({matched!r}).",
            "Keep a neutral, polite tone: state the facts and offer a solution (exchange, "
            "return, refund through Ozon).",
        ),
        "ru": (
            "GUARD-5: сообщение оскорбляет, угрожает или обвиняет покупателя ({matched!r}).",
            "Сохраняйте нейтральный вежливый тон: изложите факты и предложите решение "
            "(обмен, возврат, возврат денег через Ozon).",
        ),
        "zh": (
            "GUARD-5：消息侮辱、威胁或指责买家（{matched!r}）。",
            "请保持中立礼貌的语气：陈述事实并提供解决方案（换货、退货、通过Ozon退款）。",
        ),
    },
    "off_platform_payment": {
        "en": (
            "GUARD-6: the message asks or offers to pay outside Ozon ({matched!r}): a card "
            "transfer, a card number, SBP to a phone, a wallet or direct payment.",
            "Remove the payment request; the buyer pays only through Ozon, and extra charges "
            "go through the order.",
        ),
        "ru": (
            "GUARD-6: сообщение предлагает оплату вне Ozon ({matched!r}): перевод на карту, "
            "номер карты, СБП по телефону, кошелёк или оплату напрямую.",
            "Уберите просьбу об оплате: покупатель платит только через Ozon, доплаты — "
            "через заказ.",
        ),
        "zh": (
            "GUARD-6：消息要求或提供Ozon以外的付款方式（{matched!r}）：银行卡转账、卡号、"
            "扫码或电子钱包、直接付款。",
            "请删除付款要求；买家只能通过Ozon付款，额外费用也应通过订单处理。",
        ),
    },
}
LANGUAGES = ("ru", "en", "zh")


def explain(violation: Violation, lang: str) -> tuple[str, str]:
    """(why the message was blocked, suggested fix) in `lang` ("ru" | "en" | "zh"; else en)."""
    texts = _TEXTS.get(violation.category)
    if texts is None:
        why = f"{violation.rule}: {violation.category} ({violation.matched!r})"
        return why, "Rephrase the message so that it complies with the chat rules."
    why, fix = texts.get(lang, texts["en"])
    return why.format(matched=violation.matched), fix
