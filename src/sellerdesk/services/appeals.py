"""Appeals (DISPUTE-1..6, K-14): evidence read from typed slots and checked before submission
(DISPUTE-2/3/4), and the seller's one appeal. Decisions are made by the sweep in
`dispute_decisions`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import disputes as rules
from sellerdesk.domain.refunds import moscow_text
from sellerdesk.errors import InvalidInput, RuleViolation, SellerdeskError
from sellerdesk.evidence import (
    EvidenceItem,
    InspectedFile,
    check_evidence,
    extract_text,
    inspect_batch,
    inspect_file,
)
from sellerdesk.evidence.slots import SLOT_SPECS, SOURCES
from sellerdesk.runtime import Runtime
from sellerdesk.services.dispute_decisions import reject_unreviewed
from sellerdesk.services.disputes import dispute_for, facts_of
from sellerdesk.services.refunds import evidence_limits
from sellerdesk.store.tables import Seller, StoredFile
from sellerdesk.store.tables.disputes import Appeal, AppealFile, Dispute
from sellerdesk.store.uow import UnitOfWork

# A slot's default source when the seller does not name one: the first it accepts.
DEFAULT_SOURCE = {
    slot: next((s for s in SOURCES if spec.sources and s in spec.sources), "seller_photo")
    for slot, spec in SLOT_SPECS.items()
}


@dataclass(frozen=True)
class Upload:
    """One evidence file as the seller sent it, in its typed slot (DISPUTE-3)."""

    slot: str
    filename: str
    data: bytes
    source: str | None = None
    skus: tuple[str, ...] = ()
    translation_of: str | None = None  # the file name of the document this one translates


@dataclass
class Reading:
    items: list[EvidenceItem]
    inspected: list[InspectedFile]
    findings: list[dict[str, Any]]


def _validate_uploads(uploads: Sequence[Upload], dispute: Dispute) -> None:
    names = [u.filename for u in uploads]
    for upload in uploads:
        if upload.slot not in SLOT_SPECS:
            raise InvalidInput(
                f"unknown evidence slot '{upload.slot}'; slots: {', '.join(SLOT_SPECS)}",
                rule="DISPUTE-3",
            )
        if upload.source is not None and upload.source not in SOURCES:
            raise InvalidInput(
                f"unknown source '{upload.source}'; sources: {', '.join(SOURCES)}", rule="DISPUTE-4"
            )
        unknown = sorted(set(upload.skus) - set(dispute.skus))
        if unknown:
            raise InvalidInput(
                f"{upload.filename}: SKU(s) {', '.join(unknown)} are not in this dispute",
                rule="DISPUTE-3",
                facts={"disputed_skus": list(dispute.skus)},
            )
        if upload.translation_of is not None and upload.translation_of not in names:
            raise InvalidInput(
                f"{upload.filename} translates '{upload.translation_of}', which is not uploaded",
                rule="DISPUTE-4",
            )


def _needs_text(upload: Upload) -> bool:
    spec = SLOT_SPECS[upload.slot]
    return spec.order_number or spec.timestamp or spec.language or not upload.skus


def read_evidence(
    rt: Runtime,
    dispute: Dispute,
    uploads: Sequence[Upload],
    inspected: list[InspectedFile],
    grounds: str,
    lang: str,
) -> Reading:
    """DISPUTE-3/4: extract each file's text (pypdf, Tesseract) and run the checklist."""
    limits = evidence_limits(rt)
    sha_of = {u.filename: i.sha256 for u, i in zip(uploads, inspected, strict=True)}
    items = []
    for upload, checked in zip(uploads, inspected, strict=True):
        text = extract_text(upload.data, checked, limits) if _needs_text(upload) else ""
        items.append(
            EvidenceItem(
                slot=upload.slot,
                inspected=checked,
                text=text,
                source=upload.source or DEFAULT_SOURCE[upload.slot],
                skus=upload.skus,
                translation_of=sha_of.get(upload.translation_of or ""),
            )
        )
    findings = check_evidence(
        grounds,
        items,
        order_number=dispute.posting_number,
        disputed_skus=tuple(dispute.skus),
        lang=lang,
    )
    sku_order = iter(dispute.skus)
    stored = []
    for finding in findings:
        row = {
            "rule": finding.rule,
            "check": finding.check,
            "slot": finding.slot,
            "file": finding.file,
            "ok": finding.ok,
            "message": finding.message,
            "how_to_fix": finding.how_to_fix,
        }
        if finding.check == "sku_covered":
            row["sku"] = next(sku_order)
        stored.append(row)
    return Reading(items, inspected, stored)


