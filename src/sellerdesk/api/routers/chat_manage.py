"""Chat set-up and review: templates and their review queue (CHAT-5), quick phrases (CHAT-6),
blocked messages and their review (GUARD-7/8), vacations (CHAT-8), product FAQs (CHAT-13),
broken-promise decisions (CHAT-10), seller permissions (MARKET-1) and chat status."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.chat_schemas import (
    BlockOut,
    BlockPage,
    BlockReviewIn,
    ChatStatusOut,
    FaqIn,
    FaqOut,
    PermissionsOut,
    PromiseDecisionIn,
    PromiseReportOut,
    PromiseReportPage,
    QuickPhraseIn,
    ReviewIn,
    TemplateIn,
    TemplateOut,
    TemplatePage,
    VacationIn,
    VacationOut,
)
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.runtime import Runtime
from sellerdesk.services import (
    chat_faq,
    chat_guarding,
    chat_promises,
    chat_templates,
    chat_vacation,
)

router = APIRouter(prefix="/api/v1", tags=["chat"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("/chat-templates", response_model=TemplateOut, status_code=201)
async def submit_template(rt: RT, actor: Who, body: TemplateIn) -> TemplateOut:
    """CHAT-5: a proactive template goes to review (guard and category checks first)."""
    row = await run_in_threadpool(
        chat_templates.submit_template,
        rt,
        actor,
        category=body.category,
        title=body.title,
        text=body.text,
    )
    return TemplateOut.of(row)


@router.get("/chat-templates", response_model=TemplatePage)
async def list_templates(
    rt: RT,
    actor: Who,
    kind: Literal["proactive", "quick_phrase"] | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> TemplatePage:
    """A seller's templates; for moderators the review queue (`status=pending`)."""
    page = await run_in_threadpool(
        chat_templates.list_templates,
        rt,
        actor,
        kind=kind,
        status=status,
        cursor=cursor,
        limit=limit,
    )
    return TemplatePage(items=[TemplateOut.of(t) for t in page.items], next_cursor=page.next_cursor)


@router.post("/chat-templates/{template_id}/review", response_model=TemplateOut)
async def review_template(rt: RT, actor: Who, template_id: int, body: ReviewIn) -> TemplateOut:
    row = await run_in_threadpool(
        chat_templates.review_template, rt, actor, template_id, body.decision, body.note
    )
    return TemplateOut.of(row)


@router.post("/quick-phrases", response_model=TemplateOut, status_code=201)
async def save_phrase(rt: RT, actor: Who, body: QuickPhraseIn) -> TemplateOut:
    """CHAT-6: saved without review; scanned by the guard each time it is sent."""
    row = await run_in_threadpool(
        chat_templates.save_quick_phrase, rt, actor, title=body.title, text=body.text
    )
    return TemplateOut.of(row)


@router.post("/quick-phrases/{phrase_id}/archive", response_model=TemplateOut)
async def archive_phrase(rt: RT, actor: Who, phrase_id: int) -> TemplateOut:
    row = await run_in_threadpool(chat_templates.archive_quick_phrase, rt, actor, phrase_id)
    return TemplateOut.of(row)


@router.get("/chat-blocks", response_model=BlockPage)
async def list_blocks(
    rt: RT, actor: Who, status: str | None = None, cursor: str | None = None, limit: Limit = 50
) -> BlockPage:
    """GUARD-7: the seller's blocked messages with why and how to fix; staff: the review queue."""
    page = await run_in_threadpool(
        chat_guarding.list_attempts, rt, actor, status=status, cursor=cursor, limit=limit
    )
    return BlockPage(items=[BlockOut.of(b) for b in page.items], next_cursor=page.next_cursor)


@router.get("/chat-blocks/{attempt_id}", response_model=BlockOut)
async def get_block(rt: RT, actor: Who, attempt_id: int) -> BlockOut:
    return BlockOut.of(await run_in_threadpool(chat_guarding.get_attempt, rt, actor, attempt_id))


