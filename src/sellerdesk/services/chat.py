"""Chat use cases (CHAT-1, CHAT-2, CHAT-7, CHAT-8, CHAT-9, CHAT-13, GUARD-7, GUARD-9): buyers
start conversations and both sides send messages (reading them is `chat_inbox`).

Every seller text goes through the guard before delivery and fails closed; a buyer's text is
never blocked but the seller only ever sees it masked.
"""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk import guard
from sellerdesk.access import Actor, order_for
from sellerdesk.domain import chat as rules
from sellerdesk.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services import chat_files, chat_guarding
from sellerdesk.services.chat_conversations import append, conversation_for, open_conversation
from sellerdesk.services.chat_inbox import language_of_actor, view_of
from sellerdesk.services.chat_views import ConversationView, MessageView, message_view
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.chat import (
    ChatConversation,
    ChatMessage,
    ChatTemplate,
    ChatVacation,
    ChatViolation,
)
from sellerdesk.store.uow import UnitOfWork


def start_conversation(
    rt: Runtime,
    actor: Actor,
    *,
    posting_number: str | None = None,
    seller_id: int | None = None,
    sku: str | None = None,
) -> tuple[ConversationView, bool]:
    """CHAT-1/CHAT-2: a buyer opens the conversation about an order or a product; for a product
    the seller's FAQ comes back first (CHAT-13). Returns (view, created)."""
    if actor.kind == "seller":
        raise Forbidden(
            "Chats are started by buyers.",
            rule="CHAT-2",
            next_step="Answer when the buyer writes, or send an approved proactive template.",
        )
    actor.require("buyer")
    assert actor.id is not None
    with rt.uow() as uow:
        if posting_number:
            order = order_for(uow.session, actor, posting_number)
            conversation, created = open_conversation(
                uow,
                kind="order",
                seller_id=order.seller_id,
                buyer_id=actor.id,
                order_id=order.id,
                opened_by="buyer",
            )
        elif seller_id is not None and sku:
            sku = rules.clean_text(sku, 64, field="sku")
            if uow.session.get(Seller, seller_id) is None:
                raise NotFound(f"seller {seller_id} not found")
            conversation, created = open_conversation(
                uow,
                kind="product",
                seller_id=seller_id,
                buyer_id=actor.id,
                sku=sku,
                opened_by="buyer",
            )
        else:
            raise InvalidInput("give posting_number, or seller_id and sku", rule="CHAT-1")
        uow.commit()
        return view_of(uow, rt, actor, conversation), created


def send_message(
    rt: Runtime,
    actor: Actor,
    conversation_id: int,
    *,
    text: str = "",
    replaces_id: int | None = None,
    quick_phrase_id: int | None = None,
    files: list[tuple[str, bytes]] | None = None,
) -> MessageView:
    """A buyer or the seller writes (CHAT-9: an edit is a new message naming the old one).

    Seller text: only inside the reply window (CHAT-2), then through the guard (GUARD-7): a
    blocked or unchecked text is not delivered. Bad input is refused before anything is stored.
    """
    actor.require("buyer", "seller")
    files = files or []
    inspected = chat_files.inspect(files, rt.policy)
    source = "quick_phrase" if quick_phrase_id is not None else "text"
    with rt.uow() as uow:
        if quick_phrase_id is not None:
            text = _quick_phrase(uow, actor, quick_phrase_id, text)
        text = rules.clean_text(text, rt.policy.chat.max_message_chars, allow_empty=bool(files))
        conversation = conversation_for(uow.session, actor, conversation_id, lock=True)
        if conversation.kind == "platform":
            raise Forbidden("the platform inbox is read-only", rule="CHAT-11")
        replaced = _replaced(uow, conversation, actor, replaces_id)
        if actor.kind == "seller":
            seller = uow.session.get(Seller, conversation.seller_id)
            assert seller is not None
            _check_window(uow, rt, conversation, text)
            verdict = chat_guarding.screen(rt.policy, text) if text else guard.Verdict(())
            if isinstance(verdict, chat_guarding.GuardFailed):
                held = chat_guarding.record_held(
                    uow,
                    seller=seller,
                    text=text,
                    failure=verdict,
                    source=source,
                    conversation_id=conversation.id,
                    order_id=conversation.order_id,
                    template_id=quick_phrase_id,
                )
                uow.commit()
                raise chat_guarding.held_error(held)
            if verdict.blocked:
                attempt = chat_guarding.record_block(
                    uow,
                    rt.policy,
                    seller=seller,
                    text=text,
                    verdict=verdict,
                    source=source,
                    conversation_id=conversation.id,
                    order_id=conversation.order_id,
                    template_id=quick_phrase_id,
                )
                count = chat_guarding.active_warnings(uow, seller.id)
                uow.commit()
                raise chat_guarding.blocked_error(attempt, count)
        attachments = chat_files.store(rt, uow, actor, conversation.id, inspected)
        message = _deliver(uow, rt, conversation, actor, text, source, replaced, attachments)
        if quick_phrase_id is not None:
            message.template_id = quick_phrase_id
        uow.commit()
        return message_view(message, conversation, actor, language_of_actor(uow, actor))


