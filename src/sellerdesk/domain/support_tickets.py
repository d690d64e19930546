"""Support tickets (SUPPORT-3..7, SUPPORT-9): what a ticket must give, its states, its SLA clock.

TRANSITIONS reads like the rulebook: from which states, by whom, to which state, what it does to
the resolve clock, and the rule. `check_ticket` lists what an incomplete ticket is missing; the
clock functions compute deadlines on the business calendar (K-2, K-3) and pause them while the
ticket waits for the seller. Pure: facts and `now` in, outcomes out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sellerdesk.clock import BusinessCalendar
from sellerdesk.errors import RuleViolation
from sellerdesk.policy import Policy

STATUSES = ("open", "waiting_for_seller", "on_hold", "resolved", "closed")
OPEN = frozenset({"open", "waiting_for_seller", "on_hold"})
RUNNING = frozenset({"open", "on_hold"})  # the resolve clock runs (SUPPORT-5)
UNSORTED = "UNSORTED"  # category of a ticket whose title has no valid prefix yet


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    clock: str  # start | pause | resume | keep | stop
    rule: str
    says: str


def _t(
    action: str, sources: set[str], target: str, actors: set[str], clock: str, rule: str, says: str
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), clock, rule, says)


TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", set(), "open", {"seller"}, "start", "SUPPORT-5",
       "complete ticket enters its category queue; acknowledge and resolve clocks start"),
    _t("return", set(), "waiting_for_seller", {"system"}, "keep", "SUPPORT-3",
       "incomplete ticket returned automatically with the list of what is missing"),
    _t("complete", {"waiting_for_seller"}, "open", {"seller"}, "start", "SUPPORT-3",
       "returned ticket completed by the seller; clocks start"),
    _t("request_info", {"open", "on_hold"}, "waiting_for_seller", {"staff"}, "pause", "SUPPORT-5",
       "waiting for your reply; the resolve clock is paused"),
    _t("reply", {"waiting_for_seller"}, "open", {"seller"}, "resume", "SUPPORT-5",
       "seller replied; the resolve clock runs again"),
    _t("hold", {"open"}, "on_hold", {"staff"}, "keep", "SUPPORT-5",
       "on hold with another team; the resolve clock keeps running"),
    _t("unhold", {"on_hold"}, "open", {"staff"}, "keep", "SUPPORT-5", "back from the other team"),
    _t("resolve", {"open", "on_hold"}, "resolved", {"staff"}, "stop", "SUPPORT-5", "resolved"),
    _t("reopen", {"resolved"}, "open", {"seller"}, "start", "SUPPORT-5",
       "seller says it is not solved; a new resolve clock starts"),
    _t("close", {"resolved"}, "closed", {"seller", "staff", "system"}, "stop", "SUPPORT-5",
       "closed"),
    _t("withdraw", {"open", "waiting_for_seller", "on_hold"}, "closed", {"seller"}, "stop",
       "SUPPORT-5", "seller withdrew the ticket"),
)  # fmt: skip


def transition(action: str, state: str | None, actor_kind: str) -> Transition:
    """The transition `action` takes from `state` for this kind of actor, or a RuleViolation."""
    options = [t for t in TRANSITIONS if t.action == action]
    if not options:
        raise RuleViolation(f"unknown ticket action {action!r}", rule="SUPPORT-5")
    for option in options:
        if (state is None and not option.sources) or (state in option.sources):
            if actor_kind not in option.actors:
                raise RuleViolation(
                    f"a {actor_kind} cannot {action.replace('_', ' ')} a ticket",
                    rule=option.rule,
                    facts={"allowed_actors": sorted(option.actors)},
                )
            return option
    allowed = sorted({s for t in options for s in t.sources})
    raise RuleViolation(
        f"cannot {action.replace('_', ' ')} a ticket that is {state}; allowed only while "
        f"{' or '.join(allowed)}",
        rule=options[0].rule,
        facts={"status": state, "allowed_states": allowed},
    )


# ---- what a ticket must give (SUPPORT-3, SUPPORT-7, SUPPORT-10) -----------------------------

_PREFIX = re.compile(r"^\s*[\[【]\s*([A-Za-z]+)\s*[\]】]")


@dataclass(frozen=True)
class Attachment:
    file_id: int
    role: str  # screenshot | commercial_invoice | packing_list | other
    timestamped: bool = True


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    fields: dict[str, str]
    attachments: tuple[Attachment, ...] = ()
    cross_border: bool = False


@dataclass(frozen=True)
class Missing:
    item: str
    rule: str
    message: str


def category_of(title: str, policy: Policy) -> str | None:
    """The category named by the title prefix ([LOGISTIC] ...), or None without a valid one."""
    found = _PREFIX.match(title)
    if not found:
        return None
    prefix = found.group(1).upper()
    return prefix if policy.support.categories.get(prefix) is not None else None


def _foreign_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(
        1 for c in letters if not unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC"))
    )
    return foreign / len(letters)


def _in_title(value: str, title: str) -> bool:
    squash = re.compile(r"[\s\-_]")
    return squash.sub("", value).casefold() in squash.sub("", title).casefold()


def check_ticket(draft: Draft, policy: Policy) -> list[Missing]:
    """SUPPORT-3/7/10: everything the ticket still lacks; empty when it is complete."""
    support = policy.support
    missing: list[Missing] = []
    prefix = category_of(draft.title, policy)
    if prefix is None:
        names = "/".join(f"[{p}]" for p in support.categories.prefixes())
        missing.append(
            Missing("title_prefix", "SUPPORT-3", f"start the title with a category: {names}")
        )
        return missing
    category = support.categories.get(prefix)
    assert category is not None
    fields = {k: (v or "").strip() for k, v in draft.fields.items()}
    shots = [a for a in draft.attachments if a.role == "screenshot"]
    for name in category.required:
        if name == "screenshots":
            if not shots:
                missing.append(
                    Missing("screenshots", "SUPPORT-3", "attach at least one screenshot")
                )
            for shot in shots:
                if not shot.timestamped:
                    missing.append(
                        Missing(
                            f"screenshot_timestamp:{shot.file_id}",
                            "SUPPORT-3",
                            f"screenshot {shot.file_id} shows no date and time; attach one "
                            "that does",
                        )
                    )
        elif not fields.get(name):
            missing.append(Missing(name, "SUPPORT-3", f"give the {name.replace('_', ' ')}"))
    for name in category.title_fields:
        value = fields.get(name)
        if value and not _in_title(value, draft.title):
            missing.append(
                Missing(
                    f"title_{name}",
                    "SUPPORT-7",
                    f"name the {name.replace('_', ' ')} ({value}) in the title",
                )
            )
    if draft.cross_border:
        roles = {a.role for a in draft.attachments}
        for document in category.cross_border_documents:
            if document not in roles:
                missing.append(
                    Missing(
                        document,
                        "SUPPORT-7",
                        f"a cross-border problem needs the {document.replace('_', ' ')} attached",
                    )
                )
    if _foreign_share(f"{draft.title} {draft.body}") > support.foreign_script_share:
        languages = " or ".join(support.languages)
        missing.append(
            Missing(
                "language", "SUPPORT-10", f"write the ticket in a support language: {languages}"
            )
        )
    return missing


def duplicate_key(category: str, fields: dict[str, str], title: str) -> str:
    """SUPPORT-6: tickets about the same thing share this key (order, else SKU, else title)."""
    for name in ("order_number", "tracking_number", "sku"):
        value = (fields.get(name) or "").strip().casefold()
        if value:
            return f"{category}:{name}:{value}"
    text = _PREFIX.sub("", title)
    return f"{category}:title:" + " ".join(re.findall(r"\w+", text.casefold()))


# ---- the SLA clock (SUPPORT-5, SUPPORT-9; K-2, K-3) -------------------------------------------


@dataclass(frozen=True)
class Clock:
    kind: str  # business | emergency
    resolve_by: datetime | None  # None while paused
    remaining: timedelta | None  # what is left while paused


def start_clock(now: datetime, policy: Policy, cal: BusinessCalendar, emergency: bool) -> Clock:
    """A full resolve window from `now`: 48 business hours, or 2 calendar hours in an incident."""
    if emergency:
        return Clock("emergency", now + policy.support.emergency_resolve_within, None)
    hours = policy.support.resolve_within_business_hours
    return Clock("business", cal.add_business_hours(now, hours), None)


def pause_clock(clock: Clock, now: datetime, cal: BusinessCalendar) -> Clock:
    """waiting_for_seller: keep what is left of the window, in the clock's own kind of time."""
    if clock.resolve_by is None:
        return clock
    if clock.kind == "emergency":
        left = max(clock.resolve_by - now, timedelta(0))
    else:
        left = cal.business_hours_between(now, clock.resolve_by)
    return Clock(clock.kind, None, left)


