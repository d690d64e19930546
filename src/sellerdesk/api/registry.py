"""Every module in sellerdesk/api/routers/ that defines `router` is served; no list to edit."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from fastapi import APIRouter

from sellerdesk.api import routers as package

CORE = ("orders", "cancellations", "sandbox")


def routers() -> list[APIRouter]:
    found = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module.name in CORE:
            continue
        router = getattr(import_module(f"{package.__name__}.{module.name}"), "router", None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found
