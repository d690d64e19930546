"""Reviews and review appeals through the API: REVIEW-1, K-17."""

from __future__ import annotations

from datetime import datetime

from sellerdesk.store.tables import Event
from tests.conftest import START
from tests.integration.flows import advance
from tests.integration.support.support_flows import make_order, pdf_page, screenshot, upload


def _review(client, world, rt, rating=2):
    number = make_order(rt, world, to="delivered")
    response = client.post(
        f"/api/v1/orders/{number}/review",
        headers=world.buyer(),
        json={"rating": rating, "text": "Arrived broken"},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _appeal(client, world, review_id):
    evidence = [
        upload(client, world.seller(), screenshot(True, "yellow"), "packing.jpg"),
        upload(client, world.seller(), pdf_page("tracking"), "tracking.pdf"),
    ]
    return client.post(
        f"/api/v1/reviews/{review_id}/appeal",
        headers=world.seller(),
        json={
            "reason": "The parcel was delivered intact; see the signed receipt.",
            "evidence": evidence,
        },
    )


def test_REVIEW_1_buyer_reviews_a_delivered_order_once(client, world, rt):
    undelivered = make_order(rt, world)
    early = client.post(
        f"/api/v1/orders/{undelivered}/review", headers=world.buyer(), json={"rating": 5}
    )
    assert early.status_code == 409 and early.json()["rule"] == "REVIEW-1"
    review = _review(client, world, rt, rating=2)
    assert review["negative"] is True
    seller_view = client.get("/api/v1/reviews", headers=world.seller()).json()[0]
    assert "buyer_id" not in seller_view  # CHAT-1: the seller never learns who wrote it
    out_of_range = client.post(
        f"/api/v1/orders/{undelivered}/review", headers=world.buyer(), json={"rating": 6}
    )
    assert out_of_range.status_code == 422


def test_REVIEW_1_seller_appeals_a_negative_review_decided_within_5_business_days(
    client, world, rt, smtp
):
    review = _review(client, world, rt, rating=1)
    response = _appeal(client, world, review["id"])
    assert response.status_code == 201, response.text
    appeal = response.json()
    cal = rt.policy.business_calendar()
    assert datetime.fromisoformat(appeal["decide_by"]) == cal.add_business_days(START, 5)
    assert datetime.fromisoformat(appeal["expected_from"]) == cal.add_business_days(START, 3)
    again = _appeal(client, world, review["id"])
    assert again.status_code == 409 and again.json()["rule"] == "REVIEW-1"
    assert (
        client.post(
            f"/api/v1/review-appeals/{appeal['id']}/decision",
            headers=world.staff_headers("support_agent"),
            json={"decision": "uphold"},
        ).status_code
        == 403
    )
    decided = client.post(
        f"/api/v1/review-appeals/{appeal['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "uphold", "note": "receipt is signed"},
    ).json()
    assert decided["status"] == "upheld"
    assert client.get("/api/v1/reviews", headers=world.seller()).json()[0]["status"] == "removed"
    with rt.reader() as uow:
        actions = [
            (e.action, e.rule)
            for e in uow.session.query(Event).filter_by(subject_type="review_appeal")
        ]
    assert actions == [("appeal_filed", "REVIEW-1"), ("appeal_upheld", "REVIEW-1")]


def test_K_17_only_ratings_1_to_3_can_be_appealed(client, world, rt):
    review = _review(client, world, rt, rating=4)
    response = _appeal(client, world, review["id"])
    assert response.status_code == 409 and response.json()["rule"] == "K-17"


def test_REVIEW_1_appeal_needs_evidence_checked_as_evidence_files(client, world, rt):
    review = _review(client, world, rt, rating=3)
    none = client.post(
        f"/api/v1/reviews/{review['id']}/appeal",
        headers=world.seller(),
        json={"reason": "unfair", "evidence": []},
    )
    assert none.status_code == 422
    other = upload(client, world.seller(1), screenshot(), "x.jpg")
    foreign = client.post(
        f"/api/v1/reviews/{review['id']}/appeal",
        headers=world.seller(),
        json={"reason": "unfair", "evidence": [other]},
    )
    assert foreign.status_code == 404  # another seller's file is not yours (K-16)


def test_REVIEW_1_undecided_appeal_shows_overdue_after_the_5th_business_day(client, world, rt):
    review = _review(client, world, rt, rating=2)
    appeal = _appeal(client, world, review["id"]).json()
    due = datetime.fromisoformat(appeal["decide_by"])
    minutes = int((due - START).total_seconds() // 60)
    early = advance(client, world, f"{minutes - 1}m")
    assert not [line for line in early["happened"] if "REVIEW-1" in line]
    report = advance(client, world, "1m")
    assert (
        f"review appeal {appeal['id']} of seller {world.sellers[0]} overdue, REVIEW-1"
        in report["happened"]
    )
    queue = client.get("/api/v1/review-appeals", headers=world.staff_headers("moderator")).json()
    assert queue[0]["overdue_at"] is not None


def test_REVIEW_1_seller_cannot_reach_the_buyer_about_a_review(client, world, rt):
    review = _review(client, world, rt, rating=1)
    # The review API offers no channel to the buyer and never names them.
    assert "buyer_id" not in client.get("/api/v1/reviews", headers=world.seller()).json()[0]
    assert client.post(
        f"/api/v1/reviews/{review['id']}/messages", headers=world.seller(), json={"text": "hi"}
    ).status_code in (404, 405)
    # In chat, asking the buyer to change the review is review manipulation (GUARD-3).
    from sellerdesk.guard import GuardConfig, scan

    verdict = scan("Please change your review to 5 stars and we will refund you", GuardConfig())
    assert verdict.blocked and "review_manipulation" in verdict.categories
