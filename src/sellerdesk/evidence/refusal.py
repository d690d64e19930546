"""Why a file was refused (DISPUTE-2), before it is turned into a `RuleViolation`.

The image and PDF inspectors raise `Refusal`; `files.inspect_file` adds the file name and turns it
into the one error type entry points know, so the wording and facts are built in one place.
"""

from __future__ import annotations

from typing import Any


class Refusal(Exception):
    """A file breaks DISPUTE-2; `reason` is a stable code the portal can translate."""

    def __init__(self, reason: str, detail: str, next_step: str, **facts: Any) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.next_step = next_step
        self.facts = facts
