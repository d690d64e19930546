"""DISPUTE-3 (required evidence per dispute type, every SKU covered) and DISPUTE-4 (what each
document must show), checked on text as pypdf or OCR returns it."""

from __future__ import annotations

import hashlib

import pytest

from sellerdesk.errors import InvalidInput
from sellerdesk.evidence import EVIDENCE_SLOTS, EvidenceItem, Finding, InspectedFile, check_evidence

ORDER = "12345678-0001-1"
TRACKING = (
    "CDEK tracking. Order 12345678-0001-1\n02.03.2026 14:10 Delivered to recipient Ivan Petrov"
)
DELIVERY = "Proof of delivery 12345678-0001-1\nReceived by Ivan Petrov, 2 March 2026 14:10"


def inspected(name: str) -> InspectedFile:
    digest = hashlib.sha256(name.encode()).hexdigest()
    return InspectedFile("pdf", "application/pdf", 1000, digest, 1, None, None, name)


def item(slot: str, text: str = "", source: str = "carrier_website", name: str = "", **more):
    return EvidenceItem(slot, inspected(name or f"{slot}.pdf"), text, source, **more)


def check(dispute: str, items: list[EvidenceItem], skus: tuple[str, ...] = (), lang: str = "en"):
    return check_evidence(dispute, items, order_number=ORDER, disputed_skus=skus, lang=lang)


def one(findings: list[Finding], check_name: str, file: str | None = None) -> Finding:
    matches = [f for f in findings if f.check == check_name and (file is None or f.file == file)]
    assert len(matches) == 1, findings
    return matches[0]


def good_not_received() -> list[EvidenceItem]:
    return [item("tracking_page", TRACKING), item("proof_of_delivery", DELIVERY)]


# --- DISPUTE-3: slots ----------------------------------------------------------------------


def test_DISPUTE_3_slots_per_dispute_type():
    assert EVIDENCE_SLOTS["not_received"] == ("tracking_page", "proof_of_delivery")
    assert EVIDENCE_SLOTS["tracking_stall"] == EVIDENCE_SLOTS["not_received"]
    assert EVIDENCE_SLOTS["not_delivered_by_date"] == EVIDENCE_SLOTS["not_received"]
    assert EVIDENCE_SLOTS["wrong_item"] == (
        "packing_photos",
        "product_photos_with_label",
        "packing_list",
    )
    assert EVIDENCE_SLOTS["damaged"] == ("packaging_photos", "product_photos")
    assert EVIDENCE_SLOTS["customs_delay"] == ("customs_release", "carrier_letter")
    assert EVIDENCE_SLOTS["warehouse_refusal"] == ("refusal_notice",)


def test_DISPUTE_3_complete_not_received_evidence_passes_every_check():
    findings = check("not_received", good_not_received())

    assert findings and all(f.ok for f in findings), [f for f in findings if not f.ok]
    assert {f.rule for f in findings} == {"DISPUTE-3", "DISPUTE-4"}
    assert [f.slot for f in findings if f.check == "slot_filled"] == list(
        EVIDENCE_SLOTS["not_received"]
    )


def test_DISPUTE_3_missing_proof_of_delivery_fails_its_slot():
    findings = check("not_received", [item("tracking_page", TRACKING)])

    missing = [f for f in findings if f.check == "slot_filled" and not f.ok]
    assert [f.slot for f in missing] == ["proof_of_delivery"]
    assert missing[0].rule == "DISPUTE-3"
    assert "recipient's name" in missing[0].how_to_fix


@pytest.mark.parametrize("dispute", sorted(EVIDENCE_SLOTS))
def test_DISPUTE_3_no_evidence_fails_every_required_slot(dispute):
    findings = check(dispute, [])

    assert [f.slot for f in findings if not f.ok] == list(EVIDENCE_SLOTS[dispute])