def _finding(
    rule: str, check: str, ok: bool, message: str, how_to_fix: str = "", **more: Any
) -> dict[str, Any]:
    return {
        "rule": rule,
        "check": check,
        "slot": None,
        "file": None,
        "ok": ok,
        "message": message,
        "how_to_fix": how_to_fix,
        **more,
    }


def _k14_state(
    session: Session,
    seller_id: int,
    shas: list[str],
    now: datetime,
) -> tuple[list[str], datetime | None]:
    """K-14: this seller's files under review with the same SHA-256, and its throttle end."""
    duplicates = list(
        session.execute(
            select(AppealFile.sha256)
            .join(Appeal, Appeal.id == AppealFile.appeal_id)
            .where(
                AppealFile.seller_id == seller_id,
                AppealFile.sha256.in_(shas or [""]),
                Appeal.status == "submitted",
            )
        ).scalars()
    )
    throttled = session.execute(
        select(func.max(Appeal.throttled_until)).where(
            Appeal.seller_id == seller_id, Appeal.throttled_until > now
        )
    ).scalar()
    return duplicates, throttled


@dataclass
class CheckReport:
    ready: bool
    grounds: str
    required_slots: tuple[str, ...]
    findings: list[dict[str, Any]]


def check_appeal(
    rt: Runtime,
    actor: Actor,
    dispute_id: int,
    uploads: Sequence[Upload],
    *,
    grounds: str | None = None,
    lang: str | None = None,
) -> CheckReport:
    """Before submission: every check the appeal would face, each failed one with its rule ID
    and how to fix it (DISPUTE-1/2/3/4/6, K-14). Nothing is stored."""
    with rt.reader() as uow:
        dispute = dispute_for(uow.session, actor, dispute_id)  # 404 before 403 (K-16)
        actor.require("seller")
        seller = uow.session.get(Seller, dispute.seller_id)
        lang = _language(lang, seller)
        chosen = rules.choose_grounds(dispute.type, grounds)
        _validate_uploads(uploads, dispute)
        findings: list[dict[str, Any]] = []
        try:
            rules.check_can_appeal(facts_of(dispute), uow.now, rt.policy)
            findings.append(
                _finding(
                    "DISPUTE-1",
                    "appeal_window",
                    True,
                    "The appeal window is open until "
                    f"{moscow_text(dispute.appeal_until, rt.policy.business_calendar())}."
                    if dispute.appeal_until
                    else "The appeal window is open.",
                )
            )
        except SellerdeskError as refused:
            findings.append(
                _finding(
                    refused.rule or "DISPUTE-1",
                    "appealable",
                    False,
                    refused.message,
                    refused.next_step or "",
                )
            )
        limits = evidence_limits(rt)
        accepted: list[tuple[Upload, InspectedFile]] = []
        if len(uploads) > limits.max_files:
            findings.append(
                _finding(
                    "DISPUTE-2",
                    "file_count",
                    False,
                    f"{len(uploads)} files; an appeal carries at most {limits.max_files}.",
                    "Keep the most convincing files or combine pages into one PDF.",
                )
            )
        for upload in uploads:
            try:
                accepted.append((upload, inspect_file(upload.data, upload.filename, limits)))
            except RuleViolation as refused:
                findings.append(
                    _finding(
                        "DISPUTE-2",
                        "file_accepted",
                        False,
                        refused.message,
                        refused.next_step or "",
                        file=upload.filename,
                        slot=upload.slot,
                    )
                )
        duplicates, throttled = _k14_state(
            uow.session, dispute.seller_id, [i.sha256 for _, i in accepted], uow.now
        )
        verdict = rules.duplicate_verdict(duplicates, throttled, uow.now, rt.policy)
        if verdict is not None:
            findings.append(
                _finding(
                    "K-14",
                    verdict.reason,
                    False,
                    verdict.message,
                    "Wait until the throttle ends; do not re-use evidence from "
                    "an appeal under review.",
                )
            )
    kept = [u for u, _ in accepted]
    reading = read_evidence(rt, dispute, kept, [i for _, i in accepted], chosen, lang)
    findings.extend(reading.findings)
    return CheckReport(
        all(f["ok"] for f in findings), chosen, rules.required_slots(chosen), findings
    )


def _language(lang: str | None, seller: Seller | None) -> str:
    chosen = lang or (seller.language if seller else "en")
    return chosen if chosen in ("en", "ru", "zh") else "en"


