"""All tables, imported so that `Base.metadata` is complete for migrations and tests."""

from sellerdesk.store.tables.actors import AccessToken, Buyer, Seller, SellerApiKey, Staff
from sellerdesk.store.tables.base import Base
from sellerdesk.store.tables.ledger import LedgerEntry
from sellerdesk.store.tables.orders import (
    AddressChangeRequest,
    CancellationRequest,
    Order,
    OrderItem,
)
from sellerdesk.store.tables.records import (
    Event,
    IdempotencyKey,
    OutboxMessage,
    SandboxClockRow,
    StoredFile,
)

__all__ = [
    "AccessToken",
    "AddressChangeRequest",
    "Base",
    "Buyer",
    "CancellationRequest",
    "Event",
    "IdempotencyKey",
    "LedgerEntry",
    "Order",
    "OrderItem",
    "OutboxMessage",
    "SandboxClockRow",
    "Seller",
    "SellerApiKey",
    "Staff",
    "StoredFile",
]


def _load_capability_tables() -> None:
    """Each capability keeps its tables in its own module here; import them all for metadata."""
    import pkgutil
    from importlib import import_module

    for module in pkgutil.iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")


_load_capability_tables()
