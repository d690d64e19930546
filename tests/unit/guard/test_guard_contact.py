"""GUARD-1: off-platform contact, in plain and obfuscated forms, and its hard negatives."""

from __future__ import annotations

import pytest

from sellerdesk.guard import GuardConfig, scan

CONTACT = "off_platform_contact"


def cats(text: str, config: GuardConfig = GuardConfig()) -> set[str]:
    return {v.category for v in scan(text, config).violations}


def contact_spans(text: str) -> list[str]:
    return [v.matched for v in scan(text).violations if v.category == CONTACT]


@pytest.mark.parametrize(
    "text",
    [
        "Пишите мне в телегу, там всё обсудим.",
        "Мой вацап 8 912 345 67 89, звоните после шести.",
        "Добавляйтесь в друзья ВКонтакте: vk.com/shop_mebel",
        "Можно связаться со мной по почте shop.dom@yandex.ru",
        "Позвоните нам, пожалуйста, так будет быстрее.",
        "Найдите меня в одноклассниках, Ирина Петрова.",
        "Text me on whatsapp pls, it's quicker",
        "Find us on Insta: @cozy.home.store",
        "Message me on Signal, same number.",
        "加我微信：cozy_home88，发你更多图片。",
        "有事打我手机13812345678。",
        "加我企鹅号12345678，方便聊。",
        "我的邮箱是cozy2024@163.com，有问题发邮件。",
    ],
)
def test_GUARD_1_messenger_phone_email_blocked(text: str) -> None:
    assert CONTACT in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "Скиньте ваш номер телефона, я перезвоню.",
        "What is your phone number? I will call you.",
        "请留下您的电话，我们联系您。",
    ],
)
def test_GUARD_1_asking_for_buyer_contacts_blocked(text: str) -> None:
    assert CONTACT in cats(text)


# --- obfuscation kinds ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("spacing", "Мой т е л е г р а м: @ m e b e l _ 7 7"),
        ("spacing", "Звоните: 8 9 1 6 5 5 5 0 1 4 3"),
        ("spacing", "您好！加我I n s t a g r a m，方便沟通。"),
        ("punct_sep", "Пишите в в.а.т.с.а.п, номер тот же."),
        ("punct_sep", "Contact me via W.e.C.h.a.t, id cozyhome"),
        ("punct_sep", "Mail: a|n|n|a|2|0|2|4|@|q|q|.|c|o|m"),
        ("punct_sep", "Номер: 8_ _(_9_1_2_)_ _3_4_5_ _6_7_ _8_9"),
        ("homoglyph", "Пишите в Тeлeгрaм, там быстрее."),
        ("homoglyph", "Message me on WhаtsАpp (Cyrillic а inside)"),
        ("homoglyph", "Our site: shоp-cоzy.com (Cyrillic о)"),
        ("homoglyph", "Напишите в ѕкуре, отвечу."),
        ("fullwidth", "Напишите в ｔｅｌｅｇｒａｍ, я там онлайн."),
        ("fullwidth", "Звоните ８９１６５５５０１４３"),
        ("zero_width", "Пишите в W\u200bh\u200ba\u200bt\u200bs\u200bA\u200bp\u200bp"),
        ("zero_width", "Мой номер 8\u200b9\u200b1\u200b6-555-01-43"),
        ("leet", "Add me on Wh4tsApp or 1nst4gram"),
        ("leet", "Пишите в ВК0нтакте"),
        ("translit", "Напишите мне в Ви-бер, отвечу сразу."),
        ("translit", "Пиши в вотсапе или в телеге"),
        ("translit", "Add me on vaiber please"),
        ("zh_variant", "加我V❤：cozy_666"),
        ("zh_variant", "加我薇信，更方便沟通。"),
        ("zh_variant", "有事加扣扣：12345678"),
        (
            "digits_words",
            "Номер для связи: восемь девятьсот шестнадцать сто двадцать три сорок "
            "пять шестьдесят семь",
        ),
        ("digits_words", "Reach me at plus seven nine one six five five five zero one four three."),
        ("digits_words", "电话：一三八一二三四五六七八"),
        ("spelled_at_dot", "Пишите на почту: ivan (собака) mail (точка) ru"),
        ("spelled_at_dot", "Drop me a line at anna.k [at] gmail [dot] com"),
        ("spelled_at_dot", "Video: t dot me/cozyhome"),
        ("emoji", "Пишите в W🔹h🔹a🔹t🔹s🔹A🔹p🔹p"),
        ("keycap_digits", "Звоните: 8️⃣9️⃣1️⃣6️⃣5️⃣5️⃣5️⃣0️⃣1️⃣4️⃣3️⃣"),
        ("circled_digits", "Звоните: ⑧⑨①⑥⑤⑤⑤⓪①④③"),
        ("letters_for_digits", "Номер 8-9I6-555-O1-43, звоните"),
        ("spelled_at_dot", "Почта ivan dog mail dot ru"),
        ("zh_variant", "加我卫星：abc123"),
        ("zh_variant", "加我Q号：123456"),
        ("translit", "Пишите в вечат"),
    ],
)
def test_GUARD_1_obfuscated_contact_blocked(kind: str, text: str) -> None:
    assert CONTACT in cats(text), kind


