"""RFC 9457 problem+json for every error, with the rule ID and what to do next."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from sellerdesk.errors import SellerdeskError

PROBLEM = "application/problem+json"
BASE = "https://sellerdesk.dev/problems/"
log = structlog.get_logger()


def problem(
    status: int, kind: str, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body = {
        "type": BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path", "header"))


def install(app: FastAPI) -> None:
    @app.exception_handler(SellerdeskError)
    async def _known(request: Request, exc: SellerdeskError) -> JSONResponse:
        return problem(
            exc.status,
            exc.kind,
            exc.title,
            exc.message,
            request.url.path,
            rule=exc.rule,
            next_step=exc.next_step,
            facts=exc.facts or None,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            detail = "the request body is not valid JSON"
        else:
            detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
        return problem(
            422,
            "invalid-input",
            "Invalid input",
            detail,
            request.url.path,
            errors=errors,
            next_step="Correct the fields named in `errors`.",
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        kind = {404: "not-found", 405: "method-not-allowed", 401: "unauthorized"}.get(
            exc.status_code, "http-error"
        )
        return problem(exc.status_code, kind, str(exc.detail), str(exc.detail), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", path=request.url.path)
        return problem(
            500,
            "internal",
            "Internal error",
            "the server could not complete the request; nothing was changed",
            request.url.path,
            next_step="Retry later; report it if it persists.",
        )
