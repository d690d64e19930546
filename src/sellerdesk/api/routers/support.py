"""/api/v1/support and /api/v1/kb: knowledge base, live-chat visibility, KYC, tickets, the staff
desk (queues, notes, canned answers, incidents), the VIP line and account managers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.support_schemas import (
    ArticleIn,
    ArticleOut,
    AssignIn,
    CannedIn,
    CannedOut,
    ConditionOut,
    DecisionIn,
    EligibilityOut,
    FollowUpIn,
    IncidentIn,
    IncidentOut,
    InnIn,
    KbHitOut,
    KycDocumentIn,
    KycItemOut,
    LinkIn,
    LiveChatOut,
    ManagerIn,
    ManagerOut,
    NoteIn,
    SellerActionIn,
    StaffReplyIn,
    StaffStatusIn,
    TicketDetailOut,
    TicketIn,
    TicketMessageOut,
    TicketOut,
    TicketReplyIn,
    TiersOut,
    VipGrantOut,
)
from sellerdesk.runtime import Runtime
from sellerdesk.services import support_kb, support_kyc, support_staff, support_tickets, support_vip

router = APIRouter(prefix="/api/v1", tags=["support"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


def _chat_out(chat: support_kyc.LiveChat) -> LiveChatOut:
    return LiveChatOut(
        visible=chat.visible,
        conditions=[ConditionOut.model_validate(c, from_attributes=True) for c in chat.conditions],
    )


# ---- knowledge base (SUPPORT-1 tier 1) -------------------------------------------------------


@router.get("/kb/search", response_model=list[KbHitOut])
async def kb_search(
    rt: RT,
    actor: Who,
    q: Annotated[str, Query(min_length=1, max_length=400)],
    lang: str | None = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[KbHitOut]:
    """Full-text search in any word form, ranked; articles explain each rule of the rulebook."""
    hits = await run_in_threadpool(support_kb.search, rt, q, language=lang, limit=limit)
    return [
        KbHitOut(
            slug=h.article.slug,
            language=h.article.language,
            title=h.article.title,
            rules=list(h.article.rules),
            rank=h.rank,
            snippet=h.snippet,
        )
        for h in hits
    ]


@router.get("/kb/articles/{slug}", response_model=ArticleOut)
async def kb_article(rt: RT, actor: Who, slug: str, lang: str = "ru") -> ArticleOut:
    row = await run_in_threadpool(support_kb.get_article, rt, slug, lang)
    return ArticleOut.model_validate(row)


@router.put("/kb/articles", response_model=ArticleOut)
async def kb_save(rt: RT, actor: Who, body: ArticleIn) -> ArticleOut:
    row = await run_in_threadpool(lambda: support_kb.save_article(rt, actor, **body.model_dump()))
    return ArticleOut.model_validate(row)


# ---- tiers, live chat and KYC (SUPPORT-1, SUPPORT-2) -------------------------------------------


@router.get("/support/tiers", response_model=TiersOut)
async def tiers(rt: RT, actor: Who) -> TiersOut:
    found = await run_in_threadpool(support_kyc.tiers, rt, actor)
    return TiersOut(available=found.available, live_chat=_chat_out(found.live_chat))


@router.get("/support/live-chat", response_model=LiveChatOut)
async def live_chat(rt: RT, actor: Who, seller_id: int | None = None) -> LiveChatOut:
    """SUPPORT-2: whether "Chat with support" is shown, and each condition with how to fix it."""
    return _chat_out(await run_in_threadpool(support_kyc.live_chat, rt, actor, seller_id))


@router.get("/support/kyc", response_model=list[KycItemOut])
async def kyc(rt: RT, actor: Who, seller_id: int | None = None) -> list[KycItemOut]:
    rows = await run_in_threadpool(support_kyc.kyc_items, rt, actor, seller_id)
    return [KycItemOut.model_validate(r) for r in rows]


@router.post("/support/kyc/inn", response_model=KycItemOut)
async def kyc_inn(rt: RT, actor: Who, body: InnIn) -> KycItemOut:
    """The INN is verified by its check digits (10 or 12 digits)."""
    row = await run_in_threadpool(support_kyc.submit_inn, rt, actor, body.inn)
    return KycItemOut.model_validate(row)


@router.post("/support/kyc/documents", response_model=KycItemOut)
async def kyc_document(rt: RT, actor: Who, body: KycDocumentIn) -> KycItemOut:
    row = await run_in_threadpool(support_kyc.submit_document, rt, actor, body.kind, body.file_id)
    return KycItemOut.model_validate(row)


@router.post("/support/kyc/{seller_id}/{kind}/decision", response_model=KycItemOut)
async def kyc_decide(rt: RT, actor: Who, seller_id: int, kind: str, body: DecisionIn) -> KycItemOut:
    row = await run_in_threadpool(
        lambda: support_kyc.decide_document(
            rt, actor, seller_id, kind, verify=body.decision == "approve", note=body.note
        )
    )
    return KycItemOut.model_validate(row)


# ---- tickets, seller side (SUPPORT-3..7, SUPPORT-10) -------------------------------------------


@router.post("/support/tickets", response_model=TicketOut, status_code=201)
async def create_ticket(rt: RT, actor: Who, body: TicketIn) -> TicketOut:
    """A complete ticket opens; an incomplete one comes back `waiting_for_seller` with `missing`;
    a duplicate of an open ticket is queued behind it (`queued_behind_id`)."""
    row = await run_in_threadpool(
        lambda: support_tickets.create_ticket(
            rt,
            actor,
            title=body.title,
            body=body.body,
            fields=body.fields,
            attachments=[a.model_dump() for a in body.attachments],
            cross_border=body.cross_border,
            language=body.language,
        )
    )
    return TicketOut.of(row)


@router.get("/support/tickets", response_model=list[TicketOut])
async def my_tickets(rt: RT, actor: Who, status: str | None = None) -> list[TicketOut]:
    rows = await run_in_threadpool(lambda: support_tickets.list_tickets(rt, actor, status=status))
    return [TicketOut.of(r) for r in rows]


@router.get("/support/tickets/{ref}", response_model=TicketDetailOut)
async def ticket_detail(rt: RT, actor: Who, ref: str) -> TicketDetailOut:
    """The ticket and its conversation; internal notes are shown to staff only."""
    ticket, messages = await run_in_threadpool(support_tickets.messages_of, rt, actor, ref)
    state = support_staff.sla_state_of(rt, ticket, rt.clock.now())
    return TicketDetailOut(
        ticket=TicketOut.of(ticket, state),
        messages=[TicketMessageOut.model_validate(m) for m in messages],
    )


@router.post("/support/tickets/{ref}/replies", response_model=TicketOut)
async def seller_reply(rt: RT, actor: Who, ref: str, body: TicketReplyIn) -> TicketOut:
    row = await run_in_threadpool(
        lambda: support_tickets.reply(
            rt,
            actor,
            ref,
            body=body.body,
            title=body.title,
            fields=body.fields,
            attachments=[a.model_dump() for a in body.attachments],
            cross_border=body.cross_border,
        )
    )
    return TicketOut.of(row)


@router.post("/support/tickets/{ref}/actions", response_model=TicketOut)
async def seller_action(rt: RT, actor: Who, ref: str, body: SellerActionIn) -> TicketOut:
    return TicketOut.of(
        await run_in_threadpool(support_tickets.seller_action, rt, actor, ref, body.action)
    )


@router.post("/support/tickets/{ref}/follow-up", response_model=TicketOut)
async def follow_up(rt: RT, actor: Who, ref: str, body: FollowUpIn) -> TicketOut:
    """SUPPORT-6: once, only after the deadline has passed."""
    return TicketOut.of(
        await run_in_threadpool(support_tickets.follow_up, rt, actor, ref, body.note)
    )


# ---- staff desk (SUPPORT-5, SUPPORT-9) ---------------------------------------------------------


@router.get("/support/queue", response_model=list[TicketOut])
async def staff_queue(
    rt: RT,
    actor: Who,
    category: str | None = None,
    sla: str | None = None,
    assignee_id: int | None = None,
) -> list[TicketOut]:
    """Open tickets of a category with their SLA state: on_time, due_soon or breached."""
    rows = await run_in_threadpool(
        lambda: support_staff.queue(rt, actor, category=category, sla=sla, assignee_id=assignee_id)
    )
    return [TicketOut.of(r.ticket, r.sla_state) for r in rows]


@router.post("/support/tickets/{ref}/status", response_model=TicketOut)
async def staff_status(rt: RT, actor: Who, ref: str, body: StaffStatusIn) -> TicketOut:
    row = await run_in_threadpool(
        support_staff.change_status, rt, actor, ref, body.action, body.message
    )
    return TicketOut.of(row)


@router.post("/support/tickets/{ref}/answers", response_model=TicketMessageOut)
async def staff_answer(rt: RT, actor: Who, ref: str, body: StaffReplyIn) -> TicketMessageOut:
    row = await run_in_threadpool(
        lambda: support_staff.staff_reply(
            rt, actor, ref, body=body.body, canned_answer_id=body.canned_answer_id
        )
    )
    return TicketMessageOut.model_validate(row)


@router.post("/support/tickets/{ref}/acknowledge", response_model=TicketOut)
async def acknowledge(rt: RT, actor: Who, ref: str) -> TicketOut:
    return TicketOut.of(await run_in_threadpool(support_staff.acknowledge, rt, actor, ref))


@router.post("/support/tickets/{ref}/notes", response_model=TicketMessageOut, status_code=201)
async def note(rt: RT, actor: Who, ref: str, body: NoteIn) -> TicketMessageOut:
    """Internal: never shown or e-mailed to the seller."""
    row = await run_in_threadpool(support_staff.add_note, rt, actor, ref, body.body)
    return TicketMessageOut.model_validate(row)


@router.post("/support/tickets/{ref}/assign", response_model=TicketOut)
async def assign(rt: RT, actor: Who, ref: str, body: AssignIn) -> TicketOut:
    return TicketOut.of(
        await run_in_threadpool(support_staff.assign, rt, actor, ref, body.staff_id)
    )


@router.get("/support/canned-answers", response_model=list[CannedOut])
async def canned(rt: RT, actor: Who, lang: str | None = None) -> list[CannedOut]:
    rows = await run_in_threadpool(support_staff.list_canned, rt, actor, lang)
    return [CannedOut.model_validate(r) for r in rows]


@router.post("/support/canned-answers", response_model=CannedOut, status_code=201)
async def add_canned(rt: RT, actor: Who, body: CannedIn) -> CannedOut:
    row = await run_in_threadpool(lambda: support_staff.add_canned(rt, actor, **body.model_dump()))
    return CannedOut.model_validate(row)


@router.post("/support/incidents", response_model=IncidentOut, status_code=201)
async def declare(rt: RT, actor: Who, body: IncidentIn) -> IncidentOut:
    row = await run_in_threadpool(
        lambda: support_staff.declare_incident(rt, actor, **body.model_dump())
    )
    return IncidentOut.model_validate(row)


@router.post("/support/incidents/{incident_id}/tickets", response_model=list[TicketOut])
async def link(rt: RT, actor: Who, incident_id: int, body: LinkIn) -> list[TicketOut]:
    """SUPPORT-9: linked tickets get the emergency deadline (2h)."""
    rows = await run_in_threadpool(support_staff.link_tickets, rt, actor, incident_id, body.tickets)
    return [TicketOut.of(r) for r in rows]


@router.post("/support/incidents/{incident_id}/close", response_model=IncidentOut)
async def close_incident(rt: RT, actor: Who, incident_id: int) -> IncidentOut:
    row = await run_in_threadpool(support_staff.close_incident, rt, actor, incident_id)
    return IncidentOut.model_validate(row)


# ---- VIP line and account managers (SUPPORT-8, SUPPORT-1) -------------------------------------


@router.get("/support/vip/eligibility", response_model=EligibilityOut)
async def vip_eligibility(rt: RT, actor: Who, seller_id: int | None = None) -> EligibilityOut:
    found = await run_in_threadpool(support_vip.eligibility, rt, actor, seller_id)
    return EligibilityOut.model_validate(found)


@router.post("/support/vip/requests", response_model=VipGrantOut, status_code=201)
async def vip_request(rt: RT, actor: Who) -> VipGrantOut:
    return VipGrantOut.model_validate(await run_in_threadpool(support_vip.request_vip, rt, actor))


@router.get("/support/vip/requests", response_model=list[VipGrantOut])
async def vip_requests(rt: RT, actor: Who, status: str | None = None) -> list[VipGrantOut]:
    rows = await run_in_threadpool(support_vip.vip_requests, rt, actor, status)
    return [VipGrantOut.model_validate(r) for r in rows]


@router.post("/support/vip/requests/{grant_id}/decision", response_model=VipGrantOut)
async def vip_decide(rt: RT, actor: Who, grant_id: int, body: DecisionIn) -> VipGrantOut:
    row = await run_in_threadpool(
        lambda: support_vip.decide_vip(
            rt, actor, grant_id, approve=body.decision == "approve", note=body.note
        )
    )
    return VipGrantOut.model_validate(row)


@router.post("/support/account-managers", response_model=ManagerOut, status_code=201)
async def assign_manager(rt: RT, actor: Who, body: ManagerIn) -> ManagerOut:
    await run_in_threadpool(support_vip.assign_manager, rt, actor, body.seller_id, body.staff_id)
    return await _manager(rt, Actor("seller", body.seller_id))


@router.get("/support/account-manager", response_model=ManagerOut)
async def my_manager(rt: RT, actor: Who) -> ManagerOut:
    return await _manager(rt, actor)


async def _manager(rt: Runtime, actor: Actor) -> ManagerOut:
    row, staff = await run_in_threadpool(support_vip.manager_of, rt, actor)
    return ManagerOut(
        seller_id=row.seller_id,
        staff_id=staff.id,
        name=staff.name,
        email=staff.email,
        assigned_at=row.assigned_at,
    )
