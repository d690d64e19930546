"""Templates (CHAT-3..6, CANCEL-8, MARKET-1/2): proactive templates under review, quick phrases,
and the one way a seller contacts a buyer first — an approved template whose category holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sellerdesk.access import Actor, order_for
from sellerdesk.domain import chat as rules
from sellerdesk.domain import chat_proactive as proactive
from sellerdesk.errors import Conflict, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services import chat_guarding
from sellerdesk.services.chat import record_proactive_violation, seller_answered
from sellerdesk.services.chat_conversations import append, conversation_key, open_conversation
from sellerdesk.services.chat_views import MessageView, message_view
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.store.tables import Event, Order, Seller
from sellerdesk.store.tables.chat import ChatConversation, ChatMessage, ChatTemplate
from sellerdesk.store.uow import UnitOfWork


def _guarded_or_refused(rt: Runtime, text: str, language: str) -> None:
    """Templates and quick phrases are checked by the guard before they are kept (CHAT-5)."""
    verdict = chat_guarding.screen(rt.policy, text)
    if isinstance(verdict, chat_guarding.GuardFailed):
        raise chat_guarding.GuardUnavailable(
            "The template could not be checked; nothing was saved.",
            rule="CHAT-5",
            next_step="Submit it again in a moment.",
            facts={"text": text},
        )
    if verdict.blocked:
        found = chat_guarding.explained(verdict, language)
        raise RuleViolation(
            f"The template is not allowed. {found[0]['why']}",
            rule=found[0]["rule"],
            next_step=found[0]["fix"],
            facts={"violations": found, "text": text},
        )


def _language(uow: UnitOfWork, seller_id: int) -> str:
    seller = uow.session.get(Seller, seller_id)
    return rules.language_of(seller.language if seller else None)


def submit_template(
    rt: Runtime, actor: Actor, *, category: str, title: str, text: str
) -> ChatTemplate:
    """CHAT-5: a proactive template of a permitted category goes to the review queue after the
    guard and the category's text conditions (CHAT-4) pass."""
    actor.require("seller")
    assert actor.id is not None
    title = rules.clean_text(title, 200, field="title")
    text = rules.clean_text(text, rt.policy.chat.max_message_chars)
    proactive.check_template_text(category, text, rt.policy)
    with rt.uow() as uow:
        _guarded_or_refused(rt, text, _language(uow, actor.id))
        review = rt.policy.chat.template_review_required
        template = ChatTemplate(
            seller_id=actor.id,
            kind="proactive",
            category=category,
            title=title,
            text=text,
            status="pending" if review else "approved",
            created_at=uow.now,
            review_expected_by=uow.now + rt.policy.chat.template_review_expected
            if review
            else None,
        )
        uow.session.add(template)
        uow.session.flush()
        uow.record(
            subject_type="chat_template",
            subject_id=template.id,
            action="chat.template_submitted",
            actor=actor.label,
            rule="CHAT-5",
            seller_id=actor.id,
            payload={"category": category, "status": template.status},
        )
        uow.commit()
        return template


def review_template(
    rt: Runtime, actor: Actor, template_id: int, decision: str, note: str | None = None
) -> ChatTemplate:
    """CHAT-5: a moderator approves or rejects a pending template; the seller is e-mailed."""
    actor.require_staff("moderator")
    with rt.uow() as uow:
        template = uow.session.execute(
            select(ChatTemplate)
            .where(ChatTemplate.id == template_id, ChatTemplate.kind == "proactive")
            .with_for_update()
        ).scalar()
        if template is None:
            raise NotFound(f"template {template_id} not found")
        if template.status != "pending":
            raise Conflict(f"template {template_id} is already {template.status}", rule="CHAT-5")
        template.status = "approved" if decision == "approve" else "rejected"
        template.reviewed_at = uow.now
        template.reviewed_by = actor.label
        template.review_note = note
        event = uow.record(
            subject_type="chat_template",
            subject_id=template.id,
            action=f"chat.template_{template.status}",
            actor=actor.label,
            rule="CHAT-5",
            seller_id=template.seller_id,
            payload={"category": template.category, "note": note},
        )
        seller = uow.session.get(Seller, template.seller_id)
        if seller is not None:
            uow.outbox(
                "email",
                {
                    "to": seller.email,
                    "subject": f"[CHAT-5] Template “{template.title}” {template.status}",
                    "body": f"Your {template.category} template was {template.status}."
                    + (f"\n\nModerator's note: {note}" if note else ""),
                },
                seller_id=seller.id,
                event=event,
            )
        uow.commit()
        return template


