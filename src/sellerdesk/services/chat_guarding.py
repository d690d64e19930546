"""The guard applied to seller text (GUARD-7, GUARD-8), failing closed.

`screen` runs the pure scanner and never lets an exception through as "allowed": a failure is a
`GuardFailed` outcome and the text is held for the seller. `record_block` writes the blocked
attempt, the warning and any escalation into the caller's unit of work; the use case commits and
then raises `blocked_error` so the seller sees why, with the rule, span and a fix in their language.
Staff review a block: confirming an off-platform contact costs points and can freeze the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, func, select
from sqlalchemy.exc import IntegrityError

from sellerdesk import guard
from sellerdesk.access import Actor
from sellerdesk.domain import chat_escalation as ladder
from sellerdesk.domain.chat import language_of
from sellerdesk.errors import Conflict, NotFound, RuleViolation, SellerdeskError
from sellerdesk.policy import Policy
from sellerdesk.runtime import Runtime
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.services.standing_records import deduct_points, impose_sanction
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.chat import ChatBlockedAttempt, ChatSellerState, ChatWarning
from sellerdesk.store.uow import UnitOfWork

WARNING_EVENT = "guard.warning"  # the standing projector counts these (STANDING-2)


class GuardUnavailable(SellerdeskError):
    """The guard could not check the text: nothing was delivered; the text is kept to edit."""

    status = 503
    kind = "guard-unavailable"
    title = "Message held: the compliance check is unavailable"


@dataclass(frozen=True)
class GuardFailed:
    """`screen` could not judge the text (fail closed)."""

    error: str


def guard_config(policy: Policy) -> guard.GuardConfig:
    return guard.GuardConfig(
        allowed_domains=tuple(policy.guard.allowed_domains),
        max_chars=policy.chat.max_message_chars,
    )


def screen(policy: Policy, text: str) -> guard.Verdict | GuardFailed:
    """GUARD-1..6 on one seller text; any scanner failure becomes GuardFailed, never "allow"."""
    try:
        verdict = guard.scan(text, guard_config(policy))
        if not isinstance(verdict, guard.Verdict):
            return GuardFailed(f"the scanner returned {type(verdict).__name__}")
        return verdict
    except Exception as exc:  # fail closed on anything the scanner raises
        return GuardFailed(f"{type(exc).__name__}: {exc}"[:300])


def explained(verdict: guard.Verdict, language: str) -> list[dict[str, Any]]:
    """Each violation with its category, rule, span and why/fix in the seller's language."""
    found = []
    for violation in verdict.violations:
        why, fix = guard.explain(violation, language)
        found.append(
            {
                "category": violation.category,
                "rule": violation.rule,
                "span": [violation.span[0], violation.span[1]],
                "matched": violation.matched,
                "why": why,
                "fix": fix,
            }
        )
    return found


def seller_state(uow: UnitOfWork, seller_id: int, *, lock: bool = True) -> ChatSellerState:
    """The seller's chat state row, created on first use."""
    query = select(ChatSellerState).where(ChatSellerState.seller_id == seller_id)
    if lock:
        query = query.with_for_update()
    state = uow.session.execute(query).scalar()
    if state is None:
        state = ChatSellerState(
            seller_id=seller_id,
            permissions=[],
            listings_hidden=False,
            warning_steps=0,
            confirmed_cases=0,
            updated_at=uow.now,
        )
        try:
            with uow.session.begin_nested():
                uow.session.add(state)
        except IntegrityError:  # created by a concurrent request a moment ago
            state = uow.session.execute(query).scalar_one()
    return state


def active_warnings(uow: UnitOfWork, seller_id: int) -> int:
    return int(
        uow.session.execute(
            select(func.count(ChatWarning.id)).where(
                ChatWarning.seller_id == seller_id, ChatWarning.status == "active"
            )
        ).scalar_one()
    )


