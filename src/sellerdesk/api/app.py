"""The FastAPI application: native API, problem+json errors, idempotency, health and metrics."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from sellerdesk.api import problems
from sellerdesk.api.fast_reads import FastOrderRead
from sellerdesk.api.idempotency import IdempotencyMiddleware
from sellerdesk.api.routers import cancellations, orders, sandbox
from sellerdesk.runtime import Runtime, build_runtime

ROUTERS = [orders.router, cancellations.router, sandbox.router]


def create_app(rt: Runtime | None = None) -> FastAPI:
    rt = rt or build_runtime()
    app = FastAPI(
        title="sellerdesk",
        version="0.1.0",
        description="After-sales backbone of a marketplace. Sellers authenticate with Client-Id "
        "and Api-Key headers; buyers and staff with a bearer token. Errors are RFC 9457 "
        "problem+json with the rule ID. POST requests honour Idempotency-Key.",
    )
    app.state.runtime = rt
    problems.install(app)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(FastOrderRead)
    for router in ROUTERS:
        app.include_router(router)
    for extra in extra_routers():
        app.include_router(extra)

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {
            "status": "ok",
            "policy": rt.policy.name,
            "mode": "sandbox" if rt.sandbox else "production",
        }

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> PlainTextResponse:
        return PlainTextResponse(generate_latest().decode(), media_type=CONTENT_TYPE_LATEST)

    return app


def extra_routers() -> list:  # type: ignore[type-arg]
    """Routers of later capabilities register themselves in sellerdesk.api.registry."""
    from sellerdesk.api import registry

    return registry.routers()


def app_from_env() -> FastAPI:
    """Entry for `uvicorn --factory sellerdesk.api.app:app_from_env` (several workers)."""
    return create_app()
