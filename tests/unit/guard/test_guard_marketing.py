"""GUARD-2: promotion in chat, and declining or stating a price (allowed)."""

from __future__ import annotations

import pytest

from sellerdesk.guard import scan

MARKETING = "marketing"


def cats(text: str) -> set[str]:
    return {v.category for v in scan(text).violations}


@pytest.mark.parametrize(
    "text",
    [
        "При покупке двух штук — третья в подарок!",
        "Только сегодня распродажа всего ассортимента, успейте!",
        "Держите промокод WELCOME15 на первую покупку.",
        "На следующий заказ сделаем вам скидку 7%.",
        "Подпишитесь на наш магазин, чтобы не пропустить новинки!",
        "Заказывайте у нас напрямую, без наценки маркетплейса.",
        "Этот же чайник у нас на Wildberries дешевле на 200 рублей.",
        "Кешбэк 10% баллами за следующий заказ.",
        "Get 20% off with code SUMMER20 on your next purchase.",
        "Big sale this weekend, don't miss it!",
        "We have the same item cheaper on AliExpress.",
        "Follow our store for exclusive deals.",
        "Free shipping on your next order with us!",
        "新品上架，全场八折！",
        "下单即送精美小礼品一份。",
        "满200减30，欢迎选购。",
        "关注店铺领优惠券。",
    ],
)
def test_GUARD_2_promotion_blocked(text: str) -> None:
    assert MARKETING in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "К сожалению, скидок на этот товар нет.",
        "Мы не можем предложить промокод, цена фиксированная.",
        "Sorry, we cannot give a discount in chat; the price is on the product page.",
        "Цена товара 1 299 ₽, она указана на странице.",
        "The price is 2,490 ₽ as shown on Ozon.",
        "抱歉，我们不能提供折扣。",
        "商品价格是199元，以页面为准。",
        "Посылка отправлена, доставка 2-3 дня.",
        "Хорошего дня и удачных покупок!",
    ],
)
def test_GUARD_2_declining_or_stating_a_price_allowed(text: str) -> None:
    assert MARKETING not in cats(text)


def test_GUARD_2_handle_containing_sale_is_no_promotion() -> None:
    assert MARKETING not in cats("Add me on телеграм: anna_sale77")


def test_GUARD_2_buy_directly_through_a_messenger_is_marketing_and_contact() -> None:
    assert cats("Next time order directly from us on Viber, it's cheaper.") == {
        MARKETING,
        "off_platform_contact",
    }
