"""Fixtures for the support-desk integration tests: a real local SMTP server."""

from __future__ import annotations

import pytest

from tests.integration.support.support_flows import start_smtp


@pytest.fixture
def smtp(rt):
    controller, inbox, port = start_smtp()
    rt.settings.smtp_port = port
    rt.settings.smtp_host = "127.0.0.1"
    yield inbox
    controller.stop()
