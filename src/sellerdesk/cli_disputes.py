"""`sellerdesk report disputes`: the DISPUTE-9 report as CSV or XLSX, with totals per status and
type. Runs as the operator (every seller, or one with --seller)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import typer

report_app = typer.Typer(no_args_is_help=True, help="Reports (DISPUTE-9).")

STATUSES = ("open", "appealed", "won", "rejected", "closed")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        _fail(f"{option}: not an ISO time: {value!r} (e.g. 2026-03-01T00:00:00+03:00)", 2)
        raise
    if found.tzinfo is None:
        _fail(f"{option}: give the time with a zone, e.g. 2026-03-01T00:00:00+03:00", 2)
    return found


@report_app.command("disputes")
def report_disputes(
    format: str = typer.Option("csv", "--format", help="csv or xlsx."),
    status: str | None = typer.Option(None, help="open, appealed, won, rejected or closed."),
    type: str | None = typer.Option(None, "--type", help="Dispute type, e.g. not_received."),
    seller: int | None = typer.Option(None, help="Only this seller's disputes."),
    created_from: str | None = typer.Option(None, "--from", help="Refunded at or after (ISO)."),
    created_to: str | None = typer.Option(None, "--to", help="Refunded before (ISO)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (required for xlsx; CSV defaults to stdout)."
    ),
) -> None:
    """Export disputes with type, trigger rule, status, amounts and dates (DISPUTE-9)."""
    from sellerdesk.access import Actor
    from sellerdesk.errors import SellerdeskError
    from sellerdesk.runtime import build_runtime
    from sellerdesk.services.dispute_report import disputes_csv, disputes_xlsx

    if format not in ("csv", "xlsx"):
        _fail("--format is csv or xlsx", 2)
    if status is not None and status not in STATUSES:
        _fail(f"--status is one of {', '.join(STATUSES)}", 2)
    if format == "xlsx" and output is None:
        _fail("an XLSX report needs --output FILE", 2)
    filters = {
        "status": status,
        "type": type,
        "seller_id": seller,
        "created_from": _when(created_from, "--from"),
        "created_to": _when(created_to, "--to"),
    }
    try:
        rt = build_runtime()
        operator = Actor("system")
        if format == "xlsx":
            assert output is not None
            disputes_xlsx(rt, operator, output, **filters)
        elif output is None:
            for chunk in disputes_csv(rt, operator, **filters):
                sys.stdout.write(chunk)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                for chunk in disputes_csv(rt, operator, **filters):
                    handle.write(chunk)
    except SellerdeskError as exc:
        hint = f" (rule {exc.rule})" if exc.rule else ""
        _fail(exc.message + hint)
    if output is not None:
        typer.echo(f"disputes report written to {output}", err=True)
