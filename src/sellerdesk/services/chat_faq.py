"""Product FAQs (CHAT-13): in Russian, checked by the guard, shown to a buyer before a chat about
the product. There is no product table yet: a FAQ belongs to (seller, sku)."""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk.access import Actor
from sellerdesk.domain import chat as rules
from sellerdesk.errors import InvalidInput, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services import chat_guarding
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.chat import ProductFaq


def _russian(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    return bool(letters) and len(cyrillic) * 2 >= len(letters)


def set_faq(rt: Runtime, actor: Actor, sku: str, items: list[dict[str, str]]) -> ProductFaq:
    """CHAT-13: the seller's FAQ for a product, in Russian and checked by the guard, replaces the
    previous one."""
    actor.require("seller")
    sku = rules.clean_text(sku, 64, field="sku")
    limit = rt.policy.chat.faq_max_items
    if not items or len(items) > limit:
        raise InvalidInput(f"a FAQ has 1 to {limit} questions", rule="CHAT-13")
    cleaned = []
    for number, item in enumerate(items, start=1):
        pair = {}
        for key in ("question", "answer"):
            text = rules.clean_text(
                item.get(key, ""), rt.policy.chat.max_message_chars, field=f"items[{number}].{key}"
            )
            if rt.policy.chat.faq_language == "ru" and not _russian(text):
                raise InvalidInput(
                    f"FAQ item {number} {key} is not in Russian",
                    rule="CHAT-13",
                    next_step="Write product FAQs in Russian.",
                    facts={"item": number, "field": key},
                )
            verdict = chat_guarding.screen(rt.policy, text)
            if isinstance(verdict, chat_guarding.GuardFailed) or verdict.blocked:
                found = (
                    []
                    if isinstance(verdict, chat_guarding.GuardFailed)
                    else (chat_guarding.explained(verdict, "ru"))
                )
                raise RuleViolation(
                    f"FAQ item {number} {key} is not allowed"
                    + (f": {found[0]['why']}" if found else " (it could not be checked)."),
                    rule=found[0]["rule"] if found else "GUARD-7",
                    next_step=found[0]["fix"] if found else "Try again in a moment.",
                    facts={"item": number, "field": key, "violations": found},
                )
            pair[key] = text
        cleaned.append(pair)
    with rt.uow() as uow:
        if uow.session.get(Seller, actor.id) is None:
            raise NotFound(f"seller {actor.id} not found")
        faq = uow.session.execute(
            select(ProductFaq).where(ProductFaq.seller_id == actor.id, ProductFaq.sku == sku)
        ).scalar()
        if faq is None:
            faq = ProductFaq(seller_id=actor.id, sku=sku, language=rt.policy.chat.faq_language)
            uow.session.add(faq)
        faq.items = cleaned
        faq.updated_at = uow.now
        uow.session.flush()
        uow.record(
            subject_type="product",
            subject_id=f"{actor.id}:{sku}",
            action="chat.faq_saved",
            actor=actor.label,
            rule="CHAT-13",
            seller_id=actor.id,
            payload={"sku": sku, "items": len(cleaned)},
        )
        uow.commit()
        return faq


def get_faq(rt: Runtime, seller_id: int, sku: str) -> ProductFaq:
    """CHAT-13: anyone about to ask about a product sees its FAQ first."""
    with rt.reader() as uow:
        faq = uow.session.execute(
            select(ProductFaq).where(ProductFaq.seller_id == seller_id, ProductFaq.sku == sku)
        ).scalar()
        if faq is None:
            raise NotFound(f"no FAQ for product {sku} of seller {seller_id}")
        return faq
