"""`Idempotency-Key` on every POST: same key and body -> the stored response, no second effect;
same key with another body -> 422. The key is reserved before the handler runs, so two
concurrent retries cannot both act."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

from sellerdesk.api.problems import problem
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import IdempotencyKey

Handler = Callable[[Request], Awaitable[Response]]


def _principal(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    raw = (
        request.headers.get("client-id", "") + ":" + request.headers.get("api-key", "") + ":" + auth
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def _reserve(rt: Runtime, principal: str, key: str, digest: str) -> IdempotencyKey | str:
    now = rt.clock.now()
    with rt.sessions() as session:
        found = session.execute(
            select(IdempotencyKey).where(
                IdempotencyKey.principal == principal, IdempotencyKey.key == key
            )
        ).scalar()
        if found is not None:
            return found
        session.add(
            IdempotencyKey(principal=principal, key=key, request_hash=digest, created_at=now)
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return "busy"
        return "reserved"


def _finish(rt: Runtime, principal: str, key: str, response: Response | None, body: bytes) -> None:
    with rt.sessions() as session:
        if response is None or response.status_code >= 500:
            session.execute(
                delete(IdempotencyKey).where(
                    IdempotencyKey.principal == principal, IdempotencyKey.key == key
                )
            )
        else:
            row = session.execute(
                select(IdempotencyKey).where(
                    IdempotencyKey.principal == principal, IdempotencyKey.key == key
                )
            ).scalar_one()
            row.status_code = response.status_code
            row.response_body = body.decode("utf-8", "replace")
            row.content_type = response.headers.get("content-type")
        session.commit()


class IdempotencyMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: Handler) -> Response:
        key = request.headers.get("idempotency-key")
        if request.method != "POST" or not key:
            return await call_next(request)
        if len(key) > 200:
            return problem(
                422,
                "invalid-input",
                "Invalid input",
                "Idempotency-Key is longer than 200 characters",
                request.url.path,
            )
        rt: Runtime = request.app.state.runtime
        body = await request.body()
        digest = hashlib.sha256(request.url.path.encode() + b"\n" + body).hexdigest()
        principal = _principal(request)
        state = await run_in_threadpool(_reserve, rt, principal, key, digest)
        if isinstance(state, IdempotencyKey):
            if state.request_hash != digest:
                return problem(
                    422,
                    "idempotency-key-reused",
                    "Idempotency-Key reused",
                    "this Idempotency-Key was used with a different request body",
                    request.url.path,
                    next_step="Use a new key for a new request.",
                )
            if state.status_code is None:
                state = "busy"
            else:
                replay = Response(
                    (state.response_body or "").encode(),
                    state.status_code,
                    media_type=state.content_type,
                )
                replay.headers["Idempotent-Replayed"] = "true"
                return replay
        if state == "busy":
            return problem(
                409,
                "idempotency-in-progress",
                "Request in progress",
                "a request with this Idempotency-Key is still being processed",
                request.url.path,
                next_step="Retry after a moment.",
            )
        response: Response | None = None
        chunks = b""
        try:
            response = await call_next(request)
            async for chunk in response.body_iterator:  # type: ignore[attr-defined]
                chunks += chunk if isinstance(chunk, bytes) else chunk.encode()
        finally:
            await run_in_threadpool(_finish, rt, principal, key, response, chunks)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return Response(chunks, response.status_code, headers=headers)
