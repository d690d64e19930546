"""GUARD-9: mask the contact details a buyer writes before the seller sees them.

Buyer messages are never blocked; phone numbers, e-mails, @handles, messenger ids and
links to hosts that are not allowed are replaced by "***", found exactly as GUARD-1
finds them in seller messages. Messenger names themselves stay readable.
"""

from __future__ import annotations

from sellerdesk.guard.model import GuardConfig
from sellerdesk.guard.scanner import Analysis

MASK = "***"
_DEFAULT = GuardConfig()


def mask_contacts(text: str, config: GuardConfig = _DEFAULT) -> str:
    """`text` with every contact detail replaced by "***"."""
    if not text:
        return text
    an = Analysis(text)
    spans = sorted(an.nt.span(h.start, h.end) for h in an.contact_hits(config) if h.detail)
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        if b <= pos:
            continue
        a = max(a, pos)
        parts.append(text[pos:a])
        parts.append(MASK)
        pos = b
    parts.append(text[pos:])
    return "".join(parts)
