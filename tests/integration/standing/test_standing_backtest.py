"""`sellerdesk policy backtest`: replay the event log under another policy (STANDING-4)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sellerdesk.policy import load_policy
from sellerdesk.runtime import Runtime
from sellerdesk.services.standing_backtest import backtest
from tests.conftest import World
from tests.integration.standing.shop import accepted, jump, ship


def history(rt: Runtime, world: World) -> None:
    """March: seller 0 cancels 1 of 21 (4.8%), seller 1 cancels 1 of 34 (2.9%)."""
    for seller, count in ((0, 21), (1, 34)):
        numbers = accepted(rt, world, count, seller=seller)
        ship(rt, world, numbers[1:], seller=seller)
    jump(rt, datetime(2026, 4, 2, 9, 0, tzinfo=UTC))


def proposal(tmp_path: Path, limit: float) -> Path:
    path = tmp_path / f"limit-{limit}.toml"
    path.write_text(f'extends = "ozon"\nname = "proposal"\n[cancel]\nseller_cancel_rate_max = {limit}\n')
    return path


APRIL = (date(2026, 3, 1), date(2026, 3, 31))


def test_STANDING_4_backtest_same_policy_changes_nothing(
    rt: Runtime, world: World, tmp_path: Path
) -> None:
    history(rt, world)
    report = backtest(rt, load_policy("ozon"), *APRIL)
    assert report.differences == []
    assert report.current == report.proposed == 1  # seller 0's March warning, as live
    assert report.events > 0


def test_CANCEL_6_backtest_a_looser_limit_drops_the_warning(
    rt: Runtime, world: World, tmp_path: Path
) -> None:
    history(rt, world)
    report = backtest(rt, load_policy(proposal(tmp_path, 0.05)), *APRIL)
    [diff] = report.differences
    assert (diff.seller_id, diff.change, diff.decision.kind) == (world.sellers[0], "dropped",
                                                                 "warning")
    assert diff.decision.rule == "CANCEL-6"


def test_CANCEL_6_backtest_a_stricter_limit_adds_a_warning(
    rt: Runtime, world: World, tmp_path: Path
) -> None:
    history(rt, world)
    report = backtest(rt, load_policy(proposal(tmp_path, 0.02)), *APRIL)
    [diff] = report.differences
    assert (diff.seller_id, diff.change) == (world.sellers[1], "added")
    assert diff.decision.facts["numerator"] == 1 and diff.decision.facts["denominator"] == 34


def test_STANDING_4_backtest_command_prints_the_differences(
    rt: Runtime, world: World, tmp_path: Path
) -> None:
    if rt.engine.dialect.name != "sqlite":
        return  # the command is the same on both; one file database is enough here
    history(rt, world)
    env = {**os.environ, "SELLERDESK_DATABASE_URL": rt.settings.database_url,
           "SELLERDESK_STORAGE_DIR": str(tmp_path / "files")}
    result = subprocess.run(
        [sys.executable, "-m", "sellerdesk.cli", "policy", "backtest",
         str(proposal(tmp_path, 0.02)), "--from", "2026-03-01", "--to", "2026-03-31"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"+ seller {world.sellers[1]} warning CANCEL-6" in result.stdout
    assert "1 added, 0 dropped" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "sellerdesk.cli", "policy", "backtest",
         str(proposal(tmp_path, 0.02)), "--from", "2026-03-31", "--to", "2026-03-01"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert bad.returncode == 2 and "--to is before --from" in bad.stderr
