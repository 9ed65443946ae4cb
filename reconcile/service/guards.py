"""What a request must pass before any work: a size limit, a JSON body in UTF-8, and the bearer token.

Why a size limit in the ASGI layer: a declared ``Content-Length`` over the limit is refused before a byte of
the body is read, and a chunked body is counted as it arrives, so an oversize upload never sits in memory
whole. The token is compared in constant time; ``/healthz`` and ``/readyz`` stay open for probes.
"""

from __future__ import annotations

import codecs
import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from reconcile.service.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, ProblemError

Message = MutableMapping[str, Any]


class BodyRefused(HTTPException):
    """Raised while a body streams in: an ``HTTPException``, so FastAPI's body parsing lets it through."""

    def __init__(self, status: int, kind: str, detail: str) -> None:
        super().__init__(status, detail)
        self.kind = kind  # the problem type (problems.py reads it)


class BodyGuard:
    """ASGI middleware: a body over ``limits[path]`` (else ``default``) bytes gets 413, one that is not UTF-8
    gets 400, each with a problem body. UTF-8 is checked as the body streams (an incremental decoder), before
    the JSON parser sees it, so the client learns which byte is wrong rather than "error parsing the body"."""

    def __init__(self, app: ASGIApp, default: int, limits: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_problem(
                send, scope["path"], 413, "too-large", f"the request body is larger than {limit:,} bytes"
            )
            return
        received = 0
        utf8 = codecs.getincrementaldecoder("utf-8")()

        async def checked() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    raise BodyRefused(413, "too-large", f"the request body is larger than {limit:,} bytes")
                try:
                    utf8.decode(chunk, final=not message.get("more_body", False))
                except UnicodeDecodeError as exc:
                    position = received - len(chunk) + exc.start
                    raise BodyRefused(400, "invalid-utf8", f"the body is not valid UTF-8 (byte {position})") from exc
            return message

        await self.app(scope, checked, send)


async def _send_problem(send: Send, path: str, status: int, kind: str, detail: str) -> None:
    from http import HTTPStatus

    body = json.dumps(
        {"type": PROBLEM_TYPE_BASE + kind, "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
         "instance": path}
    ).encode()  # fmt: skip
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def json_body(request: Request) -> None:
    """A POST body must be JSON (``Content-Type: application/json``); BodyGuard has checked its UTF-8."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise ProblemError(
            415, "unsupported-media-type", f"send the body as application/json, not {media_type or 'no content type'}"
        )


def bearer_guard(token: str | None) -> Callable[[Request], Awaitable[None]]:
    """A dependency that checks ``Authorization: Bearer <token>``; with no token configured, lets all in."""

    async def check(request: Request) -> None:
        if token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ProblemError(
                401, "unauthorized", "send Authorization: Bearer <token> (RECONCILE_API_TOKEN on the server)",
                headers={"WWW-Authenticate": 'Bearer realm="reconcile"'},
            )  # fmt: skip

    return check
