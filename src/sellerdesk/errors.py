"""Typed errors every layer raises; entry points turn them into problem+json, CLI messages or banners.

Each error carries what went wrong (`message`), the rule it enforces when there is one (`rule`),
the facts that triggered it and what the user can do next (`next_step`).
"""

from __future__ import annotations

from typing import Any


class SellerdeskError(Exception):
    """Base of every error the product explains to its users."""

    status = 400
    kind = "error"
    title = "Request refused"

    def __init__(
        self,
        message: str,
        *,
        rule: str | None = None,
        next_step: str | None = None,
        facts: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.next_step = next_step
        self.facts = facts or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"title": self.title, "detail": self.message, "status": self.status}
        if self.rule:
            body["rule"] = self.rule
        if self.next_step:
            body["next_step"] = self.next_step
        if self.facts:
            body["facts"] = self.facts
        return body


class InvalidInput(SellerdeskError):
    """The request itself is malformed or has values out of range."""

    status = 422
    kind = "invalid-input"
    title = "Invalid input"


class NotFound(SellerdeskError):
    """The object does not exist or the actor may not see it (K-16: never leak which)."""

    status = 404
    kind = "not-found"
    title = "Not found"


class Forbidden(SellerdeskError):
    """The actor can see the object but its role may not take this action (K-16)."""

    status = 403
    kind = "forbidden"
    title = "Forbidden"


class Unauthorized(SellerdeskError):
    """No or bad credentials."""

    status = 401
    kind = "unauthorized"
    title = "Authentication required"


class RuleViolation(SellerdeskError):
    """The action breaks a rule of the policy; `rule` names it."""

    status = 409
    kind = "rule-violation"
    title = "Refused by a marketplace rule"


class Conflict(SellerdeskError):
    """The action conflicts with the current state (duplicate, concurrent change)."""

    status = 409
    kind = "conflict"
    title = "Conflict"


class PolicyError(SellerdeskError):
    """A policy file is invalid: names the file, the key and the reason."""

    status = 500
    kind = "policy-error"
    title = "Invalid policy"

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(
            f"{file}: {key}: {reason}",
            next_step="Fix the key in the policy file, then run `sellerdesk policy check FILE`.",
            facts={"file": file, "key": key, "reason": reason},
        )
        self.file = file
        self.key = key
        self.reason = reason


class SandboxOnly(SellerdeskError):
    """A sandbox action was asked for outside sandbox mode."""

    status = 403
    kind = "sandbox-only"
    title = "Only available in sandbox mode"