def file_appeal(
    rt: Runtime,
    actor: Actor,
    dispute_id: int,
    uploads: Sequence[Upload],
    *,
    grounds: str | None = None,
    comment: str | None = None,
    lang: str | None = None,
    confirmed: bool = False,
) -> Appeal:
    """DISPUTE-1/2/5/6, K-14: the seller's one appeal. Files are checked by content first
    (all-or-nothing, nothing stored on refusal); identical evidence while another appeal is under
    review rejects it unreviewed and throttles the seller; otherwise it waits for the decision
    sweep (72h, extended over public holidays)."""
    with rt.reader() as uow:
        dispute = dispute_for(uow.session, actor, dispute_id)  # 404 before 403 (K-16)
        actor.require("seller")
        if not confirmed:
            raise InvalidInput(
                "confirm that the information you provide is true and valid",
                rule="DISPUTE-5",
                next_step="Send confirm=true with the appeal.",
            )
        if not uploads:
            raise InvalidInput("an appeal needs evidence files", rule="DISPUTE-3")
        seller = uow.session.get(Seller, dispute.seller_id)
        rules.check_can_appeal(facts_of(dispute), uow.now, rt.policy)
        chosen = rules.choose_grounds(dispute.type, grounds)
        _validate_uploads(uploads, dispute)
    lang = _language(lang, seller)
    inspected = inspect_batch([(u.filename, u.data) for u in uploads], evidence_limits(rt))
    reading = read_evidence(rt, dispute, uploads, inspected, chosen, lang)
    with rt.uow() as uow:
        dispute = dispute_for(uow.session, actor, dispute_id, lock=True)
        # One seller's appeals are filed one at a time, so K-14 sees every earlier file.
        uow.session.get(Seller, dispute.seller_id, with_for_update=True)
        rules.check_can_appeal(facts_of(dispute), uow.now, rt.policy)
        duplicates, throttled = _k14_state(
            uow.session, dispute.seller_id, [i.sha256 for i in inspected], uow.now
        )
        verdict = rules.duplicate_verdict(duplicates, throttled, uow.now, rt.policy)
        appeal = Appeal(
            dispute_id=dispute.id,
            seller_id=dispute.seller_id,
            status="submitted",
            grounds=chosen,
            comment=comment,
            lang=lang,
            submitted_at=uow.now,
            decide_by=rules.decide_by(uow.now, rt.policy),
            reviewed=True,
            findings=reading.findings,
            decision={},
        )
        uow.session.add(appeal)
        uow.session.flush()
        _store_files(rt, uow, appeal, uploads, reading)
        if verdict is not None:
            reject_unreviewed(rt, uow, dispute, appeal, verdict, actor)
        else:
            step = rules.transition("appeal", dispute.status)
            dispute.status = step.target
            _appealed_events(uow, dispute, appeal, actor)
        uow.commit()
        return appeal


def _store_files(
    rt: Runtime, uow: UnitOfWork, appeal: Appeal, uploads: Sequence[Upload], reading: Reading
) -> None:
    for upload, item in zip(uploads, reading.items, strict=True):
        checked = item.inspected
        stored = StoredFile(
            owner=f"seller:{appeal.seller_id}",
            seller_id=appeal.seller_id,
            sha256=rt.storage.put(upload.data),
            size=checked.size,
            media_type=checked.media_type,
            filename=checked.filename,
            created_at=uow.now,
        )
        uow.session.add(stored)
        uow.session.flush()
        uow.session.add(
            AppealFile(
                appeal_id=appeal.id,
                seller_id=appeal.seller_id,
                file_id=stored.id,
                sha256=checked.sha256,
                slot=item.slot,
                source=item.source,
                skus=list(item.skus),
                translation_of=item.translation_of,
                kind=checked.kind,
                size=checked.size,
                pages=checked.pages,
                filename=checked.filename,
                text=item.text,
            )
        )


def _appealed_events(uow: UnitOfWork, dispute: Dispute, appeal: Appeal, actor: Actor) -> None:
    failed = [f for f in appeal.findings if not f["ok"]]
    payload = {
        "dispute_id": dispute.id,
        "appeal_id": appeal.id,
        "grounds": appeal.grounds,
        "decide_by": appeal.decide_by.isoformat(),
        "checks_failed": len(failed),
        "posting_number": dispute.posting_number,
    }
    uow.record(
        subject_type="dispute",
        subject_id=dispute.id,
        action="dispute.appealed",
        actor=actor.label,
        rule="DISPUTE-5",
        seller_id=dispute.seller_id,
        payload=payload,
    )
    uow.record(
        subject_type="order",
        subject_id=dispute.posting_number,
        action="appeal_filed",
        actor=actor.label,
        rule="DISPUTE-5",
        seller_id=dispute.seller_id,
        payload=payload,
    )
