"""`Idempotency-Key` on every POST: same key and body -> the stored response, no second effect;
same key with another body -> 422. The key is reserved before the handler runs, so two
concurrent retries cannot both act."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sellerdesk.api.problems import problem
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import IdempotencyKey


def _principal(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    raw = (
        request.headers.get("client-id", "") + ":" + request.headers.get("api-key", "") + ":" + auth
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def _digest(request: Request, body: bytes) -> str:
    """What makes two requests the same: path and body. A multipart body is compared without
    its boundary (a client picks a new one on every retry; it never occurs in the content)."""
    content = body
    kind, _, params = request.headers.get("content-type", "").partition(";")
    if kind.strip().lower() == "multipart/form-data":
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.lower() == "boundary" and value.strip('"'):
                content = body.replace(value.strip('"').encode(), b"-")
    return hashlib.sha256(request.url.path.encode() + b"\n" + content).hexdigest()


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


def _finish(rt: Runtime, principal: str, key: str, captured: dict[str, Any]) -> None:
    """Store the response for replays; forget the key if the request failed on our side."""
    status = captured["status"]
    with rt.sessions() as session:
        match = (IdempotencyKey.principal == principal, IdempotencyKey.key == key)
        if status is None or status >= 500:
            session.execute(delete(IdempotencyKey).where(*match))
        else:
            row = session.execute(select(IdempotencyKey).where(*match)).scalar_one()
            row.status_code = status
            row.response_body = captured["body"].decode("utf-8", "replace")
            row.content_type = dict(captured["headers"]).get(b"content-type", b"").decode()
        session.commit()


class IdempotencyMiddleware:
    """Plain ASGI middleware: requests other than POST with a key pass straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        key = request.headers.get("idempotency-key")
        if not key:
            await self.app(scope, receive, send)
            return
        if len(key) > 200:
            await problem(422, "invalid-input", "Invalid input",
                          "Idempotency-Key is longer than 200 characters",
                          request.url.path)(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        rt: Runtime = scope["app"].state.runtime
        digest = _digest(request, body)
        principal = _principal(request)
        state = await run_in_threadpool(_reserve, rt, principal, key, digest)
        early = _early_answer(state, digest, request.url.path)
        if early is not None:
            await early(scope, receive, send)
            return
        replayed = False

        async def receive_body() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        captured: dict[str, Any] = {"status": None, "headers": [], "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, receive_body, capture)
        finally:
            await run_in_threadpool(_finish, rt, principal, key, captured)


def _early_answer(state: IdempotencyKey | str, digest: str, path: str) -> Response | None:
    """A replay, a reuse with another body (422) or a request still in flight (409)."""
    if isinstance(state, IdempotencyKey):
        if state.request_hash != digest:
            return problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                           "this Idempotency-Key was used with a different request body",
                           path, next_step="Use a new key for a new request.")
        if state.status_code is not None:
            replay = Response((state.response_body or "").encode(), state.status_code,
                              media_type=state.content_type)
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        state = "busy"
    if state == "busy":
        return problem(409, "idempotency-in-progress", "Request in progress",
                       "a request with this Idempotency-Key is still being processed",
                       path, next_step="Retry after a moment.")
    return None
