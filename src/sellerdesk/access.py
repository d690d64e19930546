"""Actors, credentials and access loaders.

Every read and write goes through a loader that returns the object or raises NotFound: an object
the actor may not see is indistinguishable from one that does not exist (K-16).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, false, select
from sqlalchemy.orm import Session

from sellerdesk.errors import Forbidden, NotFound, Unauthorized
from sellerdesk.store.tables import (
    AccessToken,
    AddressChangeRequest,
    CancellationRequest,
    Order,
    Seller,
    SellerApiKey,
)

STAFF_ROLES = ("support_agent", "moderator", "risk_reviewer", "admin")


@dataclass(frozen=True)
class Actor:
    kind: str  # seller | buyer | staff | system
    id: int | None = None
    role: str | None = None  # staff role

    @property
    def label(self) -> str:
        return self.kind if self.id is None else f"{self.kind}:{self.id}"

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    def require_staff(self, *roles: str) -> None:
        """K-16: an actor who can see the object but whose role may not act gets 403."""
        if not self.is_staff:
            raise Forbidden("this action is for platform staff")
        if self.role != "admin" and roles and self.role not in roles:
            raise Forbidden(f"this action needs the role {' or '.join(roles)}")

    def require(self, *kinds: str) -> None:
        if self.kind not in kinds:
            raise Forbidden(f"this action is for {' or '.join(kinds)} accounts")


SYSTEM = Actor("system")


def hash_secret(secret: str) -> str:
    """API keys and tokens are random and long, so a fast hash is safe; passwords use argon2."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def issue_api_key(session: Session, seller: Seller, now: datetime, label: str = "default") -> str:
    key = new_secret()
    session.add(
        SellerApiKey(seller_id=seller.id, key_hash=hash_secret(key), label=label, created_at=now)
    )
    return key


def issue_token(session: Session, principal: str, principal_id: int, now: datetime) -> str:
    token = new_secret()
    session.add(
        AccessToken(
            token_hash=hash_secret(token),
            principal=principal,
            principal_id=principal_id,
            created_at=now,
        )
    )
    return token


def actor_from_api_key(session: Session, client_id: str, api_key: str) -> Actor:
    row = session.execute(
        select(SellerApiKey.seller_id)
        .join(Seller, Seller.id == SellerApiKey.seller_id)
        .where(
            SellerApiKey.key_hash == hash_secret(api_key),
            Seller.client_id == client_id,
            SellerApiKey.revoked_at.is_(None),
        )
    ).first()
    if row is None:
        raise Unauthorized(
            "Client-Id and Api-Key do not match an active key",
            next_step="Check both headers; keys are shown once when issued.",
        )
    return Actor("seller", row[0])


def actor_from_token(session: Session, token: str) -> Actor:
    from sellerdesk.store.tables import Staff

    row = session.execute(
        select(AccessToken).where(
            AccessToken.token_hash == hash_secret(token), AccessToken.revoked_at.is_(None)
        )
    ).scalar()
    if row is None:
        raise Unauthorized("the bearer token is unknown or revoked")
    if row.principal == "staff":
        staff = session.get(Staff, row.principal_id)
        return Actor("staff", row.principal_id, staff.role if staff else None)
    return Actor(row.principal, row.principal_id)


def scope_orders(query: Select[tuple[Order]], actor: Actor) -> Select[tuple[Order]]:
    """Restrict an order query to what the actor may see."""
    scoped = scope_orders_by(query, actor.kind)
    return scoped.params(who=actor.id) if actor.kind in ("seller", "buyer") else scoped


def scope_orders_by(query: Select[Any], kind: str) -> Select[Any]:
    """The order scope for a kind of actor, the actor's id left as the bound parameter `who`
    (statements built once per kind pass it at execution; `scope_orders` fills it in)."""
    if kind == "seller":
        return query.where(Order.__table__.c.seller_id == bindparam("who"))
    if kind == "buyer":
        return query.where(Order.__table__.c.buyer_id == bindparam("who"))
    if kind in ("staff", "system"):
        return query
    return query.where(false())


def own_or_queue(model: Any, actor: Actor, *, status: str | None = None,
                 limit: int = 200) -> Select[Any]:
    """Rows with `seller_id`, `decide_by` and `status`: a seller's own (newest first) or, for
    staff, the work queue (earliest deadline first); anyone else sees nothing (404)."""
    query = select(model)
    if actor.kind == "seller":
        query = query.where(model.seller_id == actor.id).order_by(model.id.desc())
    elif actor.is_staff:
        query = query.order_by(model.decide_by, model.id)
    else:
        raise NotFound("not found")
    if status:
        query = query.where(model.status == status)
    return query.limit(limit)


def order_for(session: Session, actor: Actor, posting_number: str, *, lock: bool = False) -> Order:
    query = scope_orders(
        select(Order).where(
            (Order.posting_number == posting_number) | (Order.order_number == posting_number)
        ),
        actor,
    )
    if lock:
        query = query.with_for_update()
    order = session.execute(query).scalar()
    if order is None:
        raise NotFound(f"order {posting_number} not found")
    return order


def scoped(query: Select[Any], model: Any, actor: Actor) -> Select[Any]:
    """Restrict a query on a seller- (and buyer-) owned table to the actor's own rows."""
    if actor.kind == "seller":
        return query.where(model.seller_id == actor.id)
    if actor.kind == "buyer" and hasattr(model, "buyer_id"):
        return query.where(model.buyer_id == actor.id)
    if actor.kind in ("staff", "system"):
        return query
    return query.where(False)


def load_for(session: Session, actor: Actor, model: Any, object_id: int, label: str,
             *, lock: bool = False) -> Any:
    """The row the actor may see, or NotFound — never a hint that it exists (K-16)."""
    query = scoped(select(model).where(model.id == object_id), model, actor)
    if lock:
        query = query.with_for_update()
    found = session.execute(query).scalar()
    if found is None:
        raise NotFound(f"{label} {object_id} not found")
    return found


def cancellation_request_for(
    session: Session, actor: Actor, request_id: int, *, lock: bool = False
) -> CancellationRequest:
    found: CancellationRequest = load_for(session, actor, CancellationRequest, request_id,
                                          "cancellation request", lock=lock)
    return found


def address_change_for(
    session: Session, actor: Actor, request_id: int, *, lock: bool = False
) -> AddressChangeRequest:
    found: AddressChangeRequest = load_for(session, actor, AddressChangeRequest, request_id,
                                           "address change request", lock=lock)
    return found
