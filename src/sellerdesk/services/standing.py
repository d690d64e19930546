"""Seller standing use cases: the seller's own view, the staff risk list, impose and lift.

The view reads a few indexed rows — the seller's evaluated snapshot, its points ledger and its
sanctions — never the event history (DESIGN, Scale). Staff actions are audited as events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain.standing_metrics import Snapshot
from sellerdesk.errors import Conflict, InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.services.standing_evaluation import assess
from sellerdesk.services.standing_records import SANCTION_LIFTED, impose_sanction
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.standing import SANCTION_KINDS, PointsEntry, Sanction, SellerStanding

POINTS_SHOWN = 100
PAST_SHOWN = 100
RISK_ROLES = ("risk_reviewer",)


@dataclass(frozen=True)
class StandingView:
    seller_id: int
    evaluated_at: datetime | None
    points: int
    points_max: int
    points_history: list[Any]  # PointsEntry rows
    health: float | None
    components: dict[str, Any]
    metrics: dict[str, Any]
    forecasts: list[dict[str, Any]]
    active: list[Any]  # Sanction rows
    past: list[Any]


def _is_active(row: Any, now: datetime) -> bool:
    return row.status == "active" and (row.ends_at is None or row.ends_at > now)


def _fresh(rt: Runtime, now: datetime) -> tuple[Snapshot, list[dict[str, Any]]]:
    """A seller nothing has been counted for yet: every rate 'not enough orders yet'."""
    from sellerdesk.domain.standing_sanctions import SanctionState

    snap, _, outlook = assess({}, [], 0, 0, SanctionState(), now, rt.policy)
    return snap, outlook


# PostgreSQL: the whole page in one round trip (the read is the hot path, DESIGN "Scale").
_PAGE_PG = text(
    "SELECT (SELECT to_jsonb(s) FROM standing_sellers s WHERE s.seller_id = :seller) AS standing,"
    " (SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.id DESC), '[]'::jsonb) FROM ("
    "   SELECT * FROM standing_points WHERE seller_id = :seller ORDER BY id DESC LIMIT :points"
    " ) p) AS points,"
    " (SELECT coalesce(sum(delta), 0) FROM standing_points WHERE seller_id = :seller) AS delta,"
    " (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id DESC), '[]'::jsonb) FROM ("
    "   SELECT * FROM standing_sanctions WHERE seller_id = :seller ORDER BY id DESC"
    "   LIMIT :sanctions) x) AS sanctions"
)
_TIMES = ("at", "starts_at", "ends_at", "lifted_at", "evaluate_at", "evaluated_at")


def _record(data: dict[str, Any]) -> SimpleNamespace:
    """A JSON row back to attributes, times parsed (what the schemas read)."""
    for name in _TIMES:
        if isinstance(data.get(name), str):
            data[name] = datetime.fromisoformat(data[name]).astimezone(UTC)
    return SimpleNamespace(**data)


def _page(session: Session, seller_id: int) -> tuple[Any, list[Any], int, list[Any]]:
    """The seller's standing row, points history and total, and sanctions, newest first."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(
            _PAGE_PG, {"seller": seller_id, "points": POINTS_SHOWN, "sanctions": PAST_SHOWN * 2}
        ).one()
        standing = _record(found.standing) if found.standing else None
        return (standing, [_record(p) for p in found.points], int(found.delta),
                [_record(x) for x in found.sanctions])
    row = session.execute(
        select(SellerStanding.__table__).where(SellerStanding.seller_id == seller_id)
    ).first()
    entries = list(
        session.execute(
            select(PointsEntry.__table__)
            .where(PointsEntry.seller_id == seller_id)
            .order_by(PointsEntry.id.desc())
            .limit(POINTS_SHOWN)
        )
    )
    delta = session.execute(
        select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(
            PointsEntry.seller_id == seller_id
        )
    ).scalar_one()
    sanctions = list(
        session.execute(
            select(Sanction.__table__)
            .where(Sanction.seller_id == seller_id)
            .order_by(Sanction.id.desc())
            .limit(PAST_SHOWN * 2)
        )
    )
    return row, entries, int(delta), sanctions


def standing_of(rt: Runtime, session: Session, seller_id: int, now: datetime) -> StandingView:
    """STANDING-1..4: metrics, health with components, points history, sanctions, forecasts.
    A few indexed rows, never the event history."""
    row, entries, delta, sanctions = _page(session, seller_id)
    health: float | None
    if row is None or row.evaluated_at is None:
        snap, outlook = _fresh(rt, now)
        health, components, metrics, when = snap.health, snap.components, snap.metrics, None
    else:
        metrics = dict(row.metrics or {})
        outlook = metrics.pop("forecasts", [])
        health, components, when = row.health, row.components, row.evaluated_at
    points_max = rt.policy.standing.points_max
    return StandingView(
        seller_id=seller_id,
        evaluated_at=when,
        points=points_max + int(delta),
        points_max=points_max,
        points_history=entries,
        health=health,
        components=components or {},
        metrics=metrics,
        forecasts=outlook,
        active=[s for s in sanctions if _is_active(s, now)],
        past=[s for s in sanctions if not _is_active(s, now)][:PAST_SHOWN],
    )


def my_standing(rt: Runtime, actor: Actor) -> StandingView:
    """The seller's own standing page."""
    actor.require("seller")
    assert actor.id is not None
    with rt.reader() as uow:
        return standing_of(rt, uow.session, actor.id, uow.now)


