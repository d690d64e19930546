"""Accounts: sellers with API keys, buyers and staff with bearer tokens. Secrets are shown once
and stored hashed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update

from sellerdesk.access import STAFF_ROLES, Actor, issue_api_key, issue_token
from sellerdesk.errors import Conflict, InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import AccessToken, Buyer, Seller, SellerApiKey, Staff

LANGUAGES = ("ru", "en", "zh")


@dataclass(frozen=True)
class Issued:
    id: int
    secret: str  # the API key or bearer token; never stored in clear, never shown again
    client_id: str | None = None


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}")
    return language


def create_seller(rt: Runtime, actor: Actor, *, name: str, email: str,
                  language: str = "ru") -> Issued:
    """An admin onboards a seller: a new Client-Id and its first Api-Key."""
    actor.require_staff("admin")
    with rt.uow() as uow:
        top = uow.session.execute(select(func.max(Seller.client_id))).scalar()
        client_id = str(max(int(top or 0) + 1, 100001))
        seller = Seller(client_id=client_id, name=name.strip(), email=email.strip(),
                        language=_language(language), status="active", created_at=uow.now)
        uow.session.add(seller)
        uow.session.flush()
        key = issue_api_key(uow.session, seller, uow.now)
        uow.record(subject_type="seller", subject_id=seller.id, action="seller_created",
                   actor=actor.label, seller_id=seller.id, payload={"client_id": client_id})
        uow.commit()
        return Issued(seller.id, key, client_id)


def rotate_api_key(rt: Runtime, actor: Actor, *, revoke_others: bool = False,
                   label: str = "default") -> Issued:
    """A seller issues itself a new key (and may revoke the old ones in the same step)."""
    actor.require("seller")
    with rt.uow() as uow:
        seller = uow.session.get(Seller, actor.id)
        if seller is None:
            raise NotFound("seller not found")
        if revoke_others:
            uow.session.execute(update(SellerApiKey).where(
                SellerApiKey.seller_id == seller.id, SellerApiKey.revoked_at.is_(None)
            ).values(revoked_at=uow.now))
        key = issue_api_key(uow.session, seller, uow.now, label)
        uow.record(subject_type="seller", subject_id=seller.id, action="api_key_issued",
                   actor=actor.label, seller_id=seller.id,
                   payload={"label": label, "revoked_others": revoke_others})
        uow.commit()
        return Issued(seller.id, key, seller.client_id)


def create_buyer(rt: Runtime, actor: Actor, *, name: str, email: str, phone: str | None = None,
                 language: str = "ru") -> Issued:
    actor.require_staff("admin", "support_agent")
    with rt.uow() as uow:
        buyer = Buyer(name=name.strip(), email=email.strip(), phone=phone,
                      language=_language(language), created_at=uow.now)
        uow.session.add(buyer)
        uow.session.flush()
        token = issue_token(uow.session, "buyer", buyer.id, uow.now)
        uow.commit()
        return Issued(buyer.id, token)


def create_staff(rt: Runtime, actor: Actor | None, *, name: str, email: str, role: str,
                 language: str = "ru") -> Issued:
    """Admins add staff; with no actor (the CLI on the server) this bootstraps the first admin."""
    if actor is not None:
        actor.require_staff("admin")
    if role not in STAFF_ROLES:
        raise InvalidInput(f"role must be one of {', '.join(STAFF_ROLES)}")
    with rt.uow() as uow:
        if uow.session.execute(select(Staff.id).where(Staff.email == email.strip())).first():
            raise Conflict(f"staff member {email} already exists")
        staff = Staff(name=name.strip(), email=email.strip(), role=role,
                      language=_language(language), created_at=uow.now)
        uow.session.add(staff)
        uow.session.flush()
        token = issue_token(uow.session, "staff", staff.id, uow.now)
        uow.record(subject_type="staff", subject_id=staff.id, action="staff_created",
                   actor=actor.label if actor else "cli", payload={"role": role})
        uow.commit()
        return Issued(staff.id, token)


def revoke_token(rt: Runtime, actor: Actor, token_hash_prefix: str) -> int:
    """Staff admins revoke bearer tokens by the first characters of their hash."""
    actor.require_staff("admin")
    if len(token_hash_prefix) < 8:
        raise InvalidInput("give at least 8 characters of the token hash")
    with rt.uow() as uow:
        result = uow.session.execute(update(AccessToken).where(
            AccessToken.token_hash.startswith(token_hash_prefix),
            AccessToken.revoked_at.is_(None)).values(revoked_at=uow.now))
        uow.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
