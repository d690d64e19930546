"""/api/v1/chats: conversations, messages, attachments, read marks, broken-promise reports,
proactive messages and carrier logistics events (CHAT-1..13, GUARD-7, GUARD-9)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.chat_schemas import (
    ConversationOut,
    ConversationPage,
    LogisticsIn,
    MessageIn,
    MessageOut,
    MessagePage,
    ProactiveIn,
    PromiseReportIn,
    PromiseReportOut,
    ReadIn,
    StartChatIn,
    UnreadOut,
)
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.schemas import EventOut
from sellerdesk.errors import InvalidInput
from sellerdesk.runtime import Runtime
from sellerdesk.services import (
    chat,
    chat_files,
    chat_inbox,
    chat_notices,
    chat_promises,
    chat_templates,
)

router = APIRouter(prefix="/api/v1", tags=["chat"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


@router.post("/chats", response_model=ConversationOut, status_code=201)
async def start_chat(rt: RT, actor: Who, body: StartChatIn, response: Response) -> ConversationOut:
    """CHAT-1/CHAT-2: a buyer starts (or reopens) the conversation about an order or a product;
    a product conversation comes with the seller's FAQ (CHAT-13). 200 if it existed."""
    view, created = await run_in_threadpool(
        chat.start_conversation,
        rt,
        actor,
        posting_number=body.posting_number,
        seller_id=body.seller_id,
        sku=body.sku,
    )
    if not created:
        response.status_code = 200
    return ConversationOut.of(view)


@router.get("/chats", response_model=ConversationPage)
async def list_chats(
    rt: RT,
    actor: Who,
    unread_only: bool = False,
    seller_id: int | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ConversationPage:
    page = await run_in_threadpool(
        chat_inbox.list_conversations,
        rt,
        actor,
        unread_only=unread_only,
        seller_id=seller_id,
        cursor=cursor,
        limit=limit,
    )
    return ConversationPage(
        items=[ConversationOut.of(v) for v in page.items], next_cursor=page.next_cursor
    )


@router.get("/chats/unread", response_model=UnreadOut)
async def unread(rt: RT, actor: Who) -> UnreadOut:
    return UnreadOut(**await run_in_threadpool(chat_inbox.unread_totals, rt, actor))


@router.get("/chats/{conversation_id}", response_model=ConversationOut)
async def get_chat(rt: RT, actor: Who, conversation_id: int) -> ConversationOut:
    return ConversationOut.of(
        await run_in_threadpool(chat_inbox.get_conversation, rt, actor, conversation_id)
    )


@router.get("/chats/{conversation_id}/messages", response_model=MessagePage)
async def list_messages(
    rt: RT,
    actor: Who,
    conversation_id: int,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MessagePage:
    """Newest first; follow `next_cursor` for older messages."""
    page = await run_in_threadpool(
        chat_inbox.list_messages, rt, actor, conversation_id, cursor=cursor, limit=limit
    )
    return MessagePage(items=[MessageOut.of(m) for m in page.items], next_cursor=page.next_cursor)


@router.post("/chats/{conversation_id}/messages", response_model=MessageOut, status_code=201)
async def send(rt: RT, actor: Who, conversation_id: int, body: MessageIn) -> MessageOut:
    """CHAT-2/GUARD-7: a seller's text is delivered only inside the reply window and after the
    guard; a blocked text answers 409 with the rule, the span and a fix, and is not delivered."""
    view = await run_in_threadpool(
        chat.send_message,
        rt,
        actor,
        conversation_id,
        text=body.text,
        replaces_id=body.replaces_message_id,
        quick_phrase_id=body.quick_phrase_id,
    )
    return MessageOut.of(view)


@router.post("/chats/{conversation_id}/files", response_model=MessageOut, status_code=201)
async def send_files(
    rt: RT,
    actor: Who,
    conversation_id: int,
    files: list[UploadFile],
    text: Annotated[str, Form()] = "",
) -> MessageOut:
    """CHAT-1: JPG, PNG or PDF attachments (checked by content) with an optional caption."""
    limit = rt.policy.chat.attachments.max_file_bytes + 1  # one byte past, so the check refuses
    loaded = []
    for upload in files:
        data = await upload.read(limit)
        if not data:
            raise InvalidInput(f"the file {upload.filename!r} is empty", rule="CHAT-1")
        loaded.append((upload.filename or "file", data))
    view = await run_in_threadpool(
        chat.send_message, rt, actor, conversation_id, text=text, files=loaded
    )
    return MessageOut.of(view)


@router.get("/chats/{conversation_id}/files/{file_id}")
async def download(rt: RT, actor: Who, conversation_id: int, file_id: int) -> Response:
    media_type, name, data = await run_in_threadpool(
        chat_files.get_attachment, rt, actor, conversation_id, file_id
    )
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/chats/{conversation_id}/read", response_model=ConversationOut)
async def mark_read(rt: RT, actor: Who, conversation_id: int, body: ReadIn) -> ConversationOut:
    view = await run_in_threadpool(
        chat_inbox.mark_read, rt, actor, conversation_id, body.upto_message_id
    )
    return ConversationOut.of(view)


@router.post(
    "/chats/{conversation_id}/promise-reports", response_model=PromiseReportOut, status_code=201
)
async def report_promise(
    rt: RT, actor: Who, conversation_id: int, body: PromiseReportIn
) -> PromiseReportOut:
    """CHAT-10: the buyer reports that a promise in a seller message was not kept."""
    row = await run_in_threadpool(
        chat_promises.report_broken_promise, rt, actor, conversation_id, body.message_id, body.note
    )
    return PromiseReportOut.of(row)


@router.post(
    "/orders/{posting_number}/proactive-messages", response_model=MessageOut, status_code=201
)
async def proactive(rt: RT, actor: Who, posting_number: str, body: ProactiveIn) -> MessageOut:
    """CHAT-3/CHAT-4: the seller contacts the buyer first with an approved template whose
    category condition holds; refusals name the rule and are kept as violations."""
    view = await run_in_threadpool(
        chat_templates.send_proactive, rt, actor, posting_number, body.template_id, body.reason
    )
    return MessageOut.of(view)


@router.post("/orders/{posting_number}/logistics-events", response_model=EventOut, status_code=201)
async def logistics_event(rt: RT, actor: Who, posting_number: str, body: LogisticsIn) -> EventOut:
    """CHAT-11: staff (the sandbox carrier feed) report customs clearance, out-for-delivery or a
    delay; the buyer gets a platform notice."""
    event = await run_in_threadpool(
        chat_notices.record_logistics_event, rt, actor, posting_number, body.kind, body.note
    )
    return EventOut.of(event)