def test_DISPUTE_3_slot_holding_only_failing_files_is_not_filled():
    findings = check(
        "not_received",
        [item("tracking_page", "Delivered, no details"), item("proof_of_delivery", DELIVERY)],
    )

    slot = next(f for f in findings if f.check == "slot_filled" and f.slot == "tracking_page")
    assert not slot.ok
    assert "no file in it passes" in slot.message


def test_DISPUTE_3_wrong_item_evidence_passes_with_photos_label_and_packing_list():
    items = [
        item("packing_photos", "", "seller_photo"),
        item("product_photos_with_label", "ORDER 12345678-0001-1", "seller_photo"),
        item("packing_list", "Packing list 12345678-0001-1 dated 2026-03-01: SKU-77 x1", "other"),
    ]

    findings = check("wrong_item", items, skus=("SKU-77",))

    assert all(f.ok for f in findings), [f for f in findings if not f.ok]


def test_DISPUTE_3_damaged_photos_need_no_text():
    items = [
        item("packaging_photos", "", "seller_photo"),
        item("product_photos", "", "seller_photo"),
    ]

    findings = check("damaged", items)

    assert all(f.ok for f in findings)
    assert {f.check for f in findings} == {"slot_filled"}


def test_DISPUTE_3_every_disputed_sku_covered_by_text_or_by_the_sellers_mark():
    items = [
        item("tracking_page", TRACKING + "\nItems: SKU-1001"),
        item("proof_of_delivery", DELIVERY, skus=("SKU-2002",)),
    ]

    findings = check("not_received", items, skus=("SKU-1001", "SKU-2002"))

    covered = [f for f in findings if f.check == "sku_covered"]
    assert [f.ok for f in covered] == [True, True]
    assert "tracking_page.pdf" in covered[0].message


def test_DISPUTE_3_uncovered_sku_fails():
    findings = check("not_received", good_not_received(), skus=("SKU-3003",))

    sku = one(findings, "sku_covered")
    assert not sku.ok and sku.rule == "DISPUTE-3"
    assert "SKU-3003" in sku.how_to_fix


def test_DISPUTE_3_sku_must_match_as_a_whole_code():
    items = [item("tracking_page", TRACKING + " SKU-10010"), item("proof_of_delivery", DELIVERY)]

    assert not one(check("not_received", items, skus=("SKU-1001",)), "sku_covered").ok


def test_DISPUTE_3_unknown_dispute_type_is_invalid_input():
    with pytest.raises(InvalidInput):
        check("lost_in_space", [])


def test_DISPUTE_3_unknown_slot_is_invalid_input():
    with pytest.raises(InvalidInput):
        check("not_received", [item("selfie", TRACKING)])


# --- DISPUTE-4: order number -----------------------------------------------------------------


@pytest.mark.parametrize(
    "shown",
    [
        "12345678-0001-1",
        "12345678-0001",  # the order part of the posting number
        "12345678 - 0001 - 1",  # OCR spacing
        "1234 5678–0001-1",  # split digit group, en dash
        "12345678—OOO1-1",  # em dash, letter O for zero
        "posting №12345678-0001-1.",
    ],
)
def test_DISPUTE_4_order_number_found_despite_ocr_noise(shown):
    items = [item("tracking_page", f"Status 02.03.2026 {shown}")]

    assert one(check("not_received", items), "order_number").ok


@pytest.mark.parametrize("shown", ["12345678-0002-1", "112345678-0001-1", "87654321-0001", ""])
def test_DISPUTE_4_missing_or_other_order_number_fails(shown):
    items = [item("tracking_page", f"Status 02.03.2026 {shown}")]

    finding = one(check("not_received", items), "order_number")
    assert not finding.ok and finding.rule == "DISPUTE-4"
    assert ORDER in finding.how_to_fix
    assert finding.file == "tracking_page.pdf"


def test_DISPUTE_4_product_photo_must_show_the_order_number_label():
    unlabeled = item("product_photos_with_label", "", "seller_photo")
    labeled = item("product_photos_with_label", "label 12345678-0001-1", "seller_photo", name="b")

    findings = check("wrong_item", [unlabeled, labeled])

    assert not one(findings, "order_number", "product_photos_with_label.pdf").ok
    assert one(findings, "order_number", "b").ok
    assert "label" in one(findings, "order_number", "b").message


