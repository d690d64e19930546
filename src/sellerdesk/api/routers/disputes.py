"""/api/v1: carrier tracking per posting, buyer complaints (automatic refunds, REFUND-1..4),
disputes with filters and exports (DISPUTE-9), appeals with evidence in typed slots
(DISPUTE-1..6) and the pre-submission check."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.disputes_schemas import (
    AppealOut,
    CheckOut,
    DisputeDetailOut,
    DisputeOut,
    DisputePage,
    FileDetailsIn,
    RefundOut,
    TotalOut,
    TotalsOut,
    TrackingEventIn,
    TrackingOut,
)
from sellerdesk.domain.refunds import COMPLAINTS
from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.evidence.slots import SLOT_SPECS
from sellerdesk.runtime import Runtime
from sellerdesk.services import appeals, dispute_report, disputes, refund_tracking, refunds

router = APIRouter(prefix="/api/v1", tags=["refunds and disputes"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]

APPEAL_FIELDS = ("grounds", "comment", "lang", "confirm", "details")
COMPLAINT_FIELDS = ("type", "skus", "comment")


def _multipart(fields: tuple[str, ...], files: tuple[str, ...], what: str) -> dict[str, Any]:
    """OpenAPI description of a multipart form the handler parses itself."""
    properties: dict[str, Any] = {name: {"type": "string"} for name in fields}
    for name in files:
        properties[name] = {"type": "array", "items": {"type": "string", "format": "binary"}}
    return {
        "requestBody": {
            "required": True,
            "description": what,
            "content": {
                "multipart/form-data": {"schema": {"type": "object", "properties": properties}}
            },
        }
    }


async def _read(upload: UploadFile, limit: int) -> bytes:
    """At most limit + 1 bytes: a larger file is refused without reading it all (DISPUTE-2)."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        size = upload.size or len(data)
        raise RuleViolation(
            f"“{upload.filename}” was refused: it is {size / 1048576:.1f} MB; each file may be at "
            f"most {limit / 1048576:.1f} MB.",
            rule="DISPUTE-2",
            next_step="Compress the photo, or split the PDF into smaller files, and upload again.",
            facts={
                "filename": upload.filename,
                "reason": "file_too_large",
                "max_file_bytes": limit,
            },
        )
    return data


# --- tracking ------------------------------------------------------------------------------


@router.post(
    "/orders/{posting_number}/tracking-events", response_model=TrackingOut, status_code=201
)
async def add_tracking_event(
    rt: RT, actor: Who, posting_number: str, body: TrackingEventIn
) -> TrackingOut:
    """A carrier scan (staff or the carrier feed; the seller in sandbox mode). Scans restart the
    REFUND-1 stall timer; `delivered` confirms delivery; `expected_delivery_date` sets K-20."""
    found = await run_in_threadpool(
        lambda: refund_tracking.add_tracking_event(
            rt,
            actor,
            posting_number,
            carrier=body.carrier,
            status=body.status,
            location=body.location,
            occurred_at=body.occurred_at,
            expected_delivery_date=body.expected_delivery_date,
        )
    )
    return TrackingOut.of(found)


@router.get("/orders/{posting_number}/tracking", response_model=TrackingOut)
async def get_tracking(rt: RT, actor: Who, posting_number: str) -> TrackingOut:
    found = await run_in_threadpool(refund_tracking.tracking_of, rt, actor, posting_number)
    return TrackingOut.of(found)


# --- complaints and refunds ----------------------------------------------------------------


def _complaint_skus(raw: str | None) -> dict[str, int | None] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {sku: None for sku in value}
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in value.items()
    ):
        return dict(value)
    raise InvalidInput('skus is a list ["SKU-1"] or units per SKU {"SKU-1": 1}', rule="REFUND-4")