def resume_clock(clock: Clock, now: datetime, cal: BusinessCalendar) -> Clock:
    """The seller replied: the deadline is `now` plus what was left when the clock paused."""
    if clock.remaining is None:
        return clock
    if clock.kind == "emergency":
        return Clock(clock.kind, now + clock.remaining, None)
    hours = clock.remaining.total_seconds() / 3600
    return Clock(clock.kind, cal.add_business_hours(now, hours), None)


def ack_deadline(now: datetime, policy: Policy) -> datetime:
    """SUPPORT-5: acknowledge within 24h of calendar time (K-2)."""
    return now + policy.support.ack_within


def past_deadline(
    now: datetime, ack_by: datetime | None, acknowledged: bool, resolve_by: datetime | None
) -> bool:
    """K-1: a deadline T is past when now >= T."""
    if ack_by is not None and not acknowledged and now >= ack_by:
        return True
    return resolve_by is not None and now >= resolve_by


def sla_state(
    now: datetime,
    *,
    status: str,
    ack_by: datetime | None,
    acknowledged: bool,
    resolve_by: datetime | None,
    clock: str,
    breached: bool,
    policy: Policy,
    cal: BusinessCalendar,
) -> str:
    """Staff queue: on_time, due_soon (less than `due_soon_within` left) or breached."""
    if status not in OPEN:
        return "breached" if breached else "on_time"
    if breached or past_deadline(now, ack_by, acknowledged, resolve_by):
        return "breached"
    soon = policy.support.due_soon_within
    if ack_by is not None and not acknowledged and ack_by - now <= soon:
        return "due_soon"
    if resolve_by is not None:
        left = (
            resolve_by - now
            if clock == "emergency"
            else cal.business_hours_between(now, resolve_by)
        )
        if left <= soon:
            return "due_soon"
    return "on_time"


