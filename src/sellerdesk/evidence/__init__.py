"""Evidence for seller appeals: DISPUTE-2 (files), DISPUTE-3 (slots), DISPUTE-4 (facts)."""

from sellerdesk.evidence.checks import EvidenceItem, Finding, check_evidence
from sellerdesk.evidence.files import inspect_batch, inspect_file
from sellerdesk.evidence.limits import EvidenceLimits, InspectedFile
from sellerdesk.evidence.slots import EVIDENCE_SLOTS
from sellerdesk.evidence.text import extract_text

__all__ = [
    "EVIDENCE_SLOTS",
    "EvidenceItem",
    "EvidenceLimits",
    "Finding",
    "InspectedFile",
    "check_evidence",
    "extract_text",
    "inspect_batch",
    "inspect_file",
]
