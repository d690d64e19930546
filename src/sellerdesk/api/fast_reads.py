"""The order read that integrations poll, answered below the framework.

`GET /api/v1/orders/{number}` from a caller whose credentials are in the auth cache
(`SELLERDESK_AUTH_CACHE_SECONDS` > 0) and who may see the order is answered here, with the same
body and headers the route gives. Everything else (no cache, a miss, not found, any error) goes
down the normal route unchanged, so problems, docs and the rules are the route's own.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from sellerdesk.api.deps import credentials_of, remembered
from sellerdesk.errors import SellerdeskError
from sellerdesk.runtime import Runtime

PREFIX = "/api/v1/orders/"


def _number(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "GET" or scope.get("query_string"):
        return None
    path: str = scope["path"]
    if not path.startswith(PREFIX):
        return None
    number = path[len(PREFIX):]
    return number if number and "/" not in number else None


class FastOrderRead:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        number = _number(scope)
        body = self._answer(scope, number) if number is not None else None
        if body is None:
            await self.app(scope, receive, send)
            return
        await send({
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", str(len(body)).encode()),
                        (b"content-type", b"application/json")],
        })
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _answer(scope: Scope, number: str) -> bytes | None:
        rt: Runtime = scope["app"].state.runtime
        actor = remembered(rt, credentials_of(Headers(scope=scope)))
        if actor is None:
            return None
        from sellerdesk.api.routers.orders import order_json

        try:
            return order_json(rt, actor, number)
        except SellerdeskError:
            return None  # the route answers it, as a problem