def check_follow_up(
    now: datetime,
    *,
    status: str,
    follow_ups: int,
    ack_by: datetime | None,
    acknowledged: bool,
    resolve_by: datetime | None,
    policy: Policy,
) -> None:
    """SUPPORT-6: once, on an open ticket whose deadline has passed."""
    if status not in RUNNING:
        raise RuleViolation(
            f"a ticket that is {status} cannot be followed up",
            rule="SUPPORT-6",
            next_step="Reply to the ticket instead; its clock is paused while it waits for you."
            if status == "waiting_for_seller"
            else "Open a new ticket if the problem came back.",
            facts={"status": status},
        )
    if follow_ups >= policy.support.follow_ups_max:
        raise RuleViolation(
            "this ticket was already followed up; support is on it",
            rule="SUPPORT-6",
            next_step="Wait for the answer; filing a duplicate ticket only queues it behind.",
            facts={"follow_ups": follow_ups, "follow_ups_max": policy.support.follow_ups_max},
        )
    if not past_deadline(now, ack_by, acknowledged, resolve_by):
        due = ack_by if (ack_by is not None and not acknowledged) else resolve_by
        raise RuleViolation(
            "the ticket is still within its deadline",
            rule="SUPPORT-6",
            next_step=f"You can follow up once after {due.isoformat() if due else 'the deadline'}.",
            facts={"due": due.isoformat() if due else None},
        )