# --- DISPUTE-4: timestamp --------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "02.03.2026 14:10",
        "2026-03-02",
        "2026-03-02T14:10:00",
        "2 марта 2026",
        "02 марта 2026 г. 14:10",
        "March 2, 2026",
        "Mar 2 2026",
        "2 March 2026",
        "03/02/2026",
        "02.03.26",
        "02. 03. 2026",  # OCR spacing
    ],
)
def test_DISPUTE_4_timestamp_found_in_russian_and_english_formats(date):
    items = [item("tracking_page", f"Order {ORDER} delivered {date}")]

    finding = one(check("not_received", items), "timestamp")
    assert finding.ok
    assert finding.message.startswith("Date found:")


@pytest.mark.parametrize(
    "text", ["no date at all", "version 1.2.3", "phone 8-800-555-35-35", "32.13.2026", "14:10"]
)
def test_DISPUTE_4_missing_timestamp_fails(text):
    items = [item("tracking_page", f"Order {ORDER} {text}")]

    finding = one(check("not_received", items), "timestamp")
    assert not finding.ok and finding.rule == "DISPUTE-4"


# --- DISPUTE-4: recipient name ---------------------------------------------------------------


@pytest.mark.parametrize("masked", ["Иван И***в", "Ivan P***", "Получатель: ****", "И•••в"])
def test_DISPUTE_4_masked_recipient_name_fails(masked):
    items = [item("proof_of_delivery", f"{ORDER} 02.03.2026 Recipient {masked}")]

    finding = one(check("not_received", items), "recipient_not_masked")
    assert not finding.ok and finding.rule == "DISPUTE-4"
    assert "masked" in finding.message


def test_DISPUTE_4_full_recipient_name_passes():
    items = [item("proof_of_delivery", DELIVERY)]

    assert one(check("not_received", items), "recipient_not_masked").ok


# --- DISPUTE-4: language and translation -----------------------------------------------------

CHINESE = f"签收单 订单号 {ORDER} 签收时间 2026-03-02 14:10 收件人 王小明 已签收 包裹完好无损"


def test_DISPUTE_4_russian_document_passes_language():
    text = f"Заказ {ORDER} вручён получателю Иванову Петру 2 марта 2026 года"

    assert one(check("not_received", [item("proof_of_delivery", text)]), "language").ok


def test_DISPUTE_4_chinese_document_without_translation_fails():
    finding = one(check("not_received", [item("proof_of_delivery", CHINESE)]), "language")

    assert not finding.ok and finding.rule == "DISPUTE-4"
    assert "translation" in finding.how_to_fix


def test_DISPUTE_4_chinese_document_with_attached_translation_passes():
    original = item("proof_of_delivery", CHINESE, name="qianshou.pdf")
    translation = item(
        "proof_of_delivery",
        f"Delivery receipt, order {ORDER}, signed 2026-03-02 14:10 by Wang Xiaoming",
        "other",
        name="translation.pdf",
        translation_of=original.inspected.sha256,
    )

    findings = check("not_received", [original, translation])

    assert one(findings, "language", "qianshou.pdf").ok
    assert "translation.pdf" in one(findings, "language", "qianshou.pdf").message
    assert one(findings, "translation", "translation.pdf").ok
    # The translation supports the original; it does not fill a slot itself.
    slot = next(f for f in findings if f.check == "slot_filled" and f.slot == "proof_of_delivery")
    assert slot.message.count("translation.pdf") == 0


def test_DISPUTE_4_translation_that_is_not_russian_or_english_fails():
    original = item("proof_of_delivery", CHINESE, name="qianshou.pdf")
    translation = item(
        "proof_of_delivery",
        CHINESE,
        "other",
        name="t.pdf",
        translation_of=original.inspected.sha256,
    )

    findings = check("not_received", [original, translation])

    assert not one(findings, "language", "qianshou.pdf").ok
    assert not one(findings, "translation", "t.pdf").ok


