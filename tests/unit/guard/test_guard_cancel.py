"""GUARD-4: pushing the buyer to cancel; the seller cancelling or explaining (allowed)."""

from __future__ import annotations

import pytest

from sellerdesk.guard import scan

CANCEL = "cancel_pressure"


def cats(text: str) -> set[str]:
    return {v.category for v in scan(text).violations}


@pytest.mark.parametrize(
    "text",
    [
        "Отмените, пожалуйста, сами этот заказ, у нас нет товара.",
        "Прошу вас самостоятельно отменить заказ, иначе нам штраф.",
        "Оформите отмену в приложении, так будет быстрее.",
        "Вы не могли бы отменить заказ со своей стороны?",
        "Please cancel your order, we ran out of stock.",
        "Can you cancel the purchase on your end? Thanks.",
        "Cancel it and order again next week.",
        "请您取消一下订单，我们没货了。",
        "亲，您能自己取消订单吗？",
        "麻烦您主动申请取消，谢谢配合。",
    ],
)
def test_GUARD_4_asking_buyer_to_cancel_blocked(text: str) -> None:
    assert CANCEL in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "Мы сами отменим заказ, деньги придут автоматически.",
        "Не нужно отменять заказ, он уже едет к вам.",
        "Отменять ничего не надо, посылка в пути.",
        "Мы одобрили ваш запрос на отмену.",
        "К сожалению, товара нет; мы оформим отмену через Ozon сами.",
        "No need to cancel, the parcel is already on its way.",
        "We will cancel the order ourselves and you will get a full refund.",
        "We approved your cancellation request.",
        "If you want to cancel, you can do it in the app at any time.",
        "我们会自己取消订单，款项原路退回。",
        "已同意您的取消申请。",
        "不用取消订单，包裹已经在路上了。",
    ],
)
def test_GUARD_4_seller_cancels_or_explains_allowed(text: str) -> None:
    assert CANCEL not in cats(text)