def seller_for_staff(session: Session, actor: Actor, seller_id: int) -> Seller:
    """Staff loader for a seller (K-16: sellers and buyers never see another seller's standing)."""
    if not actor.is_staff:
        raise NotFound(f"seller {seller_id} not found")
    seller = session.get(Seller, seller_id)
    if seller is None:
        raise NotFound(f"seller {seller_id} not found")
    return seller


def sanction_for(
    session: Session, actor: Actor, sanction_id: int, *, lock: bool = False
) -> Sanction:
    if not actor.is_staff:
        raise NotFound(f"sanction {sanction_id} not found")
    query = select(Sanction).where(Sanction.id == sanction_id)
    if lock:
        query = query.with_for_update()
    found = session.execute(query).scalar()
    if found is None:
        raise NotFound(f"sanction {sanction_id} not found")
    return found


def seller_standing(rt: Runtime, actor: Actor, seller_id: int) -> StandingView:
    """Any staff member may look at a seller's standing."""
    with rt.reader() as uow:
        seller_for_staff(uow.session, actor, seller_id)
        return standing_of(rt, uow.session, seller_id, uow.now)


@dataclass(frozen=True)
class RiskRow:
    seller_id: int
    name: str
    health: float | None
    points: int
    evaluated_at: datetime | None
    active_sanctions: int


def sellers_by_risk(
    rt: Runtime, actor: Actor, *, cursor: str | None = None, limit: int = 50
) -> Page[RiskRow]:
    """Staff: evaluated sellers, least healthy first (the health index), with active sanctions."""
    actor.require_staff()
    offset = decode_cursor(cursor) if cursor else 0
    with rt.reader() as uow:
        active = (
            select(func.count())
            .where(
                Sanction.seller_id == SellerStanding.seller_id,
                Sanction.status == "active",
                (Sanction.ends_at.is_(None)) | (Sanction.ends_at > uow.now),
            )
            .correlate(SellerStanding)
            .scalar_subquery()
        )
        rows = uow.session.execute(
            select(SellerStanding, Seller.name, active)
            .join(Seller, Seller.id == SellerStanding.seller_id)
            .where(SellerStanding.health.is_not(None))
            .order_by(SellerStanding.health, SellerStanding.seller_id)
            .offset(offset)
            .limit(limit + 1)
        ).all()
    points_max = rt.policy.standing.points_max
    items = [
        RiskRow(s.seller_id, name, s.health, points_max + s.points_delta, s.evaluated_at, count)
        for s, name, count in rows[:limit]
    ]
    more = len(rows) > limit
    return Page(items, encode_cursor(offset + limit) if more else None)


def impose(
    rt: Runtime,
    actor: Actor,
    seller_id: int,
    *,
    kind: str,
    reason: str,
    rule: str = "STANDING-4",
    duration: timedelta | None = None,
) -> Sanction:
    """Staff impose a sanction by hand, with a reason; audited as an event with the staff actor."""
    actor.require_staff(*RISK_ROLES)
    if not reason.strip():
        raise InvalidInput("a reason is required", rule="STANDING-4")
    if kind not in SANCTION_KINDS:
        raise InvalidInput(
            f"unknown sanction kind {kind!r}",
            rule="STANDING-4",
            next_step=f"Use one of: {', '.join(SANCTION_KINDS)}.",
        )
    if duration is not None and duration <= timedelta(0):
        raise InvalidInput("the duration must be positive", rule="STANDING-4")
    with rt.uow() as uow:
        seller_for_staff(uow.session, actor, seller_id)
        sanction = impose_sanction(
            uow,
            seller_id=seller_id,
            kind=kind,
            rule=rule,
            reason=reason.strip(),
            starts_at=uow.now,
            ends_at=uow.now + duration if duration else None,
            facts={"imposed_by": actor.label},
            actor=actor.label,
        )
        uow.commit()
        return sanction


def lift(rt: Runtime, actor: Actor, sanction_id: int, *, reason: str) -> Sanction:
    """Staff lift an active sanction with a reason; the seller is told; audited as an event."""
    actor.require_staff(*RISK_ROLES)
    if not reason.strip():
        raise InvalidInput("a reason is required to lift a sanction", rule="STANDING-4")
    with rt.uow() as uow:
        sanction = sanction_for(uow.session, actor, sanction_id, lock=True)
        if not _is_active(sanction, uow.now):
            raise Conflict(
                f"sanction {sanction_id} is {sanction.status}, not active",
                rule="STANDING-4",
                facts={"status": sanction.status},
            )
        sanction.status = "lifted"
        sanction.lifted_at = uow.now
        sanction.lifted_by = actor.label
        sanction.lift_reason = reason.strip()
        event = uow.record(
            subject_type="seller",
            subject_id=sanction.seller_id,
            action=SANCTION_LIFTED,
            actor=actor.label,
            rule=sanction.rule,
            seller_id=sanction.seller_id,
            payload={"sanction_id": sanction.id, "kind": sanction.kind, "reason": reason.strip()},
        )
        seller = uow.session.get(Seller, sanction.seller_id)
        if seller is not None:
            uow.outbox(
                "email",
                {
                    "to": seller.email,
                    "subject": f"[{sanction.rule}] {sanction.kind.replace('_', ' ')} lifted",
                    "body": f"The {sanction.kind.replace('_', ' ')} imposed on "
                    f"{sanction.starts_at.isoformat()} was lifted: {reason.strip()}",
                },
                seller_id=sanction.seller_id,
                event=event,
            )
        uow.commit()
        return sanction
