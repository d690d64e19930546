"""Chat compliance guard: a pure scanner of seller chat text (GUARD-1..6, GUARD-9).

from sellerdesk.guard import GuardConfig, Violation, Verdict, scan, explain, mask_contacts

Its modules load from the mypyc build when it matches the sources (see `compiled`).
"""

import types as _types

from sellerdesk.guard import compiled as _compiled

__path__ = _compiled.search_path(__path__)

from sellerdesk.guard.explain import explain  # after the path is chosen
from sellerdesk.guard.mask import mask_contacts
from sellerdesk.guard.model import GuardConfig, Verdict, Violation
from sellerdesk.guard.scanner import scan

COMPILED = not isinstance(scan, _types.FunctionType)  # the scanner runs from the mypyc build

__all__ = ["COMPILED", "GuardConfig", "Verdict", "Violation", "explain", "mask_contacts", "scan"]