def save_quick_phrase(rt: Runtime, actor: Actor, *, title: str, text: str) -> ChatTemplate:
    """CHAT-6: a reply template kept without review (still scanned whenever it is sent)."""
    actor.require("seller")
    title = rules.clean_text(title, 200, field="title")
    text = rules.clean_text(text, rt.policy.chat.max_message_chars)
    with rt.uow() as uow:
        phrase = ChatTemplate(
            seller_id=actor.id,
            kind="quick_phrase",
            title=title,
            text=text,
            status="active",
            created_at=uow.now,
        )
        uow.session.add(phrase)
        uow.session.flush()
        uow.record(
            subject_type="chat_template",
            subject_id=phrase.id,
            action="chat.quick_phrase_saved",
            actor=actor.label,
            rule="CHAT-6",
            seller_id=actor.id,
        )
        uow.commit()
        return phrase


def archive_quick_phrase(rt: Runtime, actor: Actor, phrase_id: int) -> ChatTemplate:
    actor.require("seller")
    with rt.uow() as uow:
        phrase = uow.session.get(ChatTemplate, phrase_id)
        if phrase is None or phrase.seller_id != actor.id or phrase.kind != "quick_phrase":
            raise NotFound(f"quick phrase {phrase_id} not found")
        phrase.status = "archived"
        uow.commit()
        return phrase


def list_templates(
    rt: Runtime,
    actor: Actor,
    *,
    kind: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ChatTemplate]:
    """A seller's templates and phrases; for moderators the review queue (filter by status)."""
    actor.require("seller", "staff")
    query = select(ChatTemplate)
    if actor.kind == "seller":
        query = query.where(ChatTemplate.seller_id == actor.id)
    if kind:
        query = query.where(ChatTemplate.kind == kind)
    if status:
        query = query.where(ChatTemplate.status == status)
    if cursor:
        query = query.where(ChatTemplate.id < decode_cursor(cursor))
    limit = max(1, min(limit, 200))
    with rt.reader() as uow:
        rows = list(
            uow.session.execute(query.order_by(ChatTemplate.id.desc()).limit(limit + 1)).scalars()
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(rows[-1].id) if more and rows else None)


def _facts(uow: UnitOfWork, order: Order, category: str) -> proactive.OrderChatFacts:
    conversation = uow.session.execute(
        select(ChatConversation).where(
            ChatConversation.key == conversation_key("order", order.seller_id, None, order.id, None)
        )
    ).scalar()
    sent = uow.session.execute(
        select(ChatMessage.created_at).where(
            ChatMessage.order_id == order.id,
            ChatMessage.category == category,
            ChatMessage.author == "seller",
        )
    ).scalars()
    delay = uow.session.execute(
        select(Event.id)
        .where(
            Event.subject_type == "order",
            Event.subject_id == order.posting_number,
            Event.action == "logistics_delay",
        )
        .limit(1)
    ).scalar()
    state = chat_guarding.seller_state(uow, order.seller_id, lock=False)
    return proactive.OrderChatFacts(
        posting_number=order.posting_number,
        status=order.status,
        created_at=order.created_at,
        shipped_at=order.shipped_at,
        tracking_number=order.tracking_number,
        delay_reported=delay is not None,
        buyer_has_written=bool(conversation and conversation.last_buyer_message_at),
        sent_before=tuple(sent),
        permissions=frozenset(state.permissions or []),
    )


