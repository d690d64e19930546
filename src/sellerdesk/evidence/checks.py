"""DISPUTE-3 and DISPUTE-4: is an appeal's evidence complete, and does each document prove enough?

The result is a checklist: every finding, passed or failed, names its rule, so the seller sees what
was checked as well as what to fix.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sellerdesk.errors import InvalidInput
from sellerdesk.evidence.limits import InspectedFile
from sellerdesk.evidence.messages import LANGUAGES, SLOT_HINTS, SLOT_LABELS, SOURCE_LABELS, say
from sellerdesk.evidence.patterns import (
    foreign_share,
    masked_name_in,
    order_number_in,
    sku_in,
    timestamp_in,
)
from sellerdesk.evidence.slots import EVIDENCE_SLOTS, SLOT_SPECS, SOURCES, SlotSpec

# A document whose letters are more than this share CJK, Arabic... needs a translation (DISPUTE-4).
MAX_FOREIGN_SHARE = 0.2
# With fewer letters than this there is nothing to judge the language by.
MIN_LETTERS = 10


class _Outcome(NamedTuple):
    check: str
    ok: bool
    key: str  # into messages.MESSAGES
    params: dict[str, str] = {}  # shared default, never mutated


@dataclass(frozen=True)
class EvidenceItem:
    """An inspected file as the seller filed it: slot, text, and where the document comes from."""

    slot: str
    inspected: InspectedFile
    text: str
    source: str  # one of slots.SOURCES
    skus: tuple[str, ...] = ()  # SKUs the seller says this file covers
    translation_of: str | None = None  # sha256 of the file this one translates


@dataclass(frozen=True)
class Finding:
    """One line of the evidence checklist."""

    rule: str
    check: str
    slot: str | None
    ok: bool
    message: str
    how_to_fix: str
    file: str | None = None


def check_evidence(
    dispute_type: str,
    items: list[EvidenceItem],
    *,
    order_number: str,
    disputed_skus: tuple[str, ...],
    lang: str = "en",
) -> list[Finding]:
    """The DISPUTE-3/DISPUTE-4 checklist: required slots, SKUs, then each file's own checks."""
    required = _validate(dispute_type, items, order_number, lang)
    originals = [item for item in items if item.translation_of is None]
    translations: dict[str, list[EvidenceItem]] = defaultdict(list)
    for item in items:
        if item.translation_of is not None:
            translations[item.translation_of].append(item)

    file_findings: list[Finding] = []
    filed: dict[str, list[str]] = defaultdict(list)
    passing: dict[str, list[str]] = defaultdict(list)
    for item in originals:
        found = _file_findings(item, translations[item.inspected.sha256], order_number, lang)
        filed[item.slot].append(item.inspected.filename)
        if all(finding.ok for finding in found):
            passing[item.slot].append(item.inspected.filename)
        file_findings.extend(found)
    by_sha = {item.inspected.sha256: item for item in originals}
    for original_sha, translated in translations.items():
        original = by_sha.get(original_sha)
        file_findings.extend(_translation_finding(item, original, lang) for item in translated)

    slot_findings = [_slot_finding(slot, filed[slot], passing[slot], lang) for slot in required]
    sku_findings = [_sku_finding(sku, items, lang) for sku in disputed_skus]
    return slot_findings + sku_findings + file_findings


def _validate(
    dispute_type: str, items: list[EvidenceItem], order_number: str, lang: str
) -> tuple[str, ...]:
    if dispute_type not in EVIDENCE_SLOTS:
        raise InvalidInput(
            f"Unknown dispute type “{dispute_type}”; expected one of {', '.join(EVIDENCE_SLOTS)}.",
            rule="DISPUTE-3",
        )
    if lang not in LANGUAGES:
        raise InvalidInput(
            f"Unsupported language “{lang}”; expected one of {', '.join(LANGUAGES)}."
        )
    if not any(char.isdigit() for char in order_number):
        raise InvalidInput(f"“{order_number}” is not an order or posting number.", rule="DISPUTE-4")
    for item in items:
        if item.slot not in SLOT_SPECS:
            raise InvalidInput(
                f"Unknown evidence slot “{item.slot}”; expected one of {', '.join(SLOT_SPECS)}.",
                rule="DISPUTE-3",
            )
        if item.source not in SOURCES:
            raise InvalidInput(
                f"Unknown evidence source “{item.source}”; expected one of {', '.join(SOURCES)}.",
                rule="DISPUTE-4",
            )
    return EVIDENCE_SLOTS[dispute_type]