def record_block(
    uow: UnitOfWork,
    policy: Policy,
    *,
    seller: Seller,
    text: str,
    verdict: guard.Verdict,
    source: str,
    conversation_id: int | None,
    order_id: int | None,
    template_id: int | None = None,
) -> ChatBlockedAttempt:
    """GUARD-7: keep the blocked text for its seller, add a warning, escalate per GUARD-8."""
    language = language_of(seller.language)
    violations = explained(verdict, language)
    attempt = ChatBlockedAttempt(
        seller_id=seller.id,
        conversation_id=conversation_id,
        order_id=order_id,
        source=source,
        template_id=template_id,
        text=text,
        violations=violations,
        language=language,
        status="blocked",
        created_at=uow.now,
    )
    uow.session.add(attempt)
    uow.session.flush()
    categories = sorted({v["category"] for v in violations})
    uow.session.add(
        ChatWarning(
            seller_id=seller.id,
            attempt_id=attempt.id,
            categories=categories,
            rule=violations[0]["rule"],
            status="active",
            created_at=uow.now,
        )
    )
    uow.session.flush()
    state = seller_state(uow, seller.id)
    count = active_warnings(uow, seller.id)
    payload: dict[str, Any] = {
        "attempt_id": attempt.id,
        "categories": categories,
        "rules": sorted({v["rule"] for v in violations}),
        "warnings_active": count,
        "conversation_id": conversation_id,
    }
    if "cancel_pressure" in categories:
        payload["rating_penalty"] = policy.guard.cancel_pressure_rating_penalty  # GUARD-4
    uow.record(
        subject_type="seller",
        subject_id=seller.id,
        action=WARNING_EVENT,
        actor="system",
        rule="GUARD-7",
        seller_id=seller.id,
        payload=payload,
    )
    for step in ladder.warning_steps_due(count, state.warning_steps, policy):
        _impose(uow, seller.id, step, {"warnings_active": count, "attempt_id": attempt.id})
        state.warning_steps = step.level
    state.updated_at = uow.now
    return attempt


def record_held(
    uow: UnitOfWork,
    *,
    seller: Seller,
    text: str,
    failure: GuardFailed,
    source: str,
    conversation_id: int | None,
    order_id: int | None,
    template_id: int | None = None,
) -> ChatBlockedAttempt:
    """Fail closed: the text is not delivered and not judged; it waits for the seller to resend."""
    attempt = ChatBlockedAttempt(
        seller_id=seller.id,
        conversation_id=conversation_id,
        order_id=order_id,
        source=source,
        template_id=template_id,
        text=text,
        violations=[],
        language=language_of(seller.language),
        status="held",
        created_at=uow.now,
    )
    uow.session.add(attempt)
    uow.session.flush()
    uow.record(
        subject_type="seller",
        subject_id=seller.id,
        action="guard.held",
        actor="system",
        rule="GUARD-7",
        seller_id=seller.id,
        payload={"attempt_id": attempt.id, "error": failure.error},
    )
    return attempt


def blocked_error(attempt: ChatBlockedAttempt, warnings_active: int) -> RuleViolation:
    """The refusal the seller sees: the first reason, every violation, the text to edit."""
    first = attempt.violations[0]
    return RuleViolation(
        f"Message not delivered. {first['why']}",
        rule=first["rule"],
        next_step=first["fix"],
        facts={
            "attempt_id": attempt.id,
            "violations": attempt.violations,
            "warnings_active": warnings_active,
            "text": attempt.text,
        },
    )


def held_error(attempt: ChatBlockedAttempt) -> GuardUnavailable:
    return GuardUnavailable(
        "The message was not delivered: the compliance check could not run. Your text is kept.",
        rule="GUARD-7",
        next_step="Send it again in a moment; nothing reached the buyer.",
        facts={"attempt_id": attempt.id, "text": attempt.text},
    )


def _impose(uow: UnitOfWork, seller_id: int, step: ladder.Step, facts: dict[str, Any]) -> None:
    impose_sanction(
        uow,
        seller_id=seller_id,
        kind=step.kind,
        rule="GUARD-8",
        reason=step.reason,
        starts_at=uow.now,
        ends_at=uow.now + step.duration if step.duration else None,
        facts=facts,
        dedupe_key=step.dedupe_key,
    )


def attempt_for(
    uow: UnitOfWork, actor: Actor, attempt_id: int, *, lock: bool = False
) -> ChatBlockedAttempt:
    """The seller sees its own blocked attempts, staff all; anyone else gets 404."""
    query = select(ChatBlockedAttempt).where(ChatBlockedAttempt.id == attempt_id)
    if actor.kind == "seller":
        query = query.where(ChatBlockedAttempt.seller_id == actor.id)
    elif not actor.is_staff:
        query = query.where(false())
    if lock:
        query = query.with_for_update()
    found = uow.session.execute(query).scalar()
    if found is None:
        raise NotFound(f"blocked message {attempt_id} not found")
    return found