@router.post("/chat-blocks/{attempt_id}/review", response_model=BlockOut)
async def review_block(rt: RT, actor: Who, attempt_id: int, body: BlockReviewIn) -> BlockOut:
    """GUARD-8: confirming an off-platform contact deducts points; repeats freeze the store."""
    row = await run_in_threadpool(
        chat_guarding.review_block, rt, actor, attempt_id, body.decision, body.note
    )
    return BlockOut.of(row)


@router.get("/chat-status", response_model=ChatStatusOut)
async def chat_status(rt: RT, actor: Who, seller_id: int | None = None) -> ChatStatusOut:
    return ChatStatusOut(**await run_in_threadpool(chat_guarding.chat_status, rt, actor, seller_id))


@router.post("/vacations", response_model=VacationOut, status_code=201)
async def schedule_vacation(rt: RT, actor: Who, body: VacationIn) -> VacationOut:
    """CHAT-8: set in advance; buyers get an auto-reply and deadlines stop while it runs."""
    row = await run_in_threadpool(
        chat_vacation.schedule_vacation,
        rt,
        actor,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        auto_reply={str(k): v for k, v in (body.auto_reply or {}).items()},
    )
    return VacationOut.of(row)


@router.get("/vacations", response_model=list[VacationOut])
async def list_vacations(rt: RT, actor: Who) -> list[VacationOut]:
    rows = await run_in_threadpool(chat_vacation.list_vacations, rt, actor)
    return [VacationOut.of(v) for v in rows]


@router.post("/vacations/{vacation_id}/cancel", response_model=VacationOut)
async def cancel_vacation(rt: RT, actor: Who, vacation_id: int) -> VacationOut:
    row = await run_in_threadpool(chat_vacation.cancel_vacation, rt, actor, vacation_id)
    return VacationOut.of(row)


@router.put("/products/{sku}/faq", response_model=FaqOut)
async def set_faq(rt: RT, actor: Who, sku: str, body: FaqIn) -> FaqOut:
    """CHAT-13: the seller's product FAQ, in Russian."""
    items = [{"question": i.question, "answer": i.answer} for i in body.items]
    return FaqOut.of(await run_in_threadpool(chat_faq.set_faq, rt, actor, sku, items))


@router.get("/sellers/{seller_id}/products/{sku}/faq", response_model=FaqOut)
async def get_faq(rt: RT, actor: Who, seller_id: int, sku: str) -> FaqOut:
    """CHAT-13: shown to the buyer before a chat about the product."""
    return FaqOut.of(await run_in_threadpool(chat_faq.get_faq, rt, seller_id, sku))


@router.get("/promise-reports", response_model=PromiseReportPage)
async def list_reports(
    rt: RT, actor: Who, status: str | None = None, cursor: str | None = None, limit: Limit = 50
) -> PromiseReportPage:
    page = await run_in_threadpool(
        chat_promises.list_promise_reports, rt, actor, status=status, cursor=cursor, limit=limit
    )
    return PromiseReportPage(
        items=[PromiseReportOut.of(r) for r in page.items], next_cursor=page.next_cursor
    )


@router.post("/promise-reports/{report_id}/decision", response_model=PromiseReportOut)
async def decide_report(
    rt: RT, actor: Who, report_id: int, body: PromiseDecisionIn
) -> PromiseReportOut:
    """CHAT-10/K-10: confirmed -> surcharge of the month's commission on the seller's ledger."""
    row = await run_in_threadpool(
        chat_promises.decide_promise_report, rt, actor, report_id, body.decision, body.note
    )
    return PromiseReportOut.of(row)


@router.put("/chat-permissions/{seller_id}/{permission}", response_model=PermissionsOut)
async def grant(rt: RT, actor: Who, seller_id: int, permission: str) -> PermissionsOut:
    """MARKET-1: staff grant a permission such as "care"."""
    held = await run_in_threadpool(
        chat_templates.set_permission, rt, actor, seller_id, permission, True
    )
    return PermissionsOut(seller_id=seller_id, permissions=held)


@router.delete("/chat-permissions/{seller_id}/{permission}", response_model=PermissionsOut)
async def withdraw(rt: RT, actor: Who, seller_id: int, permission: str) -> PermissionsOut:
    held = await run_in_threadpool(
        chat_templates.set_permission, rt, actor, seller_id, permission, False
    )
    return PermissionsOut(seller_id=seller_id, permissions=held)
