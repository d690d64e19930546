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


if __name__ == "__main__":
    app()
