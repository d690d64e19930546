"""GUARD-6: payment outside Ozon; refunds and warnings (allowed)."""

from __future__ import annotations

import pytest

from sellerdesk.guard import scan

PAYMENT = "off_platform_payment"
CONTACT = "off_platform_contact"


def cats(text: str) -> set[str]:
    return {v.category for v in scan(text).violations}


@pytest.mark.parametrize(
    "text",
    [
        "Transfer the money to my card ending 4321, I'll ship right away.",
        "You can pay with USDT to my wallet, it's easier.",
        "请通过支付宝付款给我，我马上发货。",
        "Оплатите, пожалуйста, на карту 5536 9137 1234 5674.",
        "Переведите оплату напрямую мне на Сбер.",
        "Примем оплату наличными при встрече.",
        "Можно рассчитаться переводом по СБП.",
    ],
)
def test_GUARD_6_payment_outside_ozon_blocked(text: str) -> None:
    assert PAYMENT in cats(text)


def test_GUARD_6_card_number_alone_is_payment_not_contact() -> None:
    assert cats("Карта для оплаты: 4276 3800 1234 5675") == {PAYMENT}


def test_GUARD_6_sbp_to_a_phone_is_payment_and_contact() -> None:
    assert cats("Скиньте предоплату 500 рублей на Сбер по номеру телефона 89123456789.") == {
        PAYMENT,
        CONTACT,
    }


def test_GUARD_6_wechat_transfer_is_payment_and_contact() -> None:
    assert cats("可以直接微信转账给我。") == {PAYMENT, CONTACT}


def test_GUARD_6_crypto_wallet_is_payment() -> None:
    text = "Send it to TQrZ9wBzNKc8xNyNbGz5XyBcN3AqVmTq7m please."
    assert PAYMENT in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "Оплата только через Ozon, не переводите деньги продавцам напрямую.",
        "Деньги вернутся на вашу карту в течение 3 дней.",
        "We never ask buyers to pay outside Ozon.",
        "The refund will go back to the card you paid with.",
        "Вы можете оплатить заказ картой при получении.",
        "只能通过Ozon付款，请勿私下转账。",
        "退款将原路退回您的银行卡。",
        "Напишите мне, когда оплатите заказ в приложении.",
    ],
)
def test_GUARD_6_refunds_and_warnings_allowed(text: str) -> None:
    assert PAYMENT not in cats(text)
