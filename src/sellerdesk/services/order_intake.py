"""Whether a seller takes new orders right now: not while on vacation (CHAT-8, listings hidden),
not while its store is frozen or its contract terminated (GUARD-8, STANDING-4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sellerdesk.domain.standing_sanctions import STOPS_SALES
from sellerdesk.errors import RuleViolation
from sellerdesk.services.chat_vacation import listings_hidden
from sellerdesk.store.tables.standing import Sanction


def check_seller_takes_orders(session: Session, seller_id: int, now: datetime) -> None:
    if listings_hidden(session, seller_id):
        raise RuleViolation(
            f"seller {seller_id} is on vacation: its listings are hidden and it takes no new "
            "orders",
            rule="CHAT-8",
            next_step="Order from this seller after its vacation ends, or from another seller.",
        )
    stop = session.execute(
        select(Sanction)
        .where(
            Sanction.seller_id == seller_id,
            Sanction.status == "active",
            Sanction.kind.in_(STOPS_SALES),
            Sanction.starts_at <= now,
            or_(Sanction.ends_at.is_(None), Sanction.ends_at > now),
        )
        .limit(1)
    ).scalar()
    if stop is not None:
        until = f" until {stop.ends_at.isoformat()}" if stop.ends_at else ""
        raise RuleViolation(
            f"seller {seller_id} takes no new orders: {stop.kind.replace('_', ' ')}{until}",
            rule=stop.rule,
            next_step="Order from another seller.",
        )
