"""Appeal evidence through the API: DISPUTE-2 files checked by content (malicious ones refused,
nothing stored), DISPUTE-3 typed slots, DISPUTE-4 checks reported before submission."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from sellerdesk.store.tables import StoredFile
from sellerdesk.store.tables.disputes import Appeal, AppealFile
from tests.integration.disputes.dispute_flows import (
    appeal,
    dispute,
    good_evidence,
    label_photo,
    pdf_bomb,
    photo,
    proof_of_delivery,
    renamed_executable,
    stalled,
    text_pdf,
    tracking_page,
    truncated_jpeg,
)


def _nothing_stored(rt) -> None:
    with rt.reader() as uow:
        for table in (StoredFile, Appeal, AppealFile):
            assert uow.session.execute(select(func.count()).select_from(table)).scalar() == 0
    root = Path(rt.settings.storage_dir)
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


MALICIOUS = {
    "renamed_executable": lambda: ("proof.jpg", renamed_executable()),
    "truncated_image": lambda: ("proof.jpg", truncated_jpeg()),
    "pdf_bomb": lambda: ("proof.pdf", pdf_bomb()),
    "script_as_png": lambda: ("proof.png", b"#!/bin/sh\nrm -rf /\n" + b" " * 100),
}


@pytest.mark.parametrize("case", sorted(MALICIOUS))
def test_DISPUTE_2_malicious_file_refused_with_a_clear_error_and_nothing_stored(
    client, world, rt, case
):
    number, record = stalled(client, world)
    files = good_evidence(number)
    files["proof_of_delivery"] = [MALICIOUS[case]()]

    response = appeal(client, world, record["id"], files)

    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["rule"] == "DISPUTE-2" and problem["next_step"]
    assert "proof." in problem["detail"]
    _nothing_stored(rt)
    assert dispute(client, world.seller(), record["id"])["status"] == "open"


def test_DISPUTE_2_sixth_file_refused_and_nothing_stored(client, world, rt):
    number, record = stalled(client, world)
    files = good_evidence(number)
    files["packing_photos"] = [
        (f"p{i}.jpg", photo(colour)) for i, colour in enumerate(("red", "green", "blue", "white"))
    ]

    response = appeal(client, world, record["id"], files)

    assert response.status_code == 409
    problem = response.json()
    assert problem["rule"] == "DISPUTE-2" and problem["facts"]["reason"] == "too_many_files"
    assert "at most 5 files" in problem["detail"]
    _nothing_stored(rt)


def test_DISPUTE_2_file_over_5MB_refused_K_15(client, world, rt):
    number, record = stalled(client, world)
    files = good_evidence(number)
    files["packing_photos"] = [("huge.png", b"\x89PNG" + b"\x00" * (5 * 1024 * 1024))]

    response = appeal(client, world, record["id"], files)

    assert response.status_code == 409 and response.json()["facts"]["reason"] == "file_too_large"
    _nothing_stored(rt)


def test_K_15_a_valid_pdf_named_png_is_accepted_as_a_pdf(client, world):
    number, record = stalled(client, world)
    files = {
        "tracking_page": [("tracking.png", tracking_page(number))],
        "proof_of_delivery": [("pod.pdf", proof_of_delivery(number))],
    }
    body = appeal(client, world, record["id"], files).json()
    assert body["status"] == "submitted"
    assert {f["filename"]: f["kind"] for f in body["files"]}["tracking.png"] == "pdf"


def test_DISPUTE_3_check_reports_each_failed_check_with_rule_and_fix_and_stores_nothing(
    client, world, rt
):
    number, record = stalled(client, world)
    files = {"tracking_page": [("tracking.pdf", tracking_page(number, stamp=False))]}

    response = appeal(client, world, record["id"], files, check=True)

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ready"] is False
    assert report["required_slots"] == ["tracking_page", "proof_of_delivery"]
    failed = {(f["rule"], f["check"], f["slot"]): f for f in report["findings"] if not f["ok"]}
    missing = failed[("DISPUTE-3", "slot_filled", "proof_of_delivery")]
    assert "recipient's name" in missing["how_to_fix"]
    assert ("DISPUTE-4", "timestamp", "tracking_page") not in failed  # the file has dates
    assert all(f["how_to_fix"] for f in failed.values())
    _nothing_stored(rt)


def test_DISPUTE_4_masked_recipient_courier_statement_and_missing_order_number_reported(
    client, world, rt
):
    number, record = stalled(client, world)
    files = {
        "tracking_page": [
            (
                "tracking.pdf",
                text_pdf("CDEK tracking\n02.03.2026 14:10 in transit\nDelivered to Ivan Petrov"),
            )
        ],
        "proof_of_delivery": [("pod.pdf", proof_of_delivery(number, name="I*** P*****"))],
    }
    details = {"pod.pdf": {"source": "courier_statement"}}

    report = appeal(client, world, record["id"], files, details=details, check=True).json()

    failed = {(f["check"], f["file"]) for f in report["findings"] if not f["ok"]}
    assert ("order_number", "tracking.pdf") in failed
    assert ("recipient_not_masked", "pod.pdf") in failed
    assert ("source", "pod.pdf") in failed
    source = next(f for f in report["findings"] if f["check"] == "source" and not f["ok"])
    assert source["rule"] == "DISPUTE-4" and "courier" in source["message"].lower()


def test_DISPUTE_2_check_reports_a_bad_file_as_a_finding(client, world, rt):
    number, record = stalled(client, world)
    files = good_evidence(number) | {"packing_photos": [("x.jpg", renamed_executable())]}

    report = appeal(client, world, record["id"], files, check=True).json()

    bad = [f for f in report["findings"] if not f["ok"]]
    assert [(f["rule"], f["check"], f["file"]) for f in bad] == [
        ("DISPUTE-2", "file_accepted", "x.jpg")
    ]
    assert "program" in bad[0]["message"]
    _nothing_stored(rt)


def test_DISPUTE_3_customs_delay_grounds_need_customs_release_and_carrier_letter(client, world):
    number, record = stalled(client, world)
    files = {
        "customs_release": [
            (
                "release.pdf",
                text_pdf(f"Customs release for order {number}\nReleased 04.03.2026 09:00"),
            )
        ]
    }

    report = appeal(client, world, record["id"], files, check=True, grounds="customs_delay").json()

    assert report["grounds"] == "customs_delay"
    missing = [f["slot"] for f in report["findings"] if f["check"] == "slot_filled" and not f["ok"]]
    assert missing == ["carrier_letter"]
    wrong = appeal(client, world, record["id"], files, check=True, grounds="damaged")
    assert wrong.status_code == 422 and wrong.json()["rule"] == "DISPUTE-3"


def test_DISPUTE_4_order_label_read_by_ocr_on_a_product_photo(client, world):
    from tests.integration.disputes.dispute_flows import complain, delivered
    from tests.integration.flows import advance

    number = delivered(client, world)
    record = complain(client, world, number, "wrong_item", skus=["SKU-1"]).json()
    advance(client, world, "1h")
    files = {
        "packing_photos": [("packing.jpg", photo("tan"))],
        "product_photos_with_label": [("label.png", label_photo([f"ORDER {number}", "SKU-1"]))],
        "packing_list": [
            ("list.pdf", text_pdf(f"Packing list {number}\nDate 01.03.2026\nSKU-1 Mug x2"))
        ],
    }
    details = {"packing.jpg": {"skus": ["SKU-1"]}}

    report = appeal(client, world, record["id"], files, details=details, check=True).json()

    label = next(
        f for f in report["findings"] if f["check"] == "order_number" and f["file"] == "label.png"
    )
    assert label["ok"], report["findings"]
    assert report["ready"], [f for f in report["findings"] if not f["ok"]]


def test_DISPUTE_3_unknown_slot_field_refused(client, world):
    _number, record = stalled(client, world)
    response = client.post(
        f"/api/v1/disputes/{record['id']}/appeal",
        headers=world.seller(),
        data={"confirm": "true"},
        files=[("selfie", ("me.jpg", photo()))],
    )
    assert response.status_code == 422 and response.json()["rule"] == "DISPUTE-3"
