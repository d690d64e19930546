"""GUARD-9: contact details in buyer messages are masked, never blocked."""

from __future__ import annotations

import pytest

from sellerdesk.guard import GuardConfig, mask_contacts


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Мой номер +7 916 555-01-43, перезвоните", "Мой номер ***, перезвоните"),
        ("Пишите на anna.k@mail.ru", "Пишите на ***"),
        ("Мой телеграм @anna_k", "Мой телеграм ***"),
        ("My WeChat: anna_2024", "My WeChat: ***"),
        ("Вот фото: https://disk.example.com/abc", "Вот фото: ***"),
        ("电话一三八一二三四五六七八", "电话***"),
        ("Почта: anna (собака) mail (точка) ru", "Почта: ***"),
    ],
)
def test_GUARD_9_contact_details_are_masked(text: str, masked: str) -> None:
    assert mask_contacts(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Заказ 12345678-0001-1 не пришёл, трек RA123456789RU",
        "Товар со страницы https://www.ozon.ru/product/123/ не подошёл",
        "Хочу вернуть, размер 46-48 мал",
        "",
    ],
)
def test_GUARD_9_text_without_contacts_is_unchanged(text: str) -> None:
    assert mask_contacts(text) == text


def test_GUARD_9_masking_follows_the_allowed_domains() -> None:
    config = GuardConfig(allowed_domains=("ozon.ru", "example.com"))
    text = "Фото тут: https://disk.example.com/abc"
    assert mask_contacts(text, config) == text


def test_GUARD_9_messenger_name_stays_readable() -> None:
    assert mask_contacts("Напишите мне в WhatsApp") == "Напишите мне в WhatsApp"