def test_DISPUTE_4_translation_of_a_file_not_in_the_appeal_fails():
    orphan = item("proof_of_delivery", DELIVERY, "other", name="t.pdf", translation_of="0" * 64)

    finding = one(check("not_received", [orphan]), "translation")

    assert not finding.ok and finding.rule == "DISPUTE-4"


def test_DISPUTE_4_document_without_readable_text_fails_language():
    finding = one(check("not_received", [item("proof_of_delivery", "  ~~ 12 ~~ ")]), "language")

    assert not finding.ok
    assert "readable" in finding.message


# --- DISPUTE-4: source -----------------------------------------------------------------------


@pytest.mark.parametrize("source", ["carrier_website", "carrier_letter", "notarised"])
def test_DISPUTE_4_carrier_or_notarised_source_accepted(source):
    items = [item("proof_of_delivery", DELIVERY, source)]

    assert one(check("not_received", items), "source").ok


def test_DISPUTE_4_courier_statement_is_not_evidence():
    items = [item("proof_of_delivery", DELIVERY, "courier_statement")]

    finding = one(check("not_received", items), "source")
    assert not finding.ok and finding.rule == "DISPUTE-4"
    assert "courier" in finding.message
    assert "carrier website" in finding.how_to_fix


@pytest.mark.parametrize("source", ["seller_photo", "other", "platform_logistics"])
def test_DISPUTE_4_seller_made_or_other_source_refused_for_delivery_proof(source):
    items = [item("proof_of_delivery", DELIVERY, source)]

    assert not one(check("not_received", items), "source").ok


def test_DISPUTE_4_refusal_notice_must_come_from_platform_logistics():
    text = f"Ozon logistics: return of {ORDER} refused by warehouse on 05.03.2026"

    from_platform = check("warehouse_refusal", [item("refusal_notice", text, "platform_logistics")])
    from_carrier = check("warehouse_refusal", [item("refusal_notice", text, "carrier_letter")])

    assert all(f.ok for f in from_platform)
    assert not one(from_carrier, "source").ok


def test_DISPUTE_4_customs_delay_documents_pass_with_carrier_sources():
    items = [
        item(
            "customs_release", f"Customs release for {ORDER}, released 2026-03-04", "carrier_letter"
        ),
        item(
            "carrier_letter",
            f"Dear seller, parcel {ORDER} was held by customs 28.02.2026",
            "carrier_letter",
        ),
    ]

    assert all(f.ok for f in check("customs_delay", items))


def test_DISPUTE_4_unknown_source_is_invalid_input():
    with pytest.raises(InvalidInput):
        check("not_received", [item("tracking_page", TRACKING, "my_friend")])


# --- the checklist in the seller's language --------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "missing"), ("ru", "не загружено"), ("zh", "缺失")]
)
def test_DISPUTE_3_checklist_speaks_the_sellers_language(lang, word):
    findings = check("not_received", [item("tracking_page", TRACKING)], lang=lang)

    missing = next(f for f in findings if not f.ok)
    assert word in missing.message
    assert missing.how_to_fix


def test_DISPUTE_4_every_message_exists_in_every_language():
    items = [
        item("tracking_page", "nothing", "courier_statement"),
        item("proof_of_delivery", CHINESE + " И***в", "seller_photo"),
        item("proof_of_delivery", "x", "other", name="t", translation_of="f" * 64),
    ]
    for lang in ("en", "ru", "zh"):
        findings = check("not_received", items, skus=("SKU-1",), lang=lang)
        assert all(f.message and (f.ok or f.how_to_fix) for f in findings)
        assert all(f.rule in {"DISPUTE-3", "DISPUTE-4"} for f in findings)


def test_DISPUTE_4_unsupported_language_is_invalid_input():
    with pytest.raises(InvalidInput):
        check("not_received", [], lang="de")