def _quick_phrase(uow: UnitOfWork, actor: Actor, phrase_id: int, extra: str) -> str:
    """CHAT-6: a saved phrase is used without review; it is scanned at send time like any text."""
    if actor.kind != "seller":
        raise NotFound(f"quick phrase {phrase_id} not found")
    phrase = uow.session.get(ChatTemplate, phrase_id)
    if (
        phrase is None
        or phrase.seller_id != actor.id
        or phrase.kind != "quick_phrase"
        or phrase.status != "active"
    ):
        raise NotFound(f"quick phrase {phrase_id} not found")
    return f"{phrase.text}\n{extra}" if extra.strip() else phrase.text


def _replaced(
    uow: UnitOfWork, conversation: ChatConversation, actor: Actor, replaces_id: int | None
) -> ChatMessage | None:
    """CHAT-9: an edit names one of the author's own earlier messages in this conversation."""
    if replaces_id is None:
        return None
    old = uow.session.get(ChatMessage, replaces_id)
    if old is None or old.conversation_id != conversation.id or old.author != actor.kind:
        raise InvalidInput(
            f"message {replaces_id} is not one of your messages in this conversation",
            rule="CHAT-9",
            next_step="An edit replaces one of your own earlier messages here.",
        )
    return old


def _check_window(uow: UnitOfWork, rt: Runtime, conversation: ChatConversation, text: str) -> None:
    """CHAT-2/CHAT-3: outside the reply window the attempt is refused and kept on the record."""
    try:
        rules.check_reply_window(conversation.reply_from, uow.now, rt.policy)
    except RuleViolation as refusal:
        record_proactive_violation(
            uow,
            seller_id=conversation.seller_id,
            conversation_id=conversation.id,
            order_id=conversation.order_id,
            kind="proactive_contact",
            refusal=refusal,
        )
        uow.commit()
        raise


def record_proactive_violation(
    uow: UnitOfWork,
    *,
    seller_id: int,
    conversation_id: int | None,
    order_id: int | None,
    kind: str,
    refusal: RuleViolation,
) -> ChatViolation:
    """CHAT-3/CHAT-5: a refused proactive contact stays on the seller's record, with its rule."""
    row = ChatViolation(
        seller_id=seller_id,
        conversation_id=conversation_id,
        order_id=order_id,
        kind=kind,
        rule=refusal.rule or "CHAT-3",
        detail=refusal.message,
        facts=refusal.facts,
        created_at=uow.now,
    )
    uow.session.add(row)
    uow.session.flush()
    uow.record(
        subject_type="seller",
        subject_id=seller_id,
        action="chat.proactive_violation",
        actor=f"seller:{seller_id}",
        rule=row.rule,
        seller_id=seller_id,
        payload={"violation_id": row.id, "kind": kind, "conversation_id": conversation_id},
    )
    refusal.facts = {**refusal.facts, "violation_id": row.id, "recorded_as": kind}
    return row


