"""The normalisation every GUARD-1 obfuscation goes through, and its map to the original."""

from __future__ import annotations

import pytest

from sellerdesk.guard.normalise import normalise


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ＷｈａｔｓＡｐｐ ８９１６", "whatsapp 8916"),  # full-width (NFKC)
        ("W\u200bh\u200ca\u200dt\u2060s\ufeffApp", "whatsapp"),  # zero-width characters
        ("Тeлeгрaм", "телеграм"),  # Latin look-alikes in a Cyrillic word
        ("WhаtsАpp", "whatsapp"),  # Cyrillic look-alikes in a Latin word
        ("ѕкуре", "skype"),  # non-Russian Cyrillic letters: a Latin word in disguise
        ("W h a t s A p p", "whatsapp"),  # spaced letters
        ("I.n.s.t.a.g.r.a.m", "instagram"),  # punctuation between letters
        ("T_e_l_e_g_r_a_m", "telegram"),
        ("в V i b e r", "в viber"),  # the preposition stays a word
        ("в В К о н т а к т е", "в вконтакте"),
        (
            "плюс семь девять один шесть пять пять пять ноль один четыре три",
            "+7 9 1 6 5 5 5 0 1 4 3",
        ),
        (
            "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
            "8 916 123 45 67",
        ),
        ("nine one six double five zero one four three", "9 1 6 55 0 1 4 3"),
        ("九一六五五五零一四三", "9165550143"),
        ("𝐖𝐡𝐚𝐭𝐬𝐀𝐩𝐩", "whatsapp"),  # mathematical bold letters
        ("мой й", "мой й"),  # decomposed й is composed, not stripped
        ("Ёлка — ёж", "елка — еж"),  # dashes stay: the detectors accept them
    ],
)
def test_GUARD_1_normalisation_folds_obfuscations(text: str, folded: str) -> None:
    assert normalise(text).text == folded


@pytest.mark.parametrize(
    "text",
    [
        "Доставка займёт два-три дня, с девяти до восьми.",
        "Delivery takes two to three days; open from nine to eight.",
        "快递两三天到，早九点到晚八点。",
        "Размеры S, M, L и XL",
    ],
)
def test_GUARD_1_ordinary_number_words_are_left_alone(text: str) -> None:
    assert normalise(text).text == text.lower().replace("ё", "е")


def test_GUARD_1_every_normalised_range_maps_back_into_the_original() -> None:
    text = "Пишите: W\u200bh\u200ba\u200bt\u200bs ａｐｐ, номер восемь девять один шесть 555 01 43"
    nt = normalise(text)
    for i in range(len(nt.text)):
        start, end = nt.span(i, i + 1)
        assert 0 <= start < end <= len(text)
    start, end = nt.span(0, len(nt.text))
    assert (start, end) == (0, len(text))


def test_GUARD_1_identity_map_when_only_case_changes() -> None:
    nt = normalise("Hello World")
    assert nt.span(6, 11) == (6, 11)


def test_GUARD_1_spelled_phone_read_whole_where_two_search_windows_meet() -> None:
    # "один два три" opens a window of 300 characters that ends inside the phone; the
    # phone is still read from its "плюс" to its last digit.
    from sellerdesk.guard import scan

    phone = "плюс семь девять пять три девять семь два шесть три один девять"
    filler = "Спасибо за заказ, отправим завтра утром. " * 7
    text = "Было один два три пункта. " + filler[: 290 - 26] + phone + " пишите"
    assert text.index(phone) == 290
    spans = [v.span for v in scan(text).violations]
    assert (text.index(phone), text.index(phone) + len(phone)) in spans
