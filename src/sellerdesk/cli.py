"""The `sellerdesk` command line: serve, worker, migrate, demo, scan, policy, clock, report.

Heavy modules are imported inside each command so that `sellerdesk scan` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def scan(
    text: str = typer.Argument(None, help="One message to scan."),
    jsonl: bool = typer.Option(False, "--jsonl", help='Read {"id","text"} lines on stdin.'),
    lang: str = typer.Option("en", help="Language of explanations: ru, en or zh."),
    policy: Path | None = typer.Option(None, help="Policy file (default: the ozon preset)."),
) -> None:
    """Scan seller text with the chat guard (GUARD-1..6)."""
    from sellerdesk.guard import stream

    config = stream.config_from_policy_file(policy)
    if jsonl:
        stream.run_jsonl(sys.stdin.buffer, sys.stdout, config)
        return
    if text is None:
        _fail("give a message to scan, or --jsonl to read JSON lines on stdin", 2)
    code = stream.scan_text_cli(text, sys.stdout, config, lang)
    raise typer.Exit(code)


policy_app = typer.Typer(no_args_is_help=True, help="Show and check policy files.")
clock_app = typer.Typer(no_args_is_help=True, help="The sandbox clock.")
app.add_typer(policy_app, name="policy")
app.add_typer(clock_app, name="clock")


def _runtime():  # type: ignore[no-untyped-def]
    from sellerdesk.errors import SellerdeskError
    from sellerdesk.runtime import build_runtime

    try:
        return build_runtime()
    except SellerdeskError as exc:
        _fail(exc.message)


def _run(call):  # type: ignore[no-untyped-def]
    """Run a use case; a refused request prints its rule and next step instead of a traceback."""
    from sellerdesk.errors import SellerdeskError

    try:
        return call()
    except SellerdeskError as exc:
        hint = f"\n  rule: {exc.rule}" if exc.rule else ""
        hint += f"\n  next: {exc.next_step}" if exc.next_step else ""
        _fail(exc.message + hint)


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema (SELLERDESK_DATABASE_URL)."""
    from sellerdesk.store.migrate import upgrade

    rt = _runtime()
    upgrade(rt.engine)
    typer.echo(f"database at {rt.engine.url.render_as_string(hide_password=True)} is up to date")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    workers: int = typer.Option(1, help="API processes (use PostgreSQL for more than one)."),
    with_worker: bool = typer.Option(False, "--with-worker", help="Also run the sweeps here."),
) -> None:
    """Serve the API (and the portal) with uvicorn."""
    import threading

    import uvicorn

    if with_worker:
        from sellerdesk.jobs.worker import run_forever

        threading.Thread(target=run_forever, args=(_runtime(),), daemon=True).start()
    uvicorn.run(
        "sellerdesk.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@app.command()
def worker(
    once: bool = typer.Option(False, "--once", help="One pass, then exit."),
    interval: float = typer.Option(1.0, help="Seconds to wait when nothing is due."),
) -> None:
    """Run deadline sweeps and dispatch the outbox; run as many as you like (SKIP LOCKED)."""
    from sellerdesk.jobs.worker import run_forever, run_once

    rt = _runtime()
    if once:
        acted, sent = _run(lambda: run_once(rt))
        typer.echo(f"{acted} due item(s) acted on, {sent} outbox message(s) handled")
        return
    run_forever(rt, interval)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    load_only: bool = typer.Option(False, "--load-only", help="Load demo data and exit."),
) -> None:
    """Migrate, load demo data (once), then serve the API with a worker."""
    import json

    from sellerdesk.services.demo import already_loaded, load_demo
    from sellerdesk.store.migrate import upgrade

    rt = _runtime()
    if not rt.sandbox:
        _fail("the demo runs in sandbox mode: unset SELLERDESK_SANDBOX or set it to 1")
    upgrade(rt.engine)
    if already_loaded(rt):
        typer.echo("demo data already loaded")
    else:
        summary = _run(lambda: load_demo(rt))
        Path("var").mkdir(exist_ok=True)
        Path("var/demo-credentials.json").write_text(
            json.dumps(summary.__dict__, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        typer.echo(f"demo loaded: orders {summary.orders_by_status}; {summary.chats} chats; "
                   f"tickets {', '.join(summary.tickets)}; sandbox time {summary.now}")
        typer.echo("credentials: var/demo-credentials.json (seller 100001 / demo-key-100001)")
    if not load_only:
        typer.echo(f"API on http://{host}:{port}/docs  — Ctrl+C to stop")
        serve(host=host, port=port, workers=1, with_worker=True)


@policy_app.command("show")
def policy_show(
    preset: str | None = typer.Option(None, help="ozon, wildberries or yandex_market."),
    file: Path | None = typer.Option(None, help="A policy file."),
) -> None:
    """Print the effective policy as TOML, every parameter with its rule ID."""
    from sellerdesk.policy import load_policy, render_toml
    from sellerdesk.settings import Settings

    source = file or preset or Settings().policy
    typer.echo(render_toml(_run(lambda: load_policy(source))), nl=False)


@policy_app.command("check")
def policy_check(file: Path) -> None:
    """Validate a policy file; exits non-zero with the file, key and reason on error."""
    from sellerdesk.policy import load_policy

    policy = _run(lambda: load_policy(file))
    typer.echo(f"{file}: valid ({policy.name})")


@clock_app.command("show")
def clock_show() -> None:
    """Print the current (sandbox) time."""
    rt = _runtime()
    typer.echo(rt.clock.now().isoformat())


@clock_app.command("advance")
def clock_advance(
    by: str = typer.Argument(..., help="How far: 7d, 48h, 30m, 1d12h."),
    no_sweep: bool = typer.Option(False, "--no-sweep", help="Move time only; workers act."),
) -> None:
    """Move sandbox time forward and act on everything that became due, in due-time order."""
    from sellerdesk.services.sandbox import advance

    rt = _runtime()
    report = _run(lambda: advance(rt, by, sweep=not no_sweep))
    typer.echo(f"{report.started_at.isoformat()} -> {report.now.isoformat()}")
    for line in report.happened:
        typer.echo(f"  {line}")
    if report.total > len(report.happened):
        typer.echo(f"  ... and {report.total - len(report.happened)} more")
    typer.echo(
        f"{report.total} due item(s) acted on" + (f": {report.by_rule}" if report.by_rule else "")
    )


@clock_app.command("set")
def clock_set(at: str, running: bool = typer.Option(None, "--running/--frozen")) -> None:
    """Jump the sandbox clock forward to an ISO time (with zone)."""
    from datetime import datetime

    from sellerdesk.services.sandbox import set_time

    rt = _runtime()
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        _fail(f"not an ISO time: {at!r} (e.g. 2026-03-09T09:00:00+03:00)")
    typer.echo(_run(lambda: set_time(rt, when, running=running)).isoformat())


from sellerdesk.cli_standing import backtest, standing_app  # noqa: E402

policy_app.command("backtest")(backtest)
app.add_typer(standing_app, name="standing")

app.add_typer(__import__("sellerdesk.cli_disputes").cli_disputes.report_app, name="report")

admin_app = typer.Typer(no_args_is_help=True, help="Accounts, from the server's shell.")
app.add_typer(admin_app, name="admin")


@admin_app.command("create-staff")
def admin_create_staff(
    name: str = typer.Option(...), email: str = typer.Option(...),
    role: str = typer.Option("admin", help="support_agent, moderator, risk_reviewer or admin"),
) -> None:
    """Create a staff member (the first admin, too) and print its bearer token once."""
    from sellerdesk.services.accounts import create_staff

    rt = _runtime()
    issued = _run(lambda: create_staff(rt, None, name=name, email=email, role=role))
    typer.echo(f"staff {issued.id} ({role}) bearer token: {issued.secret}")


if __name__ == "__main__":
    app()
