"""Policy sections for CHAT and GUARD (chat, proactive templates, the guard)."""

from __future__ import annotations

from sellerdesk.policy.base import Section


class ChatPolicy(Section):
    pass


class GuardPolicy(Section):
    pass