def _slot_finding(slot: str, filed: list[str], passing: list[str], lang: str) -> Finding:
    label, hint = SLOT_LABELS[slot][lang], SLOT_HINTS[slot][lang]
    if passing:
        key = "slot_filled.ok"
    elif filed:
        key = "slot_filled.failing"
    else:
        key = "slot_filled.missing"
    message, fix = say(key, lang, slot=label, hint=hint, files=", ".join(passing or filed))
    return Finding("DISPUTE-3", "slot_filled", slot, bool(passing), message, fix)


def _sku_finding(sku: str, items: list[EvidenceItem], lang: str) -> Finding:
    covering = [
        item.inspected.filename for item in items if sku in item.skus or sku_in(item.text, sku)
    ]
    key = "sku_covered.ok" if covering else "sku_covered.missing"
    message, fix = say(key, lang, sku=sku, files=", ".join(covering))
    return Finding("DISPUTE-3", "sku_covered", None, bool(covering), message, fix)


def _file_findings(
    item: EvidenceItem, translations: list[EvidenceItem], order_number: str, lang: str
) -> list[Finding]:
    spec = SLOT_SPECS[item.slot]
    outcomes: list[_Outcome] = []
    if spec.order_number:
        seen = order_number_in(item.text, order_number)
        wording = "order_number" if spec.is_document else "order_label"
        outcomes.append(_Outcome("order_number", seen, f"{wording}.{_ok_or(seen, 'missing')}"))
    if spec.timestamp:
        found = timestamp_in(item.text)
        key = f"timestamp.{_ok_or(bool(found), 'missing')}"
        outcomes.append(_Outcome("timestamp", bool(found), key, {"found": found or ""}))
    if spec.recipient:
        masked = masked_name_in(item.text)
        key = f"recipient.{_ok_or(not masked, 'masked')}"
        outcomes.append(_Outcome("recipient_not_masked", not masked, key, {"found": masked or ""}))
    if spec.language:
        outcomes.append(_language(item, translations))
    source = _source(item, spec, lang)
    if source:
        outcomes.append(source)
    findings = []
    for outcome in outcomes:
        message, fix = say(outcome.key, lang, order=order_number, **outcome.params)
        findings.append(
            Finding(
                "DISPUTE-4",
                outcome.check,
                item.slot,
                outcome.ok,
                message,
                fix,
                item.inspected.filename,
            )
        )
    return findings


def _ok_or(ok: bool, failure: str) -> str:
    return "ok" if ok else failure


def _language(item: EvidenceItem, translations: list[EvidenceItem]) -> _Outcome:
    letters, share = foreign_share(item.text)
    if letters < MIN_LETTERS:
        return _Outcome("language", False, "language.unreadable")
    if share <= MAX_FOREIGN_SHARE:
        return _Outcome("language", True, "language.ok")
    readable = [t.inspected.filename for t in translations if _russian_or_english(t.text)]
    if readable:
        return _Outcome("language", True, "language.translated", {"files": ", ".join(readable)})
    return _Outcome("language", False, "language.foreign", {"share": f"{share:.0%}"})


def _source(item: EvidenceItem, spec: SlotSpec, lang: str) -> _Outcome | None:
    if spec.sources is None and item.source != "courier_statement":
        return None  # the seller's own photo or document: provenance is not the question
    accepted = spec.sources or frozenset({"seller_photo"})
    params = {
        "source": SOURCE_LABELS[item.source][lang],
        "slot": SLOT_LABELS[item.slot][lang],
        "accepted": " / ".join(SOURCE_LABELS[s][lang] for s in SOURCES if s in accepted),
    }
    if item.source == "courier_statement":
        return _Outcome("source", False, "source.courier", params)
    if item.source not in accepted:
        return _Outcome("source", False, "source.wrong", params)
    return _Outcome("source", True, "source.ok", params)


def _translation_finding(item: EvidenceItem, original: EvidenceItem | None, lang: str) -> Finding:
    if original is None:
        key, ok = "translation.orphan", False
    elif _russian_or_english(item.text):
        key, ok = "translation.ok", True
    else:
        key, ok = "translation.foreign", False
    name = original.inspected.filename if original else ""
    message, fix = say(key, lang, original=name)
    return Finding("DISPUTE-4", "translation", item.slot, ok, message, fix, item.inspected.filename)


def _russian_or_english(text: str) -> bool:
    letters, share = foreign_share(text)
    return letters >= MIN_LETTERS and share <= MAX_FOREIGN_SHARE