def list_attempts(
    rt: Runtime,
    actor: Actor,
    *,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ChatBlockedAttempt]:
    """GUARD-7: a seller's blocked messages (staff: the review queue), newest first."""
    actor.require("seller", "staff")
    query = select(ChatBlockedAttempt)
    if actor.kind == "seller":
        query = query.where(ChatBlockedAttempt.seller_id == actor.id)
    if status:
        query = query.where(ChatBlockedAttempt.status == status)
    if cursor:
        query = query.where(ChatBlockedAttempt.id < decode_cursor(cursor))
    limit = max(1, min(limit, 200))
    with rt.reader() as uow:
        rows = list(
            uow.session.execute(
                query.order_by(ChatBlockedAttempt.id.desc()).limit(limit + 1)
            ).scalars()
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(rows[-1].id) if more and rows else None)


def get_attempt(rt: Runtime, actor: Actor, attempt_id: int) -> ChatBlockedAttempt:
    with rt.reader() as uow:
        return attempt_for(uow, actor, attempt_id)


def review_block(
    rt: Runtime, actor: Actor, attempt_id: int, decision: str, note: str | None = None
) -> ChatBlockedAttempt:
    """GUARD-8: staff confirm a block (an off-platform contact then costs points; repeated
    confirmed cases freeze, then terminate the store) or dismiss it (the warning is withdrawn)."""
    actor.require_staff("moderator", "risk_reviewer")
    with rt.uow() as uow:
        attempt = attempt_for(uow, actor, attempt_id, lock=True)
        if attempt.status != "blocked":
            raise Conflict(
                f"blocked message {attempt_id} is {attempt.status}; only a blocked one is reviewed",
                rule="GUARD-8",
            )
        attempt.status = "confirmed" if decision == "confirm" else "dismissed"
        attempt.reviewed_at = uow.now
        attempt.reviewed_by = actor.label
        attempt.review_note = note
        categories = sorted({v["category"] for v in attempt.violations})
        facts: dict[str, Any] = {"attempt_id": attempt.id, "categories": categories}
        if decision == "dismiss":
            warning = uow.session.execute(
                select(ChatWarning).where(ChatWarning.attempt_id == attempt.id)
            ).scalar()
            if warning is not None:
                warning.status = "withdrawn"
        elif "off_platform_contact" in categories:
            state = seller_state(uow, attempt.seller_id)
            state.confirmed_cases += 1
            state.updated_at = uow.now
            facts["confirmed_cases"] = state.confirmed_cases
            points = rt.policy.guard.off_platform_points
            if points:
                deduct_points(
                    uow,
                    seller_id=attempt.seller_id,
                    points=points,
                    rule="GUARD-8",
                    cause=f"confirmed off-platform contact in blocked message {attempt.id}",
                    facts=facts,
                )
            for step in ladder.confirmed_steps_due(state.confirmed_cases, rt.policy):
                _impose(uow, attempt.seller_id, step, facts)
        uow.record(
            subject_type="seller",
            subject_id=attempt.seller_id,
            action=f"guard.block_{attempt.status}",
            actor=actor.label,
            rule="GUARD-8",
            seller_id=attempt.seller_id,
            payload={**facts, "note": note},
        )
        uow.commit()
        return attempt


def chat_status(rt: Runtime, actor: Actor, seller_id: int | None = None) -> dict[str, Any]:
    """A seller's chat standing: active warnings, the GUARD-8 ladder, permissions, vacation."""
    actor.require("seller", "staff")
    target = actor.id if actor.kind == "seller" else seller_id
    if target is None:
        raise NotFound("give seller_id")
    with rt.reader() as uow:
        if uow.session.get(Seller, target) is None:
            raise NotFound(f"seller {target} not found")
        state = uow.session.get(ChatSellerState, target)
        return {
            "warnings_active": active_warnings(uow, target),
            "warning_steps": state.warning_steps if state else 0,
            "confirmed_off_platform": state.confirmed_cases if state else 0,
            "permissions": list(state.permissions or []) if state else [],
            "listings_hidden": bool(state and state.listings_hidden),
            "vacation_id": state.vacation_id if state else None,
            "proactive_categories": rt.policy.chat.proactive.enabled_names(),
        }
