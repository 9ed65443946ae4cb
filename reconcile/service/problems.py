"""Errors as RFC 9457 problem details (``application/problem+json``), so a client reads one shape for all.

Why: a client of an API cannot read our stderr; it needs a status, a stable ``type`` it can branch on and a
``detail`` a person can act on. Validation errors keep pydantic's ``loc``/``msg`` list (without echoing the
input back), so "unknown field articles.0.txt" points at the mistake.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_TYPE_BASE = "https://reconcile.invalid/problems/"  # a namespace for `type`, never fetched
PROBLEM_MEDIA_TYPE = "application/problem+json"
_log = logging.getLogger("reconcile.service")


class Problem(BaseModel):
    """An RFC 9457 problem: ``type`` is stable per kind of error; ``errors`` lists validation failures."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ProblemError(Exception):
    """Raised anywhere in a request to answer with a problem body."""

    def __init__(
        self, status: int, kind: str, detail: str, *, headers: dict[str, str] | None = None, title: str | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.headers = headers or {}
        self.title = title or HTTPStatus(status).phrase


def problem_response(
    request: Request,
    status: int,
    kind: str,
    detail: str | None,
    *,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE_BASE + kind,
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        headers=dict(headers or {}),
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """pydantic's errors without ``input``/``ctx`` (they can be large, or hold the secret-looking text sent)."""
    return [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "")),
            "type": error.get("type"),
        }
        for error in exc.errors()[:50]
    ]


_HTTP_KINDS = {404: "not-found", 405: "method-not-allowed", 401: "unauthorized", 413: "too-large"}


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error the framework or our code raises with a problem body."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(request, exc.status, exc.kind, exc.detail, title=exc.title, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"]) or "request"
        return problem_response(
            request, 422, "invalid-request", f"{where}: {first['msg']}", title="Invalid request", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = getattr(exc, "kind", None) or _HTTP_KINDS.get(exc.status_code, "http-error")
        return problem_response(request, exc.status_code, kind, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(request, 500, "internal-error", "an internal error; the server's log has the details")
