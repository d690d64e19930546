"""Chat compliance guard: a pure scanner of seller chat text (GUARD-1..6, GUARD-9).

from sellerdesk.guard import GuardConfig, Violation, Verdict, scan, explain, mask_contacts
"""

from sellerdesk.guard.explain import explain
from sellerdesk.guard.mask import mask_contacts
from sellerdesk.guard.model import GuardConfig, Verdict, Violation
from sellerdesk.guard.scanner import scan

__all__ = ["GuardConfig", "Verdict", "Violation", "explain", "mask_contacts", "scan"]
