"""The CLI as a user runs it: policy, migrate, demo, clock advance (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "sellerdesk.cli"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SELLERDESK_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "SELLERDESK_STORAGE_DIR": str(tmp_path / "files"),
        **env,
    }
    return subprocess.run(
        CLI + args, capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=300
    )


def test_policy_show_prints_rule_ids(tmp_path):
    result = run(["policy", "show", "--preset", "wildberries"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'name = "wildberries"' in result.stdout
    assert "# CANCEL-3" in result.stdout


def test_policy_check_rejects_unknown_key_with_clear_message(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "ozon"\n[order]\nship_by = "3d"\n')
    result = run(["policy", "check", str(bad)], tmp_path)
    assert result.returncode == 1
    assert "order.ship_by: unknown key" in result.stderr
    assert "Traceback" not in result.stderr
    good = tmp_path / "good.toml"
    good.write_text('extends = "ozon"\n')
    assert run(["policy", "check", str(good)], tmp_path).returncode == 0


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo")
    result = run(["demo", "--load-only"], path)
    assert result.returncode == 0, result.stderr
    return path


def test_demo_loads_every_state_and_credentials(demo_dir):
    credentials = json.loads((demo_dir / "var" / "demo-credentials.json").read_text())
    assert len(credentials["sellers"]) == 3 and len(credentials["buyers"]) == 20
    states = credentials["orders_by_status"]
    assert sum(states.values()) == 200
    for state in (
        "unpaid",
        "awaiting_packaging",
        "awaiting_deliver",
        "delivering",
        "delivered",
        "cancelled",
        "returned",
    ):
        assert states.get(state), f"demo has no {state} order"
    # chats in three languages, one seller answer stopped by the guard, and a support ticket
    assert credentials["chats"] == 4
    assert credentials["tickets"] and credentials["tickets"][0].startswith("T-")


def test_GUARD_7_demo_shows_a_blocked_answer_and_its_warning(demo_dir):
    import sqlite3

    db = sqlite3.connect(demo_dir / "cli.db")
    actions = dict(db.execute("SELECT action, count(*) FROM events GROUP BY action").fetchall())
    db.close()
    assert actions.get("guard.warning") == 1, actions


def test_CANCEL_4_clock_advance_cli_reports_what_happened(demo_dir):
    result = run(["clock", "advance", "7d"], demo_dir)
    assert result.returncode == 0, result.stderr
    assert "auto-cancelled, CANCEL-4" in result.stdout
    assert "ORDER-2" in result.stdout
    again = run(["clock", "advance", "1m"], demo_dir)
    assert again.returncode == 0 and "posting " not in again.stdout


def test_clock_advance_refused_outside_sandbox(demo_dir):
    result = run(["clock", "advance", "1d"], demo_dir, SELLERDESK_SANDBOX="0")
    assert result.returncode == 1
    assert "sandbox mode" in result.stderr and "Traceback" not in result.stderr


def test_clock_advance_bad_duration(demo_dir):
    result = run(["clock", "advance", "soon"], demo_dir)
    assert result.returncode == 1
    assert "not a duration" in result.stderr


def test_admin_create_staff_bootstraps_an_admin(demo_dir):
    result = run(["admin", "create-staff", "--name", "Root", "--email", "root@example.com"],
                 demo_dir)
    assert result.returncode == 0, result.stderr
    assert "bearer token:" in result.stdout
    again = run(["admin", "create-staff", "--name", "Root", "--email", "root@example.com"],
                demo_dir)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_STANDING_2_standing_rebuild_status_and_catch_up_from_the_shell(demo_dir):
    advanced = run(["clock", "advance", "3d"], demo_dir)
    assert advanced.returncode == 0, advanced.stderr
    caught = run(["standing", "catch-up"], demo_dir)
    assert caught.returncode == 0, caught.stderr
    status = run(["standing", "status"], demo_dir)
    assert status.returncode == 0 and "(0 pending)" in status.stdout
    rebuilt = run(["standing", "rebuild"], demo_dir)
    assert rebuilt.returncode == 0, rebuilt.stderr
    count = int(rebuilt.stdout.split("from ")[1].split(" event")[0])
    projected = int(status.stdout.split("up to event ")[1].split(" ")[0])
    assert 0 < count <= projected
