"""Request dependencies: the runtime and the authenticated actor."""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor, actor_from_api_key, actor_from_token
from sellerdesk.clock import monotonic
from sellerdesk.errors import Unauthorized
from sellerdesk.runtime import Runtime


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def _authenticate(
    rt: Runtime, client_id: str | None, api_key: str | None, bearer: str | None
) -> Actor:
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


async def current_actor(request: Request) -> Actor:
    cached: Actor | None = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    auth = request.headers.get("authorization", "")
    bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
    actor = await run_in_threadpool(
        _authenticate,
        runtime(request),
        request.headers.get("client-id"),
        request.headers.get("api-key"),
        bearer,
    )
    request.state.actor = actor
    return actor
