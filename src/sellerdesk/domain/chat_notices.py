"""Platform notices in chat (CHAT-8, CHAT-11, CHAT-12): which order events produce which notice,
and their texts per language. Notices are system messages: never seller contact."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

# Carrier-side posting events that a sandbox carrier (or staff) can report (CHAT-11, CHAT-4).
LOGISTICS_EVENTS = ("customs_cleared", "out_for_delivery", "delay")

# Order event action -> notice kind (CHAT-11). Status changes come from the order services;
# `logistics_*` events from the carrier feed.
NOTICE_FOR_ACTION = {
    "ship": "shipped",
    "deliver": "delivered",
    "logistics_customs_cleared": "customs_cleared",
    "logistics_out_for_delivery": "out_for_delivery",
    "logistics_delay": "delayed",
}

_TEXTS: dict[str, dict[str, str]] = {
    "shipped": {
        "ru": "Заказ {posting_number} передан в службу доставки. Трек-номер: {tracking_number}.",
        "en": "Order {posting_number} has been handed to the carrier. "
        "Tracking number: {tracking_number}.",
        "zh": "订单 {posting_number} 已交给承运商。运单号：{tracking_number}。",
    },
    "customs_cleared": {
        "ru": "Заказ {posting_number} прошёл таможенное оформление.",
        "en": "Order {posting_number} has cleared customs.",
        "zh": "订单 {posting_number} 已完成清关。",
    },
    "out_for_delivery": {
        "ru": "Заказ {posting_number} передан курьеру и скоро будет у вас.",
        "en": "Order {posting_number} is out for delivery.",
        "zh": "订单 {posting_number} 正在派送中。",
    },
    "delayed": {
        "ru": "Доставка заказа {posting_number} задерживается. {note}",
        "en": "Delivery of order {posting_number} is delayed. {note}",
        "zh": "订单 {posting_number} 的配送有延误。{note}",
    },
    "delivered": {
        "ru": "Заказ {posting_number} доставлен.",
        "en": "Order {posting_number} has been delivered.",
        "zh": "订单 {posting_number} 已送达。",
    },
    "review_invite": {
        "ru": "Как вам заказ {posting_number}? Оцените товар на странице заказа — "
        "ваш отзыв поможет другим покупателям.",
        "en": "How was order {posting_number}? Rate the product on the order page — "
        "your review helps other buyers.",
        "zh": "您对订单 {posting_number} 满意吗？请在订单页面评价商品，您的评价能帮助其他买家。",
    },
    "vacation_auto_reply": {
        "ru": "Продавец в отпуске до {until}. Он ответит вам после возвращения.",
        "en": "The seller is on vacation until {until} and will answer you when back.",
        "zh": "卖家休假至 {until}，回来后会回复您。",
    },
}


def notice_texts(kind: str, languages: Iterable[str], **facts: Any) -> dict[str, str]:
    """The notice `kind` in each of `languages` that has a text, with `facts` filled in."""
    texts = _TEXTS[kind]
    values = {k: ("" if v is None else str(v)) for k, v in facts.items()}
    found = {}
    for lang in languages:
        if lang in texts:
            found[lang] = texts[lang].format_map(_Blank(values)).strip()
    if not found:  # a policy naming only unknown languages still gets a notice
        found["ru"] = texts["ru"].format_map(_Blank(values)).strip()
    return found


def auto_reply_texts(
    own: dict[str, str], until: datetime, languages: Iterable[str], zone: Any
) -> dict[str, str]:
    """CHAT-8: the seller's own auto-reply where given, else the platform's, naming the return."""
    if own:
        return dict(own)
    local = until.astimezone(zone).strftime("%d.%m.%Y %H:%M")
    return notice_texts("vacation_auto_reply", languages, until=local)


class _Blank(dict[str, str]):
    """Missing facts render as empty text rather than failing a notice."""

    def __missing__(self, key: str) -> str:
        return ""
