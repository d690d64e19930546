"""DISPUTE-3: which evidence each dispute type needs, and what DISPUTE-4 asks of each slot.

The tables are the rule: code reads them instead of branching on slot names.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = (
    "carrier_website",
    "carrier_letter",
    "notarised",
    "platform_logistics",
    "seller_photo",
    "courier_statement",
    "other",
)

# DISPUTE-4: logistics facts count only from a carrier website, a carrier letter or a notarised
# document; a courier's word is not evidence.
CARRIER_OR_NOTARY = frozenset({"carrier_website", "carrier_letter", "notarised"})
# DISPUTE-3: a return-warehouse refusal is proven by the notice from platform logistics support.
PLATFORM_LOGISTICS = frozenset({"platform_logistics"})


@dataclass(frozen=True)
class SlotSpec:
    """What DISPUTE-4 checks on a file put in this slot."""

    order_number: bool = False  # the order/posting number must be visible
    timestamp: bool = False
    recipient: bool = False  # the recipient's name must not be masked
    language: bool = False  # Russian or English, or a translation attached
    sources: frozenset[str] | None = None  # None: the seller's own photo or document

    @property
    def is_document(self) -> bool:
        """A document is read as text; a photo of goods at most for its order-number label."""
        return self.language


_DOCUMENT = SlotSpec(order_number=True, timestamp=True, language=True, sources=CARRIER_OR_NOTARY)
_DELIVERY_DOCUMENT = SlotSpec(
    order_number=True, timestamp=True, recipient=True, language=True, sources=CARRIER_OR_NOTARY
)
_PHOTO = SlotSpec()

SLOT_SPECS: dict[str, SlotSpec] = {
    "tracking_page": _DELIVERY_DOCUMENT,
    "proof_of_delivery": _DELIVERY_DOCUMENT,
    # The seller writes the packing list; it needs the facts but no carrier provenance.
    "packing_list": SlotSpec(order_number=True, timestamp=True, language=True),
    "customs_release": _DOCUMENT,
    "carrier_letter": _DOCUMENT,
    "refusal_notice": SlotSpec(
        order_number=True, timestamp=True, language=True, sources=PLATFORM_LOGISTICS
    ),
    # Photos of goods need no text, except the label with the order number on the product.
    "product_photos_with_label": SlotSpec(order_number=True),
    "packing_photos": _PHOTO,
    "product_photos": _PHOTO,
    "packaging_photos": _PHOTO,
}

_NOT_RECEIVED = ("tracking_page", "proof_of_delivery")

# DISPUTE-3: dispute type -> the slots an appeal must fill. The REFUND-1 triggers "tracking
# stall" and "not delivered by the expected date" are "not received" disputes.
EVIDENCE_SLOTS: dict[str, tuple[str, ...]] = {
    "not_received": _NOT_RECEIVED,
    "tracking_stall": _NOT_RECEIVED,
    "not_delivered_by_date": _NOT_RECEIVED,
    "wrong_item": ("packing_photos", "product_photos_with_label", "packing_list"),
    "damaged": ("packaging_photos", "product_photos"),
    "customs_delay": ("customs_release", "carrier_letter"),
    "warehouse_refusal": ("refusal_notice",),
}