def send_proactive(
    rt: Runtime, actor: Actor, posting_number: str, template_id: int, reason: str | None = None
) -> MessageView:
    """CHAT-3: contact the buyer first with an approved template whose category condition holds
    (CHAT-4, K-9, MARKET-1/2); anything else is refused and kept as a violation. The guard still
    checks the filled-in text (GUARD-7)."""
    actor.require("seller")
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number, lock=True)
        template = uow.session.get(ChatTemplate, template_id)
        if template is None or template.seller_id != actor.id or template.kind != "proactive":
            raise NotFound(f"template {template_id} not found")
        facts = _facts(uow, order, template.category or "")
        text = proactive.render(template.text, facts)
        try:
            if template.status != "approved":
                raise RuleViolation(
                    f"Template {template.id} is {template.status}; only an approved proactive "
                    "template may be used.",
                    rule="CHAT-5",
                    next_step="Wait for the review (expected by "
                    f"{template.review_expected_by:%Y-%m-%d %H:%M} UTC) or submit a new one."
                    if template.review_expected_by and template.status == "pending"
                    else "Submit a template that follows the rules.",
                    facts={"template_id": template.id, "status": template.status},
                )
            proactive.check_send(template.category or "", facts, text, reason, uow.now, rt.policy)
        except RuleViolation as refusal:
            kind = "unapproved_template" if refusal.rule == "CHAT-5" else "proactive_contact"
            record_proactive_violation(
                uow,
                seller_id=order.seller_id,
                conversation_id=None,
                order_id=order.id,
                kind=kind,
                refusal=refusal,
            )
            uow.commit()
            raise
        seller = uow.session.get(Seller, order.seller_id)
        assert seller is not None
        verdict = chat_guarding.screen(rt.policy, text)
        common: dict[str, Any] = {
            "seller": seller,
            "text": text,
            "source": "template",
            "conversation_id": None,
            "order_id": order.id,
            "template_id": template.id,
        }
        if isinstance(verdict, chat_guarding.GuardFailed):
            held = chat_guarding.record_held(uow, failure=verdict, **common)
            uow.commit()
            raise chat_guarding.held_error(held)
        if verdict.blocked:
            attempt = chat_guarding.record_block(uow, rt.policy, verdict=verdict, **common)
            count = chat_guarding.active_warnings(uow, seller.id)
            uow.commit()
            raise chat_guarding.blocked_error(attempt, count)
        conversation, _ = open_conversation(
            uow,
            kind="order",
            seller_id=order.seller_id,
            buyer_id=order.buyer_id,
            order_id=order.id,
            opened_by="seller",
        )
        message = append(
            uow,
            conversation,
            author="seller",
            actor=actor.label,
            kind="template",
            text=text,
            category=template.category,
            template_id=template.id,
            rule="CHAT-4",
        )
        seller_answered(uow, rt, conversation)
        uow.commit()
        return message_view(message, conversation, actor, seller.language)


def set_permission(
    rt: Runtime, actor: Actor, seller_id: int, permission: str, granted: bool
) -> list[str]:
    """MARKET-1: staff grant or withdraw a seller permission such as "care"."""
    actor.require_staff("moderator")
    permission = rules.clean_text(permission, 40, field="permission")
    with rt.uow() as uow:
        if uow.session.get(Seller, seller_id) is None:
            raise NotFound(f"seller {seller_id} not found")
        state = chat_guarding.seller_state(uow, seller_id)
        held = set(state.permissions or [])
        held = held | {permission} if granted else held - {permission}
        state.permissions = sorted(held)
        state.updated_at = uow.now
        uow.record(
            subject_type="seller",
            subject_id=seller_id,
            action="chat.permission_granted" if granted else "chat.permission_withdrawn",
            actor=actor.label,
            rule="MARKET-1",
            seller_id=seller_id,
            payload={"permission": permission},
        )
        uow.commit()
        return list(state.permissions)