def _deliver(
    uow: UnitOfWork,
    rt: Runtime,
    conversation: ChatConversation,
    actor: Actor,
    text: str,
    source: str,
    replaced: ChatMessage | None,
    attachments: list[dict[str, object]],
) -> ChatMessage:
    if actor.kind == "buyer":
        message = append(
            uow,
            conversation,
            author="buyer",
            actor=actor.label,
            kind="text",
            text=text,
            text_for_seller=_masked(rt, text),
            replaces_id=replaced.id if replaced else None,
            attachments=attachments,
        )
        _buyer_wrote(uow, rt, conversation)
        return message
    message = append(
        uow,
        conversation,
        author="seller",
        actor=actor.label,
        kind=source,
        text=text,
        replaces_id=replaced.id if replaced else None,
        attachments=attachments,
    )
    seller_answered(uow, rt, conversation)
    return message


def _masked(rt: Runtime, text: str) -> str:
    """GUARD-9: the seller never sees a buyer's contact details; if masking fails, nothing."""
    if not text:
        return text
    try:
        return guard.mask_contacts(text, chat_guarding.guard_config(rt.policy))
    except Exception:  # fail closed for the buyer's privacy
        return "[hidden: this message could not be checked for contact details]"


def _buyer_wrote(uow: UnitOfWork, rt: Runtime, conversation: ChatConversation) -> None:
    """CHAT-2 opens the reply window; CHAT-7 starts the first-response clock, stopped while the
    seller is on vacation (CHAT-8), when the vacation auto-reply goes out once."""
    conversation.last_buyer_message_at = uow.now
    conversation.reply_from = uow.now
    vacation = active_vacation(uow, conversation.seller_id)
    if conversation.first_buyer_message_at is None:
        conversation.first_buyer_message_at = uow.now
        if rules.deadline_applies(conversation.kind, rt.policy) and not _seller_wrote(
            uow, conversation
        ):
            deadline = rt.policy.chat.first_response_deadline
            if vacation is None:
                conversation.respond_by = uow.now + deadline
            else:
                conversation.response_paused_seconds = int(deadline.total_seconds())
    if vacation is not None and conversation.auto_replied_vacation_id != vacation.id:
        from sellerdesk.services.chat_vacation import auto_reply

        auto_reply(uow, rt, conversation, vacation)


def _seller_wrote(uow: UnitOfWork, conversation: ChatConversation) -> bool:
    """CHAT-7 times buyer-opened conversations: not a buyer's answer to a proactive message."""
    return (
        uow.session.execute(
            select(ChatMessage.id)
            .where(ChatMessage.conversation_id == conversation.id, ChatMessage.author == "seller")
            .limit(1)
        ).scalar()
        is not None
    )


def active_vacation(uow: UnitOfWork, seller_id: int) -> ChatVacation | None:
    return uow.session.execute(
        select(ChatVacation).where(
            ChatVacation.seller_id == seller_id, ChatVacation.status == "active"
        )
    ).scalar()


def seller_answered(uow: UnitOfWork, rt: Runtime, conversation: ChatConversation) -> None:
    """CHAT-7: the seller's first answer to a buyer-opened conversation is measured."""
    if conversation.first_buyer_message_at is None or conversation.first_response_at is not None:
        return
    conversation.first_response_at = uow.now
    timed = rules.deadline_applies(conversation.kind, rt.policy)
    result = rules.first_response(
        conversation.first_buyer_message_at,
        conversation.respond_by,
        conversation.response_missed,
        uow.now,
    )
    conversation.respond_by = None
    conversation.response_paused_seconds = None
    if timed:
        uow.record(
            subject_type="conversation",
            subject_id=conversation.id,
            action="chat.first_response",
            actor=f"seller:{conversation.seller_id}",
            rule="CHAT-7",
            seller_id=conversation.seller_id,
            payload={"seconds": result.seconds, "within_deadline": result.within_deadline},
        )
