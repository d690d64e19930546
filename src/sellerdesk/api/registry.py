"""Routers of capabilities beyond the core, listed in one place so app.py stays small."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

# module path -> attribute; each capability adds its line here.
OPTIONAL: list[tuple[str, str]] = []


def routers() -> list[APIRouter]:
    return [getattr(import_module(module), name) for module, name in OPTIONAL]