@router.post(
    "/orders/{posting_number}/complaints",
    response_model=DisputeDetailOut,
    status_code=201,
    openapi_extra=_multipart(
        COMPLAINT_FIELDS,
        ("photos",),
        f"type: one of {', '.join(COMPLAINTS)}; skus: optional "
        '["SKU-1"] or {"SKU-1": 1}; photos: JPG/PNG (damage needs them)',
    ),
)
async def file_complaint(
    rt: RT, actor: Who, posting_number: str, request: Request
) -> DisputeDetailOut:
    """The buyer complains (REFUND-1/3/4): refunded at once per SKU; a dispute is opened."""
    limits = refunds.evidence_limits(rt)
    form = await request.form(max_files=limits.max_files * 4, max_fields=20)
    unknown = sorted(set(form.keys()) - {*COMPLAINT_FIELDS, "photos"})
    if unknown:
        raise InvalidInput(f"unknown form field(s): {', '.join(unknown)}")
    kind = form.get("type")
    if not isinstance(kind, str):
        raise InvalidInput(f"type is required: one of {', '.join(COMPLAINTS)}", rule="REFUND-1")
    photos = []
    for item in form.getlist("photos"):
        if not isinstance(item, UploadFile):
            raise InvalidInput("photos are files")
        photos.append((item.filename or "photo", await _read(item, limits.max_file_bytes)))
    skus = form.get("skus")
    comment = form.get("comment")
    dispute = await run_in_threadpool(
        lambda: refunds.file_complaint(
            rt,
            actor,
            posting_number,
            kind=kind,
            skus=_complaint_skus(skus if isinstance(skus, str) else None),
            comment=comment if isinstance(comment, str) else None,
            photos=photos,
        )
    )
    view = await run_in_threadpool(disputes.get_dispute, rt, actor, dispute.id)
    return DisputeDetailOut.of_view(view)


@router.get("/orders/{posting_number}/refunds", response_model=list[RefundOut])
async def list_refunds(rt: RT, actor: Who, posting_number: str) -> list[RefundOut]:
    rows = await run_in_threadpool(refunds.refunds_of, rt, actor, posting_number)
    return [RefundOut.model_validate(r) for r in rows]


# --- disputes (DISPUTE-9) ------------------------------------------------------------------

Status = Literal["open", "appealed", "won", "rejected", "closed"]


def _filters(
    status: Status | None,
    type: str | None,
    created_from: datetime | None,
    created_to: datetime | None,
    seller_id: int | None,
) -> dict[str, Any]:
    return {
        "status": status,
        "type": type,
        "created_from": created_from,
        "created_to": created_to,
        "seller_id": seller_id,
    }


