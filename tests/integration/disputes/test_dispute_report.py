"""DISPUTE-9: the dispute list (filters, cursor pagination), totals, CSV and XLSX exports through
the API, and `sellerdesk report disputes` on the command line."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from typer.testing import CliRunner

from sellerdesk.cli import app
from tests.integration.disputes.dispute_flows import (
    appeal,
    complain,
    delivered,
    disputes_of,
    good_evidence,
    stalled_many,
)
from tests.integration.flows import advance


def _three_disputes(client, world):
    """Two tracking stalls (one appealed) and one wrong-item complaint, by seller 0; one
    complaint by seller 1."""
    (first, one), (_second, two) = stalled_many(client, world, 2)
    appeal(client, world, one["id"], good_evidence(first))
    advance(client, world, "1h")
    number = delivered(client, world)
    complain(client, world, number, "wrong_item", skus=["SKU-2"])
    other = delivered(client, world, seller=1)
    complain(client, world, other, "damaged", photos=[])  # refused: no photos
    complain(client, world, other, "wrong_item")
    return one, two


def test_DISPUTE_9_list_filters_by_status_type_and_date_with_cursor_pages(client, world):
    one, two = _three_disputes(client, world)
    seller = world.seller()

    everything = disputes_of(client, seller)
    assert len(everything) == 3 and everything[0]["type"] == "wrong_item"  # newest first
    assert [d["id"] for d in disputes_of(client, seller, status="appealed")] == [one["id"]]
    assert {d["id"] for d in disputes_of(client, seller, status="open")} == {
        two["id"],
        everything[0]["id"],
    }
    assert len(disputes_of(client, seller, type="tracking_stall")) == 2
    assert disputes_of(client, seller, created_from="2026-03-07T09:00:01Z") == [everything[0]]
    assert len(disputes_of(client, seller, created_to="2026-03-07T09:00:01Z")) == 2
    page = client.get("/api/v1/disputes", headers=seller, params={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(
        "/api/v1/disputes", headers=seller, params={"limit": 2, "cursor": page["next_cursor"]}
    ).json()
    assert [d["id"] for d in page["items"] + rest["items"]] == [d["id"] for d in everything]
    assert rest["next_cursor"] is None
    bad = client.get("/api/v1/disputes", headers=seller, params={"status": "lost"})
    assert bad.status_code == 422
    staff = client.get("/api/v1/disputes", headers=world.staff_headers("admin")).json()
    assert len(staff["items"]) == 4


def test_DISPUTE_9_totals_per_status_and_type(client, world):
    _three_disputes(client, world)
    body = client.get("/api/v1/disputes/totals", headers=world.seller()).json()
    rows = {(t["status"], t["type"]): t for t in body["totals"]}
    assert rows[("open", "tracking_stall")]["disputes"] == 1
    assert rows[("appealed", "tracking_stall")]["refunded"] == "2100.00"
    assert rows[("*", "tracking_stall")]["disputes"] == 2
    assert rows[("*", "*")] == {
        "status": "*",
        "type": "*",
        "disputes": 3,
        "refunded": "5400.00",
        "returned": "0.00",
        "fine": "0.00",
    }


def test_DISPUTE_9_csv_export_streams_rows_then_totals(client, world):
    _three_disputes(client, world)
    advance(client, world, "5d")  # the appeal is decided (won) meanwhile

    response = client.get(
        "/api/v1/disputes/export", headers=world.seller(), params={"format": "csv"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    header = rows[0]
    assert header[:6] == [
        "dispute_id",
        "posting_number",
        "seller_id",
        "type",
        "trigger_rule",
        "status",
    ]
    blank = rows.index([])
    records = [dict(zip(header, r, strict=True)) for r in rows[1:blank]]
    assert len(records) == 3
    assert {r["status"] for r in records} == {"won", "open"}
    won = next(r for r in records if r["status"] == "won")
    assert won["returned"] == "2100.00" and won["trigger_rule"] == "REFUND-1"
    assert won["appealed_at"] and won["decided_at"]
    assert rows[blank + 1] == ["totals"]
    totals = {(r[0], r[1]): r for r in rows[blank + 3 :]}
    assert totals[("won", "tracking_stall")][2:4] == ["1", "2100.00"]
    assert totals[("*", "*")][2] == "3"

    only_won = client.get(
        "/api/v1/disputes/export", headers=world.seller(), params={"format": "csv", "status": "won"}
    ).text
    assert only_won.count("\nREFUND") == 0 and len(only_won.split("\r\n\r\n")[0].splitlines()) == 2


def test_DISPUTE_9_xlsx_export_has_disputes_and_totals_sheets(client, world):
    _three_disputes(client, world)

    response = client.get(
        "/api/v1/disputes/export",
        headers=world.seller(),
        params={"format": "xlsx", "type": "tracking_stall"},
    )

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Disputes", "Totals"]
    rows = list(book["Disputes"].iter_rows(values_only=True))
    assert rows[0][0] == "dispute_id" and len(rows) == 3
    assert {r[3] for r in rows[1:]} == {"tracking_stall"}
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[0] == ("status", "type", "disputes", "refunded", "returned", "fine")
    assert totals[-1][:3] == ("*", "*", 2)


def test_DISPUTE_9_another_seller_exports_only_its_own(client, world):
    _three_disputes(client, world)
    text = client.get("/api/v1/disputes/export", headers=world.seller(1)).text
    records = text.split("\r\n\r\n")[0].splitlines()[1:]
    assert len(records) == 1 and f",{world.sellers[1]}," in records[0]


def test_DISPUTE_9_cli_report_disputes_csv_and_xlsx(client, world, rt, tmp_path, monkeypatch):
    _three_disputes(client, world)
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", rt.settings.database_url)
    monkeypatch.setenv("SELLERDESK_SANDBOX", "1")
    runner = CliRunner()

    out = tmp_path / "open.csv"
    result = runner.invoke(
        app,
        [
            "report",
            "disputes",
            "--format",
            "csv",
            "--status",
            "open",
            "--seller",
            str(world.sellers[0]),
            "--output",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    records = rows[1 : rows.index([])]
    assert len(records) == 2 and {r[5] for r in records} == {"open"}
    xlsx = tmp_path / "all.xlsx"
    result = runner.invoke(app, ["report", "disputes", "--format", "xlsx", "--output", str(xlsx)])
    assert result.exit_code == 0, result.output
    book = load_workbook(xlsx, read_only=True)
    assert len(list(book["Disputes"].iter_rows(values_only=True))) == 5  # every seller's 4
    bad = runner.invoke(app, ["report", "disputes", "--status", "lost"])
    assert bad.exit_code == 2 and "--status" in bad.output