# --- links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ссылка на товар: https://ozon.ru/t/AbC123",
        "Ссылка на товар: https://www.ozon.ru/product/123456789/?sh=abc",
        "Подробнее: seller.ozon.ru/app/faq",
        "商品详情：ｏｚｏｎ．ｒｕ/product/１２３",
    ],
)
def test_GUARD_1_ozon_links_allowed(text: str) -> None:
    assert cats(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Сайт: ozon-sale-shop.ru/item/5",
        "Смотрите: https://ozon.ru.evil.com/x",
        "Смотрите оzоn.ru/product/1 (Cyrillic о)",
        "Ссылка на наш сайт: мебель-дом.рф",
        "Our catalogue is at shop-cozy.com/catalog",
    ],
)
def test_GUARD_1_other_and_look_alike_hosts_blocked(text: str) -> None:
    assert CONTACT in cats(text)


def test_GUARD_1_allowed_domains_come_from_config() -> None:
    config = GuardConfig(allowed_domains=("ozon.ru", "shop-cozy.com"))
    assert cats("Our catalogue is at shop-cozy.com/catalog", config) == set()


# --- hard negatives -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ваш трек-номер 80123456789012, отследить можно на сайте перевозчика.",
        "Заказ 87654321-0003-1 собран и передан курьеру.",
        "Артикул 9165554433, модель ZX-900.",
        "Курьер позвонит вам за час до доставки.",
        "Вы можете связаться с нами здесь, в чате Ozon.",
        "Чехол подходит для телефона iPhone 13, цвет чёрный.",
        "Наклейки в стиле WhatsApp, 30 штук в наборе.",
        "Размеры: 42, 44, 46, 48; рост 170-176 см.",
        "Время работы: пн-пт 9:00-18:00, сб 10:00-16:00.",
        "Вес посылки 1.5 кг, габариты 30x20x10 см.",
        "Отправим Почтой России, трек пришлём в чат.",
        "Товар — настольная игра «Телеграф», 2-4 игрока.",
        "Доставка 2–3 дня, пункт выдачи с 9:00 до 21:00.",
        "Please write to us here in the chat if anything is wrong.",
        "This phone case fits Samsung Galaxy S23.",
        "Your parcel is at pickup point #4412, open 9-21.",
        "The order will be delivered between 10:00 and 14:00 on 12.09.2025.",
        "Delivery takes two or three days, from nine to six.",
        "请在Ozon聊天中联系我们。",
        "这款是WhatsApp图案的手机壳。",
        "订单12345678-0001-1已发货，运单号YT1234567890123。",
        "我们不用微信，请在这里留言。",
        "卫星导航仪，带GPS。",
        "Модель O1 и I7, размер 2XL.",
    ],
)
def test_GUARD_1_hard_negatives_allowed(text: str) -> None:
    assert CONTACT not in cats(text)


# --- spans ----------------------------------------------------------------------------


def test_GUARD_1_span_points_at_the_original_phone() -> None:
    text = "Звоните: +7 (999) 123-45-67, спасибо"
    assert contact_spans(text) == ["+7 (999) 123-45-67"]


def test_GUARD_1_span_of_zero_width_phone_covers_the_original_characters() -> None:
    text = "Мой номер 8\u200b9\u200b1\u200b6-555-01-43."
    [span] = [v.span for v in scan(text).violations if v.category == CONTACT and "8" in v.matched]
    assert text[span[0] : span[1]] == "8\u200b9\u200b1\u200b6-555-01-43"


def test_GUARD_1_span_of_spelled_number_covers_the_words() -> None:
    text = "Reach me: nine one six five five five zero one four three two. Thanks"
    assert "nine one six five five five zero one four three two" in contact_spans(text)


def test_GUARD_1_span_of_spaced_name_covers_the_letters() -> None:
    text = "Добавьтесь ко мне в V i b e r, там отвечаем."
    assert "V i b e r" in contact_spans(text)


def test_GUARD_1_span_of_fullwidth_handle_is_the_original_text() -> None:
    text = "Найдите нас в Ｖｉｂｅｒ: ＠ｂｅｓｔ８８"
    assert "＠ｂｅｓｔ８８" in contact_spans(text)


def test_GUARD_1_messenger_id_after_name_is_a_detail() -> None:
    assert "lucky_ru24" in contact_spans("下次直接找我买，加QQ：lucky_ru24，更便宜。")


def test_GUARD_1_ozon_link_near_a_chinese_dian_is_allowed() -> None:
    # "点" (dot) in "九点" (nine o'clock) is no spelled-out dot. The link's "https://www"
    # ends 100 characters after it, where a search around "点" used to cut the link and
    # report "https://www" as another host.
    head = "自提点早九点到晚八点营业。 " + "Спасибо за ваш заказ. " * 5
    intro = "Оформить возврат можно в разделе «Мои заказы» на Ozon: "
    cut = head.rindex("点") + 1 + 100 - len(intro) - len("https://www")
    text = head[:cut] + intro + "https://www.ozon.ru/product/nabor-posudy-571232486/"
    assert text.index("https://www") + len("https://www") == text.rindex("点") + 101
    assert cats(text) == set()