@router.get("/disputes", response_model=DisputePage)
async def list_disputes(
    rt: RT,
    actor: Who,
    status: Status | None = None,
    type: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    seller_id: int | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> DisputePage:
    """DISPUTE-9: newest first; filter by status, type and refund date range."""
    page = await run_in_threadpool(
        lambda: disputes.list_disputes(
            rt,
            actor,
            cursor=cursor,
            limit=limit,
            **_filters(status, type, created_from, created_to, seller_id),
        )
    )
    return DisputePage(items=[DisputeOut.of(d) for d in page.items], next_cursor=page.next_cursor)


@router.get("/disputes/totals", response_model=TotalsOut)
async def dispute_totals(
    rt: RT,
    actor: Who,
    status: Status | None = None,
    type: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    seller_id: int | None = None,
) -> TotalsOut:
    """DISPUTE-9: counts and amounts per status and type ('*' rows sum over one or both)."""
    rows = await run_in_threadpool(
        lambda: dispute_report.dispute_totals(
            rt, actor, **_filters(status, type, created_from, created_to, seller_id)
        )
    )
    return TotalsOut(
        totals=[
            TotalOut(status=r[0], type=r[1], disputes=r[2], refunded=r[3], returned=r[4], fine=r[5])
            for r in rows
        ]
    )


@router.get("/disputes/export", response_model=None)
async def export_disputes(
    rt: RT,
    actor: Who,
    format: Literal["csv", "xlsx"] = "csv",
    status: Status | None = None,
    type: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    seller_id: int | None = None,
) -> StreamingResponse | FileResponse:
    """DISPUTE-9: the report as CSV (streamed) or XLSX, with totals per status and type."""
    filters = _filters(status, type, created_from, created_to, seller_id)
    disputes.dispute_filters(actor, **filters)  # refuse bad filters before streaming starts
    if format == "csv":
        return StreamingResponse(
            dispute_report.disputes_csv(rt, actor, **filters),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="disputes.csv"'},
        )
    handle, name = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    path = Path(name)
    try:
        await run_in_threadpool(dispute_report.disputes_xlsx, rt, actor, path, **filters)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="disputes.xlsx",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@router.get("/disputes/{dispute_id}", response_model=DisputeDetailOut)
async def get_dispute(rt: RT, actor: Who, dispute_id: int) -> DisputeDetailOut:
    """The dispute: trigger rule and facts (REFUND-2), refunds per SKU, appeal with every check
    and every DISPUTE-7 factor's contribution, and its history."""
    view = await run_in_threadpool(disputes.get_dispute, rt, actor, dispute_id)
    return DisputeDetailOut.of_view(view)


# --- appeals -------------------------------------------------------------------------------


async def _appeal_form(
    rt: Runtime, request: Request
) -> tuple[list[appeals.Upload], dict[str, str]]:
    limits = refunds.evidence_limits(rt)
    # More files than allowed are parsed, so a 6th file is refused by the rule (DISPUTE-2).
    form = await request.form(max_files=limits.max_files * 4, max_fields=40)
    unknown = sorted(set(form.keys()) - set(APPEAL_FIELDS) - set(SLOT_SPECS))
    if unknown:
        raise InvalidInput(
            f"unknown form field(s): {', '.join(unknown)}; evidence goes in slot fields "
            f"({', '.join(SLOT_SPECS)})",
            rule="DISPUTE-3",
        )
    fields = {k: v for k in APPEAL_FIELDS if isinstance(v := form.get(k), str)}
    try:
        raw = json.loads(fields.get("details") or "{}")
        if not isinstance(raw, dict):
            raise ValueError("details is an object keyed by file name")
        details = {name: FileDetailsIn.model_validate(value) for name, value in raw.items()}
    except (ValueError, ValidationError) as exc:
        raise InvalidInput(
            f"details: {exc}".splitlines()[0],
            next_step='Send details as {"file.pdf": {"source": "carrier_website", '
            '"skus": ["SKU-1"]}}.',
        ) from None
    uploads = []
    for slot in SLOT_SPECS:
        for item in form.getlist(slot):
            if not isinstance(item, UploadFile):
                raise InvalidInput(f"{slot} holds files, not text", rule="DISPUTE-3")
            name = item.filename or f"{slot}.bin"
            extra = details.get(name, FileDetailsIn())
            uploads.append(
                appeals.Upload(
                    slot=slot,
                    filename=name,
                    data=await _read(item, limits.max_file_bytes),
                    source=extra.source,
                    skus=tuple(extra.skus),
                    translation_of=extra.translation_of,
                )
            )
    return uploads, fields


@router.post(
    "/disputes/{dispute_id}/appeal/check",
    response_model=CheckOut,
    openapi_extra=_multipart(
        APPEAL_FIELDS, tuple(SLOT_SPECS), "The appeal as it would be filed; nothing is stored."
    ),
)
async def check_appeal(rt: RT, actor: Who, dispute_id: int, request: Request) -> CheckOut:
    """Before submitting: each check (DISPUTE-1/2/3/4/6, K-14) with its rule and how to fix it."""
    uploads, fields = await _appeal_form(rt, request)
    report = await run_in_threadpool(
        lambda: appeals.check_appeal(
            rt, actor, dispute_id, uploads, grounds=fields.get("grounds"), lang=fields.get("lang")
        )
    )
    return CheckOut.of(report)


@router.post(
    "/disputes/{dispute_id}/appeal",
    response_model=AppealOut,
    status_code=201,
    openapi_extra=_multipart(
        APPEAL_FIELDS,
        tuple(SLOT_SPECS),
        "Evidence files in typed slot fields (tracking_page=@file.pdf ...), "
        "confirm=true, optional grounds, comment, lang, details JSON.",
    ),
)
async def file_appeal(rt: RT, actor: Who, dispute_id: int, request: Request) -> AppealOut:
    """The one appeal of a dispute (DISPUTE-6), decided by the sweep within 72h (DISPUTE-5)."""
    uploads, fields = await _appeal_form(rt, request)
    confirmed = fields.get("confirm", "").lower() in ("true", "1", "yes", "on")
    appeal = await run_in_threadpool(
        lambda: appeals.file_appeal(
            rt,
            actor,
            dispute_id,
            uploads,
            grounds=fields.get("grounds"),
            comment=fields.get("comment"),
            lang=fields.get("lang"),
            confirmed=confirmed,
        )
    )
    view = await run_in_threadpool(disputes.get_dispute, rt, actor, appeal.dispute_id)
    return AppealOut.of(appeal, view.files)
