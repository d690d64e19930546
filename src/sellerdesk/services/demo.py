"""Demo data: 3 sellers, 20 buyers, staff, ~200 orders across every state, built through the
same use cases a user calls, so the events, ledger and deadlines are real.

Credentials are fixed and printed, so the README's examples work as written; never use the
demo credentials outside a sandbox.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from sellerdesk.access import SYSTEM, Actor, hash_secret
from sellerdesk.errors import SellerdeskError
from sellerdesk.jobs.sweeps import run_due
from sellerdesk.runtime import Runtime
from sellerdesk.services import cancellations, orders
from sellerdesk.services.sandbox import sandbox_clock
from sellerdesk.store.sandbox_clock import DEFAULT_START
from sellerdesk.store.tables import AccessToken, Buyer, Seller, SellerApiKey, Staff

SELLERS = [
    ("100001", "Северный ветер", "ops@north-wind.example", "ru"),
    ("100002", "Shenzhen Bright Tech", "support@bright-tech.example", "zh"),
    ("100003", "Maple & Co", "team@maple.example", "en"),
]
STAFF = [
    ("Анна Support", "support@sellerdesk.local", "support_agent"),
    ("Mike Moderator", "moderator@sellerdesk.local", "moderator"),
    ("Rita Risk", "risk@sellerdesk.local", "risk_reviewer"),
    ("Admin", "admin@sellerdesk.local", "admin"),
]
CATALOGUE = [
    ("PH-CASE-01", "Чехол для телефона", "electronics_accessories", "799"),
    ("EAR-BT-07", "Bluetooth earbuds", "electronics", "3490"),
    ("RING-925", "Silver ring 925", "jewellery", "5200"),
    ("TSHIRT-M", "Футболка хлопок", "clothing", "1290"),
    ("MUG-300", "Ceramic mug 300 ml", "home", "450"),
    ("LEGO-CITY", "Building blocks set", "toys", "2990"),
    ("CREAM-50", "Face cream 50 ml", "beauty", "990"),
    ("BOOK-PY", "Python for sellers", "books", "1500"),
]


def seller_key(client_id: str) -> str:
    return f"demo-key-{client_id}"


def bearer(kind: str, number: int) -> str:
    return f"demo-{kind}-{number}"


@dataclass
class DemoSummary:
    sellers: list[dict[str, str]] = field(default_factory=list)
    buyers: list[dict[str, str]] = field(default_factory=list)
    staff: list[dict[str, str]] = field(default_factory=list)
    orders_by_status: dict[str, int] = field(default_factory=dict)
    chats: int = 0
    tickets: list[str] = field(default_factory=list)
    now: str = ""


def already_loaded(rt: Runtime) -> bool:
    with rt.reader() as uow:
        return bool(uow.session.execute(select(func.count(Seller.id))).scalar())


def load_demo(rt: Runtime, orders_count: int = 200, seed: int = 7) -> DemoSummary:
    """Create the demo marketplace. Needs sandbox mode (it moves the clock while seeding)."""
    clock = sandbox_clock(rt)
    rng = random.Random(seed)
    start = DEFAULT_START - timedelta(days=10)
    clock.set(start)
    summary = DemoSummary()
    with rt.uow() as uow:
        s = uow.session
        seller_ids = []
        for client_id, name, email, lang in SELLERS:
            seller = Seller(
                client_id=client_id,
                name=name,
                email=email,
                language=lang,
                status="active",
                created_at=start,
            )
            s.add(seller)
            s.flush()
            s.add(
                SellerApiKey(
                    seller_id=seller.id,
                    key_hash=hash_secret(seller_key(client_id)),
                    label="demo",
                    created_at=start,
                )
            )
            seller_ids.append(seller.id)
            summary.sellers.append(
                {"name": name, "Client-Id": client_id, "Api-Key": seller_key(client_id)}
            )
        buyer_ids = []
        for n in range(1, 21):
            buyer = Buyer(
                name=f"Buyer {n}",
                email=f"buyer{n}@mail.example",
                phone=f"+7999000{n:04d}",
                language="ru" if n % 3 else "en",
                created_at=start,
            )
            s.add(buyer)
            s.flush()
            s.add(
                AccessToken(
                    token_hash=hash_secret(bearer("buyer", n)),
                    principal="buyer",
                    principal_id=buyer.id,
                    created_at=start,
                )
            )
            buyer_ids.append(buyer.id)
            summary.buyers.append({"name": buyer.name, "token": bearer("buyer", n)})
        staff_actors = {}
        for name, email, role in STAFF:
            staff = Staff(name=name, email=email, role=role, language="ru", created_at=start)
            s.add(staff)
            s.flush()
            s.add(
                AccessToken(
                    token_hash=hash_secret(bearer(role, 1)),
                    principal="staff",
                    principal_id=staff.id,
                    created_at=start,
                )
            )
            staff_actors[role] = Actor("staff", staff.id, role)
            summary.staff.append({"name": name, "role": role, "token": bearer(role, 1)})
        uow.commit()

    step = timedelta(days=10) / orders_count
    for n in range(orders_count):
        clock.set(start + step * n)
        _one_order(rt, rng, n, seller_ids, buyer_ids, staff_actors)
    clock.set(DEFAULT_START - timedelta(hours=3))
    summary.chats = _conversations(rt, seller_ids, buyer_ids)
    summary.tickets = _tickets(rt, seller_ids)
    clock.set(DEFAULT_START)
    run_due(rt, DEFAULT_START)
    with rt.reader() as uow:
        from sellerdesk.store.tables import Order

        summary.orders_by_status = dict(
            uow.session.execute(
                select(Order.status, func.count(Order.id)).group_by(Order.status)
            ).all()
        )
    summary.now = DEFAULT_START.isoformat()
    return summary


def _one_order(
    rt: Runtime,
    rng: random.Random,
    n: int,
    seller_ids: list[int],
    buyer_ids: list[int],
    staff: dict[str, Actor],
) -> None:
    seller_id = seller_ids[n % len(seller_ids)]
    buyer_id = buyer_ids[rng.randrange(len(buyer_ids))]
    buyer = Actor("buyer", buyer_id)
    seller = Actor("seller", seller_id)
    picks = rng.sample(CATALOGUE, rng.choice([1, 1, 2, 3]))
    lines = [
        orders.NewLine(sku, name, rng.choice([1, 1, 2]), Decimal(price), category)
        for sku, name, category, price in picks
    ]
    order = orders.place_order(
        rt,
        SYSTEM,
        seller_id=seller_id,
        buyer_id=buyer_id,
        lines=lines,
        delivery_type="express" if n % 5 == 0 else "standard",
        address=f"Москва, ул. Тверская, д. {n % 40 + 1}, кв. {n % 90 + 1}",
    )
    number = order.posting_number
    plan = n % 10
    if plan == 0:
        return  # stays unpaid: the payment window (ORDER-2) runs out on a clock advance
    orders.pay_order(rt, buyer, number)
    if plan == 1:
        orders.cancel_by_buyer(rt, buyer, number)  # CANCEL-1
        return
    if plan == 2:
        return  # awaiting packaging: ship-by (CANCEL-4) falls due on an advance
    if plan == 3:
        req = cancellations.request_cancellation(
            rt, seller, number, reason="stock_out", comment="Последняя единица повреждена на складе"
        )
        if n % 20 == 3:
            cancellations.decide_cancellation(rt, staff["moderator"], req.id, approve=True)
        return
    if plan == 4:
        cancellations.request_address_change(rt, seller, number, f"Москва, ул. Арбат, д. {n}")
        return
    orders.pack_order(rt, seller, number)
    if plan == 5 and n % 20 == 15:
        orders.ship_order(rt, seller, number, f"RU{rng.randrange(10**9, 10**10)}")
        req = cancellations.request_cancellation(rt, buyer, number, reason="changed_mind")
        cancellations.decide_cancellation(rt, seller, req.id, approve=True)
        return  # approved after hand-over: returned to the seller (K-5)
    if plan == 5:
        cancellations.request_cancellation(rt, buyer, number, reason="changed_mind")
        return  # the seller has 5 days (CANCEL-2) before it is auto-rejected
    orders.ship_order(rt, seller, number, f"RU{rng.randrange(10**9, 10**10)}")
    if plan in (6, 7):
        return  # delivering
    orders.deliver_order(rt, staff["admin"], number)


# (buyer's question, the seller's answer, or None for a seller who tries to take the buyer
# off the platform: the guard stops it and records a warning, GUARD-1/GUARD-7)
CHATS = [
    ("Здравствуйте! Когда отправите заказ?",
     "Добрый день! Отправим завтра, трек-номер будет в заказе."),
    ("Is the size true to the chart?",
     "Yes, it runs true to size; the chart is on the product page."),
    ("请问有礼品包装吗？", "您好！可以，我们会免费提供礼品包装。"),
    ("Можно оплатить при получении?", None),
]
BLOCKED = "Напишите мне в вотсап +7 916 123-45-67, договоримся о скидке напрямую"


def _conversations(rt: Runtime, seller_ids: list[int], buyer_ids: list[int]) -> int:
    """A few buyer chats about paid orders, in Russian, English and Chinese; one seller answer
    is stopped by the guard, so the demo shows a warning and its explanation."""
    from sellerdesk.services import chat
    from sellerdesk.store.tables import Order

    with rt.reader() as uow:
        found = uow.session.execute(
            select(Order.posting_number, Order.seller_id, Order.buyer_id)
            .where(Order.status.in_(("awaiting_packaging", "awaiting_deliver", "delivering")))
            .order_by(Order.id)
        ).all()
    started = 0
    for (question, answer), (number, seller_id, buyer_id) in zip(CHATS, found, strict=False):
        buyer, seller = Actor("buyer", buyer_id), Actor("seller", seller_id)
        view, _ = chat.start_conversation(rt, buyer, posting_number=number)
        chat.send_message(rt, buyer, view.id, text=question)
        # the blocked answer is not delivered; a warning goes on the seller's record
        with contextlib.suppress(SellerdeskError):
            chat.send_message(rt, seller, view.id, text=answer or BLOCKED)
        started += 1
    return started


def _tickets(rt: Runtime, seller_ids: list[int]) -> list[str]:
    from sellerdesk.services import support_tickets

    ticket = support_tickets.create_ticket(
        rt,
        Actor("seller", seller_ids[0]),
        title="[ACCOUNT] Смена контактного e-mail",
        body="Просим сменить e-mail для уведомлений на ops2@north-wind.example.",
    )
    return [ticket.number]
