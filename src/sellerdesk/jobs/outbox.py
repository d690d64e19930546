"""Outbox dispatch: side effects leave after their transaction committed, with retries.

Topics with a deliverer are sent (e-mail over SMTP here, others from `jobs/deliver_*.py`);
a topic nobody delivers yet is marked done.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import OutboxMessage

MAX_ATTEMPTS = 8
Deliverer = Callable[[Runtime, dict[str, Any]], None]


def send_email(rt: Runtime, payload: dict[str, Any]) -> None:
    message = EmailMessage()
    message["From"] = rt.settings.mail_from
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message.set_content(payload["body"])
    with smtplib.SMTP(rt.settings.smtp_host, rt.settings.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)


DELIVERERS: dict[str, Deliverer] = {"email": send_email}


def all_deliverers() -> dict[str, Deliverer]:
    """E-mail plus `DELIVERERS` of every module `sellerdesk/jobs/deliver_*.py` (webhooks...)."""
    import pkgutil
    from importlib import import_module

    from sellerdesk import jobs

    found = dict(DELIVERERS)
    for module in sorted(pkgutil.iter_modules(jobs.__path__), key=lambda m: m.name):
        if module.name.startswith("deliver_"):
            found.update(import_module(f"sellerdesk.jobs.{module.name}").DELIVERERS)
    return found


def dispatch_outbox(rt: Runtime, limit: int = 100) -> int:
    """Send due messages; failures back off exponentially and give up after MAX_ATTEMPTS."""
    handled = 0
    deliverers = all_deliverers()
    with rt.uow() as uow:
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed.is_(False),
                OutboxMessage.next_attempt_at <= uow.now,
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if uow.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        for message in uow.session.execute(query).scalars():
            deliver = deliverers.get(message.topic)
            handled += 1
            if deliver is None:
                message.sent_at = uow.now  # nobody subscribes to this topic yet
                continue
            try:
                deliver(rt, message.payload)
                message.sent_at = uow.now
            except (OSError, smtplib.SMTPException, KeyError, ValueError) as exc:
                message.attempts += 1
                message.last_error = f"{type(exc).__name__}: {exc}"[:500]
                message.failed = message.attempts >= MAX_ATTEMPTS
                message.next_attempt_at = uow.now + timedelta(seconds=30 * 2**message.attempts)
        uow.commit()
    return handled
