"""The sandbox clock lives in the database: every process sees the same sandbox time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sellerdesk.errors import InvalidInput
from sellerdesk.services import sandbox
from tests.conftest import START, make_runtime


def test_two_processes_share_the_sandbox_time(rt, tmp_path):
    other = make_runtime(rt.settings.database_url, tmp_path / "other")
    other.clock.set(START)  # what a second process started on the same database sees
    sandbox.advance(rt, "3d")
    assert other.clock.now() == START + timedelta(days=3)


def test_clock_moves_forward_only(rt):
    with pytest.raises(InvalidInput):
        sandbox.set_time(rt, START - timedelta(hours=1))
    with pytest.raises(InvalidInput):
        sandbox.advance(rt, "-1d")


def test_advance_is_bounded_by_policy(rt):
    with pytest.raises(InvalidInput) as err:
        sandbox.advance(rt, "500d")
    assert "at most 400 days" in err.value.message
