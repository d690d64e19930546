"""Chat rules (CHAT-1, CHAT-2, CHAT-7, CHAT-8, CHAT-9): pure functions of facts, policy and `now`.

Who may write where, when the seller may write free text, how a message's text must look, and
what a first response or a missed deadline means. No SQL, HTTP or clock here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.policy import Policy

KINDS = ("order", "product", "platform")
LANGUAGES = ("ru", "en", "zh")
# Characters a chat text may carry besides printable ones.
_ALLOWED_CONTROLS = frozenset("\n\t")


def clean_text(
    text: str, max_chars: int | None, *, allow_empty: bool = False, field: str = "text"
) -> str:
    """CHAT-1: a message text is valid Unicode without control characters, not empty (unless it
    only carries attachments) and at most `max_chars` long (the policy's `max_message_chars`;
    None for platform-written text). Line ends become \\n."""
    if not isinstance(text, str):
        raise InvalidInput(f"{field} must be a string", rule="CHAT-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    limit = max_chars
    if limit is not None and len(text) > limit:
        raise InvalidInput(
            f"{field} is {len(text)} characters long; the limit is {limit}",
            rule="CHAT-1",
            next_step=f"Shorten it to {limit} characters or split it into several messages.",
            facts={"length": len(text), "max_chars": limit},
        )
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cs":
            raise InvalidInput(
                f"{field} is not valid UTF-8 text (a lone surrogate at position {index})",
                rule="CHAT-1",
                next_step="Send the text as UTF-8.",
                facts={"position": index},
            )
        if category == "Cc" and char not in _ALLOWED_CONTROLS:
            raise InvalidInput(
                f"{field} contains a control character U+{ord(char):04X} at position {index}",
                rule="CHAT-1",
                next_step="Remove control characters; only line breaks and tabs are allowed.",
                facts={"position": index, "codepoint": f"U+{ord(char):04X}"},
            )
    if not text.strip() and not allow_empty:
        raise InvalidInput(
            f"{field} is empty", rule="CHAT-1", next_step="Write a message or attach a file."
        )
    return text.strip()


def reply_until(reply_from: datetime | None, policy: Policy) -> datetime | None:
    """CHAT-2: the end of the seller's reply window (K-1: free text allowed while now < it).
    `reply_from` is the latest buyer message, moved on by a vacation (CHAT-8)."""
    if reply_from is None:
        return None
    return reply_from + policy.chat.reply_window


def check_reply_window(reply_from: datetime | None, now: datetime, policy: Policy) -> None:
    """CHAT-2/CHAT-3: seller free text only inside the reply window after the latest buyer
    message; otherwise a RuleViolation naming the proactive-template route."""
    until = reply_until(reply_from, policy)
    if until is not None and now < until:
        return
    hours = int(policy.chat.reply_window.total_seconds() // 3600)
    if until is None:
        detail = "the buyer has not written in this conversation; chats are buyer-initiated"
    else:
        detail = (
            f"the buyer's latest message is more than {hours}h old "
            f"(the window closed {until:%Y-%m-%d %H:%M} UTC)"
        )
    raise RuleViolation(
        f"Free text is not allowed here: {detail}.",
        rule="CHAT-2",
        next_step="Wait for the buyer to write, or send an approved proactive template whose "
        "category condition holds (CHAT-3, CHAT-4).",
        facts={
            "reply_window_hours": hours,
            "reply_until": until.isoformat() if until else None,
        },
    )


@dataclass(frozen=True)
class FirstResponse:
    """CHAT-7: how a seller's first answer in a conversation measures against the deadline."""

    seconds: int
    within_deadline: bool


def deadline_applies(kind: str, policy: Policy) -> bool:
    """CHAT-7 applies to buyer-opened conversations of the kinds the policy names."""
    return kind in policy.chat.first_response_kinds


def first_response(
    first_buyer_message_at: datetime,
    respond_by: datetime | None,
    missed: bool,
    now: datetime,
) -> FirstResponse:
    """CHAT-7: seconds from the buyer's first message to the answer; in time while now < due
    (K-1). An answer while the clock is paused (vacation, CHAT-8) is in time."""
    seconds = max(0, int((now - first_buyer_message_at).total_seconds()))
    if missed:
        return FirstResponse(seconds, False)
    if respond_by is None:  # the clock was stopped by a vacation: nothing was late
        return FirstResponse(seconds, True)
    return FirstResponse(seconds, now < respond_by)


def pause(respond_by: datetime | None, now: datetime) -> int | None:
    """CHAT-8: at vacation start a running deadline stops; returns the seconds left."""
    if respond_by is None:
        return None
    return max(0, int((respond_by - now).total_seconds()))


def resume(paused_seconds: int, now: datetime) -> datetime:
    """CHAT-8: at vacation end the stopped deadline runs again for the time it had left."""
    return now + timedelta(seconds=paused_seconds)


def window_after_vacation(
    reply_from: datetime | None, vacation_start: datetime, vacation_end: datetime
) -> datetime | None:
    """CHAT-8 with CHAT-2: a vacation stops the reply window too. A window open when it began
    resumes for the time it had left; one opened during it starts at its end."""
    if reply_from is None:
        return None
    if reply_from >= vacation_start:
        return max(reply_from, vacation_end)
    return reply_from + (vacation_end - vacation_start)


def check_vacation(starts_at: datetime, ends_at: datetime, now: datetime, policy: Policy) -> None:
    """CHAT-8: a vacation is set in advance (it starts now or later) and ends after it starts,
    within the policy's longest vacation."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidInput("give vacation times with a zone", rule="CHAT-8")
    if starts_at < now:
        raise RuleViolation(
            "A vacation must be set in advance; this start is in the past.",
            rule="CHAT-8",
            next_step="Choose a start time from now on. Response time cannot be extended "
            "any other way.",
            facts={"starts_at": starts_at.isoformat(), "now": now.isoformat()},
        )
    if ends_at <= starts_at:
        raise InvalidInput("the vacation must end after it starts", rule="CHAT-8")
    longest = policy.chat.vacation_max_length
    if ends_at - starts_at > longest:
        raise InvalidInput(
            f"a vacation may last at most {longest.days} days",
            rule="CHAT-8",
            facts={"max_days": longest.days},
        )


def language_of(preferred: str | None) -> str:
    """The language an explanation is written in: the user's, else English."""
    return preferred if preferred in LANGUAGES else "en"


def pick_text(texts: dict[str, str], preferred: str | None, fallback: str) -> str:
    """A notice in the reader's language, else Russian, else any it has, else `fallback`."""
    for lang in (preferred, "ru", "en"):
        if lang and texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), fallback)
