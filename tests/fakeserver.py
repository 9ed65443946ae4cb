"""A real HTTP server on loopback that speaks the OpenAI chat API and misbehaves on purpose.

Faults are exercised against a socket, not a patched client, so the whole stack (openai client,
httpx transport, cache, tenacity, instructor) is what gets tested. Each request pops the next
behaviour from a script; when the script is empty the default behaviour answers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], str]  # request body -> assistant message content


@dataclass
class Behaviour:
    kind: str  # ok | status | slow | invalid_json | truncated | close | raw | huge | trickle
    size: int = 0  # huge: bytes of body streamed (chunked); trickle: bytes sent one pair at a time
    status: int = 200
    delay: float = 0.0
    content: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # extra response headers (e.g. retry-after)
    release: threading.Event | None = None  # answer only once the test sets it (at most 120 s)


def completion(
    content: str, finish_reason: str = "stop", prompt_tokens: int = 50, completion_tokens: int = 20
) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [{"index": 0, "finish_reason": finish_reason,
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
            "timings": {"prompt_ms": 10.0, "predicted_ms": 40.0, "cache_n": 0},
        }
    ).encode()  # fmt: skip


@dataclass
class FakeServer:
    """``with FakeServer(responder) as server: server.base_url`` — records every request body."""

    responder: Responder
    script: list[Behaviour] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)  # time.monotonic() of each request, in order
    paths: list[str] = field(default_factory=list)  # the path and query of each request, in order
    authorizations: list[str | None] = field(default_factory=list)  # each request's Authorization header
    # consulted before the script: a behaviour for particular requests (e.g. always fail one sentence)
    choose: Callable[[dict[str, Any]], Behaviour | None] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with outer._lock:
                    outer.requests.append(body)
                    outer.arrived.append(time.monotonic())
                    outer.paths.append(self.path)
                    outer.authorizations.append(self.headers.get("authorization"))
                    chosen = outer.choose(body) if outer.choose else None
                    behaviour = chosen or (outer.script.pop(0) if outer.script else Behaviour("ok"))
                if behaviour.release is not None:
                    behaviour.release.wait(120)
                if behaviour.delay and behaviour.kind != "trickle":
                    time.sleep(behaviour.delay)
                if behaviour.kind == "close":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if behaviour.kind == "status":
                    payload = json.dumps({"error": {"message": f"fake {behaviour.status}"}}).encode()
                    self._send(behaviour.status, payload, behaviour.headers)
                    return
                if behaviour.kind == "huge":  # a body that never seems to end, in chunks
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    chunk = b" " * 65536
                    try:
                        for _ in range(behaviour.size // len(chunk)):
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.write(b"0\r\n\r\n")
                    except OSError:  # the client hung up, as it should
                        pass
                    return
                if behaviour.kind == "trickle":  # a valid answer, two bytes at a time
                    payload = completion(outer.responder(body))
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    try:
                        for at in range(0, len(payload), 2):
                            self.wfile.write(payload[at : at + 2])
                            self.wfile.flush()
                            time.sleep(behaviour.delay or 0.1)
                    except OSError:
                        pass
                    return
                if behaviour.kind == "raw":  # a body that is not a chat completion (a proxy's error page)
                    self._send(behaviour.status, (behaviour.content or "").encode())
                    return
                content = behaviour.content if behaviour.content is not None else outer.responder(body)
                if behaviour.kind == "invalid_json":
                    payload = completion("{this is not json")
                elif behaviour.kind == "truncated":
                    payload = completion(content[: max(1, len(content) // 2)], finish_reason="length")
                else:
                    payload = completion(content)
                self._send(200, payload)

            def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                extra = {"retry-after": "0"} if status == 429 else {}
                for name, value in {**extra, **(headers or {})}.items():
                    if value:  # an empty value leaves the header out (a 429 without Retry-After)
                        self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


_PARTY_ROLES = ("who", "whom", "src")


def party_ids(answer: dict[str, Any], user: str) -> dict[str, Any]:
    """``answer`` with its parties given by name ("France") turned into the ids the request marked
    (``[P2: France]``, ``[P1: Russian]``), as the model must answer (prompts/extract_v3); a name the request
    does not mark is left out. Names match a marked mention by their first four letters, so "Russia"
    finds "Russian"."""
    import re

    marked = re.findall(r"\[(P\d+): ([^\]]+)\]", user)
    out = dict(answer)
    for role in _PARTY_ROLES:
        name = out.get(role)
        if not isinstance(name, str) or re.fullmatch(r"P\d+|none", name):
            continue
        stem = name[:4].lower()
        found = next((key for key, text in marked if text.lower().startswith(stem)), None)
        if found is None:
            del out[role]  # a window that marks no party offers no id for the role: the answer leaves it out
        else:
            out[role] = found
    return out


def attribution_responder(default: dict[str, Any] | None = None) -> Responder:
    """Answer every marked number with ``default`` (non-claim unless given), its parties as marked ids."""
    import re

    def respond(body: dict[str, Any]) -> str:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        ids = re.findall(r"\[(N\d+):", user)
        answer = party_ids(default or {"m": "none"}, user)
        return json.dumps({number_id: answer for number_id in dict.fromkeys(ids)})

    return respond


# A complete, valid claim answer (the model's lean format); the actor is named in the sentence (France).
CLAIM: dict[str, Any] = {"m": "expelled", "who": "France", "whom": "Russia", "scope": "single", "mod": "done"}


def closed_port_url() -> str:
    """A loopback base URL nothing listens on: connecting is refused at once."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


COUNTRIES = ("France", "Germany", "Poland", "Italy", "Spain", "Norway", "Sweden", "Latvia")


def sentence_actor_responder() -> Responder:
    """Claim every marked number for the first of ``COUNTRIES`` named in the marked sentence."""
    import re

    def respond(body: dict[str, Any]) -> str:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        sentence = next((line for line in user.splitlines() if line.startswith("Sentence:")), user)
        actor = next((name for name in COUNTRIES if name in sentence), "France")
        ids = re.findall(r"\[(N\d+):", sentence)
        answer = party_ids(dict(CLAIM, who=actor), user)
        return json.dumps({number_id: answer for number_id in dict.fromkeys(ids)})

    return respond
