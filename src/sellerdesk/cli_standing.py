"""Standing from the shell: `sellerdesk policy backtest` replays the event log under another
policy (STANDING-4); `sellerdesk standing status|catch-up|rebuild` looks after the counters the
projector keeps (STANDING-2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.secho(f"error: {option} must be a date such as 2026-03-01", fg="red", err=True)
        raise typer.Exit(2) from None


def backtest(
    file: Path = typer.Argument(..., help="The proposed policy file (TOML)."),
    start: str = typer.Option(..., "--from", help="First Moscow day, e.g. 2026-01-01."),
    end: str = typer.Option(..., "--to", help="Last Moscow day, inclusive."),
) -> None:
    """Print which sanctions would have differed had FILE been the policy (STANDING-4)."""
    from sellerdesk.errors import SellerdeskError
    from sellerdesk.policy import load_policy
    from sellerdesk.runtime import build_runtime
    from sellerdesk.services.standing_backtest import backtest as run_backtest

    first, last = _day(start, "--from"), _day(end, "--to")
    if last < first:
        typer.secho("error: --to is before --from", fg="red", err=True)
        raise typer.Exit(2)
    try:
        proposed = load_policy(file)
        rt = build_runtime()
        report = run_backtest(rt, proposed, first, last)
    except SellerdeskError as exc:
        typer.secho(f"error: {exc.message}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"backtest {first} .. {last}: {report.sellers} seller(s), {report.events} event(s) replayed"
    )
    typer.echo(f"  current policy ({rt.policy.name}): {report.current} sanction(s)")
    typer.echo(f"  {file}: {report.proposed} sanction(s)")
    if not report.differences:
        typer.echo("no sanction would have differed")
        return
    for diff in report.differences:
        d = diff.decision
        sign = "+" if diff.change == "added" else "-"
        where = "only under the proposed policy" if sign == "+" else "only under the current one"
        typer.echo(
            f"{sign} seller {diff.seller_id} {d.kind} {d.rule} from {d.starts_at.isoformat()} "
            f"({where}): {d.reason}"
        )
    added = sum(1 for d in report.differences if d.change == "added")
    typer.echo(f"{added} added, {len(report.differences) - added} dropped")


standing_app = typer.Typer(
    no_args_is_help=True, help="The standing counters folded from the event log (STANDING-2)."
)


def _call(work):  # type: ignore[no-untyped-def]
    """Run `work(runtime)` the way every command does: a refusal prints its rule, no traceback."""
    from sellerdesk.cli import _run, _runtime

    rt = _runtime()
    return _run(lambda: work(rt))


@standing_app.command("status")
def status() -> None:
    """How far the projector has read the event log."""
    from sellerdesk.services.standing_projector import progress

    now = _call(progress)
    when = now.updated_at.isoformat() if now.updated_at else "never"
    typer.echo(
        f"projected up to event {now.last_event_id} of {now.newest_event_id} "
        f"({now.pending} pending), last pass {when}"
    )


@standing_app.command("catch-up")
def catch_up() -> None:
    """Fold every event not yet counted into the counters now (the worker does this too)."""
    from sellerdesk.services.standing_projector import catch_up as run

    typer.echo(f"{_call(run)} event(s) folded in")


@standing_app.command("rebuild")
def rebuild() -> None:
    """Throw the counters away and fold the whole event log again, in one transaction.
    Readers see the old numbers until it commits; the result equals the incremental one."""
    from sellerdesk.services.standing_projector import rebuild as run

    typer.echo(f"rebuilt the standing counters from {_call(run)} event(s)")
