"""Concurrency on PostgreSQL (and SQLite, where writers are serialised): ticket numbers stay
unique (SUPPORT-4) and withdrawals never spend more than the balance (PAYOUT-1)."""

from __future__ import annotations

import threading
from decimal import Decimal

from sellerdesk.access import Actor
from sellerdesk.errors import Conflict
from sellerdesk.services import payouts, support_tickets
from sellerdesk.store.tables import LedgerEntry
from tests.integration.support.support_flows import make_order


def _together(count: int, work) -> list[object]:
    """Run `work(i)` in `count` threads released at the same moment; collect results/errors."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # collected and asserted by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_SUPPORT_4_ticket_ids_unique_under_concurrent_creators(rt, world):
    sellers = [Actor("seller", s) for s in world.sellers]

    def create(i: int) -> list[str]:
        return [
            support_tickets.create_ticket(
                rt, sellers[i % 2], title=f"[ACCOUNT] question {i}-{n}", body="Issue: KYC"
            ).number
            for n in range(5)
        ]

    results = _together(8, create)
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = [n for batch in results for n in batch]  # type: ignore[union-attr]
    assert len(numbers) == 40 and len(set(numbers)) == 40
    assert sorted(int(n[-5:]) for n in numbers) == list(range(1, 41))
    assert {n[:11] for n in numbers} == {"T-20260302-"}


def test_PAYOUT_1_concurrent_withdrawals_never_exceed_the_balance(rt, world):
    rt.policy = rt.policy.model_copy(
        update={"payout": rt.policy.payout.model_copy(update={"per_day": 100})}
    )
    make_order(rt, world)  # +1000.00
    seller = Actor("seller", world.sellers[0])
    payouts.set_account(
        rt,
        seller,
        bank_name="Sberbank",
        bik="044525225",
        account_number="40702810938000000001",
        holder="OOO Romashka",
    )

    results = _together(10, lambda i: payouts.withdraw(rt, seller, Decimal("150.00")))
    paid = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(paid) == 6 and all(isinstance(r, Conflict) for r in refused), results
    with rt.reader() as uow:
        total = sum(
            e.amount for e in uow.session.query(LedgerEntry).filter_by(seller_id=world.sellers[0])
        )
    assert total == Decimal("100.00")
