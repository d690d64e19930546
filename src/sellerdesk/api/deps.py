"""Request dependencies: the runtime and the authenticated actor."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor, actor_from_api_key, actor_from_token
from sellerdesk.clock import monotonic
from sellerdesk.errors import Unauthorized
from sellerdesk.runtime import Runtime

Credentials = tuple[str | None, str | None, str | None]
# Per process: credentials -> (valid until, actor). Used only when auth_cache_seconds > 0.
_CACHE: dict[Credentials, tuple[float, Actor]] = {}
_CACHE_MAX = 10_000


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _lookup(rt: Runtime, client_id: str | None, api_key: str | None,
            bearer: str | None) -> Actor:
    with rt.read_sessions() as session:
        if client_id and api_key:
            return actor_from_api_key(session, client_id.strip(), api_key.strip())
        if bearer:
            return actor_from_token(session, bearer)
    raise Unauthorized(
        "no credentials",
        next_step="Sellers send Client-Id and Api-Key headers; buyers and staff send "
        "Authorization: Bearer <token>.",
    )


def credentials_of(headers: Mapping[str, str]) -> Credentials:
    """(Client-Id, Api-Key, bearer token) from request headers, any of them missing."""
    auth = headers.get("authorization", "")
    bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
    return headers.get("client-id"), headers.get("api-key"), bearer


def remembered(rt: Runtime, credentials: Credentials) -> Actor | None:
    """A revoked key stops working within `auth_cache_seconds` (0, the default, looks up
    every request)."""
    if rt.settings.auth_cache_seconds <= 0:
        return None
    hit = _CACHE.get(credentials)
    return hit[1] if hit is not None and hit[0] > monotonic() else None


def _remember(rt: Runtime, credentials: Credentials, actor: Actor) -> None:
    if rt.settings.auth_cache_seconds > 0:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[credentials] = (monotonic() + rt.settings.auth_cache_seconds, actor)


async def current_actor(request: Request) -> Actor:
    cached: Actor | None = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    credentials = credentials_of(request.headers)
    rt = runtime(request)
    actor = remembered(rt, credentials)
    if actor is None:
        actor = await run_in_threadpool(_lookup, rt, *credentials)
        _remember(rt, credentials, actor)
    request.state.actor = actor
    return actor
