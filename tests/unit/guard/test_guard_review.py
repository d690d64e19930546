"""GUARD-3: review manipulation, and information about reviews (allowed)."""

from __future__ import annotations

import pytest

from sellerdesk.guard import scan

REVIEW = "review_manipulation"


def cats(text: str) -> set[str]:
    return {v.category for v in scan(text).violations}


@pytest.mark.parametrize(
    "text",
    [
        "Будем благодарны за отзыв на пять звёзд!",
        "Оцените, пожалуйста, наш товар на отлично.",
        "Не ставьте плохую оценку, мы всё исправим.",
        "Поменяйте, пожалуйста, оценку на более высокую.",
        "Оставьте, пожалуйста, отзыв, когда получите заказ.",
        "Уберите негативный отзыв, и мы вернём 500 ₽.",
        "За отзыв с фотографией пришлём промокод.",
        "Please give us a 5 star rating if you are happy.",
        "If you update your review to 5 stars we'll send you a gift card.",
        "Kindly remove the 1-star review, we will refund you.",
        "Don't forget to leave feedback after delivery!",
        "给个好评吧，谢谢亲！",
        "麻烦把差评改一下，我们给您补偿。",
        "请不要给差评，有问题找我们。",
        "五星好评返现10元。",
    ],
)
def test_GUARD_3_review_requests_blocked(text: str) -> None:
    assert REVIEW in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "Отзывы о товаре можно почитать в карточке.",
        "Отзывы покупателей о размере есть на странице товара.",
        "Спасибо за ваш отзыв, нам очень приятно!",
        "Thanks for your review, we are glad you liked it!",
        "You can read other buyers' reviews on the product page.",
        "商品评价可以在商品页面查看。",
        "Рейтинг товара 4.8 по отзывам покупателей.",
    ],
)
def test_GUARD_3_pointing_to_or_thanking_for_reviews_allowed(text: str) -> None:
    assert REVIEW not in cats(text)


def test_GUARD_3_threat_about_a_future_bad_review_is_abuse_only() -> None:
    assert cats("再给差评，后果自负。") == {"abuse_threat"}


def test_GUARD_3_reward_for_review_is_not_also_marketing() -> None:
    assert cats("За отзыв с фото отправим вам небольшой подарок.") == {REVIEW}
