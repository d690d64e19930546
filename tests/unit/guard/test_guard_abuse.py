"""GUARD-5: insults, threats and blame; apologies and denying the buyer's fault (allowed)."""

from __future__ import annotations

import pytest

from sellerdesk.guard import scan

ABUSE = "abuse_threat"


def cats(text: str) -> set[str]:
    return {v.category for v in scan(text).violations}


@pytest.mark.parametrize(
    "text",
    [
        "Вы что, совсем тупой? Всё написано.",
        "Ещё один такой отзыв — и пожалеете.",
        "Сами виноваты, надо было читать описание.",
        "Мы знаем ваш адрес, подумайте ещё раз.",
        "You are an idiot, read the description.",
        "That's your problem, not ours.",
        "You should have read the size chart before ordering.",
        "Delete it or you'll be sorry.",
        "你自己不会看说明吗？真是蠢。",
        "再给差评，后果自负。",
        "这是你的责任，不是我们的。",
    ],
)
def test_GUARD_5_insult_threat_blame_blocked(text: str) -> None:
    assert ABUSE in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "Это не ваша вина, курьер перепутал посылки.",
        "Извините, это наша ошибка, вышлем замену.",
        "It's not your fault at all, we mixed up the sizes.",
        "Sorry for the inconvenience, it was our mistake.",
        "很抱歉，这是我们的失误。",
        "不是您的错，我们马上处理。",
        "Если проблема повторится, напишите нам здесь.",
        "Осторожно: мошенники просят оплату вне Ozon, не переводите им деньги.",
        "You won't regret this purchase, it is a great lamp.",
    ],
)
def test_GUARD_5_apology_or_denial_allowed(text: str) -> None:
    assert ABUSE not in cats(text)
