"""The policy file: strict model, presets, rule IDs beside parameters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sellerdesk.errors import PolicyError
from sellerdesk.policy import PRESETS, load_policy, render_toml


@pytest.mark.parametrize("name", PRESETS)
def test_presets_load(name):
    assert load_policy(name).name == name


def test_ozon_preset_values_ORDER_and_CANCEL():
    policy = load_policy("ozon")
    assert policy.order.ship_within.standard == timedelta(days=6)  # ORDER-1
    assert policy.order.payment_window == timedelta(hours=48)  # ORDER-2
    assert policy.order.address_changes_max == 1  # ORDER-3
    assert policy.order.fulfilment_rate_target == 0.95  # ORDER-4
    assert policy.cancel.buyer_request_decide_within == timedelta(days=5)  # CANCEL-2
    assert policy.cancel.seller_request_review_max_days == 10  # CANCEL-3
    assert policy.cancel.seller_cancel_rate_max == 0.03  # CANCEL-6
    assert policy.cancel.late_shipment_weeks == 3  # CANCEL-7
    assert min(policy.fees.commission_by_category.values()) >= 0.05  # CANCEL-5
    assert max(policy.fees.commission_by_category.values()) <= 0.20


def test_unknown_key_names_file_key_and_reason(tmp_path: Path):
    bad = tmp_path / "mine.toml"
    bad.write_text('extends = "ozon"\n[cancel]\nbuyer_request_decide_witin = "3d"\n')
    with pytest.raises(PolicyError) as err:
        load_policy(bad)
    assert err.value.file == str(bad)
    assert err.value.key == "cancel.buyer_request_decide_witin"
    assert err.value.reason == "unknown key"


def test_bad_value_reason(tmp_path: Path):
    bad = tmp_path / "mine.toml"
    bad.write_text('extends = "ozon"\n[order]\npayment_window = "soon"\n')
    with pytest.raises(PolicyError) as err:
        load_policy(bad)
    assert err.value.key == "order.payment_window"
    assert "duration" in err.value.reason


def test_extends_overrides_only_what_it_names(tmp_path: Path):
    mine = tmp_path / "mine.toml"
    mine.write_text('extends = "ozon"\nname = "mine"\n[order.ship_within]\nexpress = "1d"\n')
    policy = load_policy(mine)
    assert policy.order.ship_within.express == timedelta(days=1)
    assert policy.order.ship_within.standard == timedelta(days=6)


def test_render_carries_rule_ids_and_reloads(tmp_path: Path):
    text = render_toml(load_policy("ozon"))
    assert "# CANCEL-2" in text and "# ORDER-1" in text
    again = tmp_path / "again.toml"
    again.write_text(text)
    assert load_policy(again) == load_policy("ozon")
