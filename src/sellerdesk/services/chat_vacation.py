"""Vacation mode (CHAT-8): scheduled in advance; while it runs buyers get an auto-reply, response
deadlines stop and the seller's listings are hidden (no new orders). The start and end are
sweeps (`jobs/due_chat.py`) acting as of the scheduled times."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import chat as rules
from sellerdesk.domain.chat_notices import auto_reply_texts
from sellerdesk.errors import Conflict, InvalidInput, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services import chat_guarding
from sellerdesk.services.chat_conversations import append
from sellerdesk.store.tables.chat import ChatConversation, ChatSellerState, ChatVacation
from sellerdesk.store.uow import UnitOfWork

OPEN = ("scheduled", "active")


def listings_hidden(session: Session, seller_id: int) -> bool:
    """CHAT-8: while the seller is on vacation its listings are hidden and no new orders are
    assigned (the catalogue and order intake read this)."""
    state = session.get(ChatSellerState, seller_id)
    return bool(state and state.listings_hidden)


def schedule_vacation(
    rt: Runtime,
    actor: Actor,
    *,
    starts_at: datetime,
    ends_at: datetime,
    auto_reply: dict[str, str] | None = None,
) -> ChatVacation:
    """CHAT-8: the seller sets the dates in advance, with an optional own auto-reply (checked by
    the guard like any seller text; refused, not warned, since nothing was sent)."""
    actor.require("seller")
    assert actor.id is not None
    own: dict[str, str] = {}
    for lang, text in (auto_reply or {}).items():
        if lang not in rules.LANGUAGES:
            raise InvalidInput(f"auto_reply languages are {', '.join(rules.LANGUAGES)}")
        cleaned = rules.clean_text(text, rt.policy.chat.max_message_chars, field="auto_reply")
        verdict = chat_guarding.screen(rt.policy, cleaned)
        if isinstance(verdict, chat_guarding.GuardFailed):
            raise chat_guarding.GuardUnavailable(
                "The auto-reply could not be checked; nothing was saved.",
                rule="GUARD-7",
                next_step="Try again in a moment.",
            )
        if verdict.blocked:
            found = chat_guarding.explained(verdict, "en")
            raise RuleViolation(
                f"The auto-reply is not allowed. {found[0]['why']}",
                rule=found[0]["rule"],
                next_step=found[0]["fix"],
                facts={"language": lang, "violations": found},
            )
        own[lang] = cleaned
    with rt.uow() as uow:
        rules.check_vacation(starts_at, ends_at, uow.now, rt.policy)
        clash = uow.session.execute(
            select(ChatVacation.id).where(
                ChatVacation.seller_id == actor.id, ChatVacation.status.in_(OPEN)
            )
        ).scalar()
        if clash is not None:
            raise Conflict(
                f"vacation {clash} is already scheduled or running",
                rule="CHAT-8",
                next_step="Cancel it first, then schedule the new dates.",
            )
        vacation = ChatVacation(
            seller_id=actor.id,
            starts_at=starts_at,
            ends_at=ends_at,
            auto_reply=own,
            status="scheduled",
            created_at=uow.now,
        )
        uow.session.add(vacation)
        uow.session.flush()
        uow.record(
            subject_type="seller",
            subject_id=actor.id,
            action="chat.vacation_scheduled",
            actor=actor.label,
            rule="CHAT-8",
            seller_id=actor.id,
            payload={
                "vacation_id": vacation.id,
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
            },
        )
        if starts_at <= uow.now:
            start(uow, rt, vacation)
        uow.commit()
        return vacation


def cancel_vacation(rt: Runtime, actor: Actor, vacation_id: int) -> ChatVacation:
    """A scheduled vacation is cancelled; a running one ends now."""
    actor.require("seller")
    with rt.uow() as uow:
        vacation = _vacation_for(uow, actor, vacation_id)
        if vacation.status == "scheduled":
            vacation.status = "cancelled"
            uow.record(
                subject_type="seller",
                subject_id=vacation.seller_id,
                action="chat.vacation_cancelled",
                actor=actor.label,
                rule="CHAT-8",
                seller_id=vacation.seller_id,
                payload={"vacation_id": vacation.id},
            )
        elif vacation.status == "active":
            vacation.ends_at = uow.now
            end(uow, rt, vacation)
        else:
            raise Conflict(f"vacation {vacation_id} is {vacation.status}", rule="CHAT-8")
        uow.commit()
        return vacation


def list_vacations(rt: Runtime, actor: Actor) -> list[ChatVacation]:
    actor.require("seller")
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(ChatVacation)
                .where(ChatVacation.seller_id == actor.id)
                .order_by(ChatVacation.id.desc())
                .limit(100)
            ).scalars()
        )


def _vacation_for(uow: UnitOfWork, actor: Actor, vacation_id: int) -> ChatVacation:
    vacation = uow.session.execute(
        select(ChatVacation)
        .where(ChatVacation.id == vacation_id, ChatVacation.seller_id == actor.id)
        .with_for_update()
    ).scalar()
    if vacation is None:
        raise NotFound(f"vacation {vacation_id} not found")
    return vacation


def start(uow: UnitOfWork, rt: Runtime, vacation: ChatVacation) -> str:
    """CHAT-8, as of the start time: listings hidden, running response deadlines stopped."""
    at = vacation.starts_at
    vacation.status = "active"
    state = chat_guarding.seller_state(uow, vacation.seller_id)
    state.vacation_id = vacation.id
    state.listings_hidden = True
    state.updated_at = uow.now
    running = uow.session.execute(
        select(ChatConversation).where(
            ChatConversation.seller_id == vacation.seller_id,
            ChatConversation.respond_by.is_not(None),
        )
    ).scalars()
    paused = 0
    for conversation in running:
        conversation.response_paused_seconds = rules.pause(conversation.respond_by, at)
        conversation.respond_by = None
        paused += 1
    uow.record(
        subject_type="seller",
        subject_id=vacation.seller_id,
        action="chat.vacation_started",
        actor="system",
        rule="CHAT-8",
        seller_id=vacation.seller_id,
        payload={"vacation_id": vacation.id, "deadlines_paused": paused, "listings_hidden": True},
        at=at,
    )
    return f"seller {vacation.seller_id} vacation {vacation.id} started, CHAT-8"


def end(uow: UnitOfWork, rt: Runtime, vacation: ChatVacation) -> str:
    """CHAT-8, as of the end time: listings shown again, stopped deadlines run for what was left."""
    at = vacation.ends_at
    vacation.status = "ended"
    state = chat_guarding.seller_state(uow, vacation.seller_id)
    state.vacation_id = None
    state.listings_hidden = False
    state.updated_at = uow.now
    stopped = uow.session.execute(
        select(ChatConversation).where(
            ChatConversation.seller_id == vacation.seller_id,
            ChatConversation.response_paused_seconds.is_not(None),
            ChatConversation.first_response_at.is_(None),
        )
    ).scalars()
    resumed = 0
    for conversation in stopped:
        conversation.respond_by = rules.resume(conversation.response_paused_seconds or 0, at)
        conversation.response_paused_seconds = None
        resumed += 1
    window = rt.policy.chat.reply_window
    open_windows = uow.session.execute(
        select(ChatConversation).where(
            ChatConversation.seller_id == vacation.seller_id,
            ChatConversation.reply_from > vacation.starts_at - window,
        )
    ).scalars()
    for conversation in open_windows:
        conversation.reply_from = rules.window_after_vacation(
            conversation.reply_from, vacation.starts_at, at
        )
    uow.record(
        subject_type="seller",
        subject_id=vacation.seller_id,
        action="chat.vacation_ended",
        actor="system",
        rule="CHAT-8",
        seller_id=vacation.seller_id,
        payload={"vacation_id": vacation.id, "deadlines_resumed": resumed},
        at=at,
    )
    return f"seller {vacation.seller_id} vacation {vacation.id} ended, CHAT-8"


def auto_reply(
    uow: UnitOfWork, rt: Runtime, conversation: ChatConversation, vacation: ChatVacation
) -> None:
    """CHAT-8: one automatic answer per conversation per vacation; a system message, not the
    seller's answer (the first-response clock stays stopped, not stopped-and-met)."""
    texts = auto_reply_texts(
        vacation.auto_reply or {},
        vacation.ends_at,
        rt.policy.chat.system_notice_languages,
        rt.policy.business_calendar().zone,
    )
    append(
        uow,
        conversation,
        author="system",
        actor="system",
        kind="auto_reply",
        text=texts.get("ru") or next(iter(texts.values())),
        texts=texts,
        notice_kind="vacation_auto_reply",
        rule="CHAT-8",
    )
    conversation.auto_replied_vacation_id = vacation.id
