"""A fake of an OpenAI-compatible Batch API (files and batches endpoints), run as its own HTTP process.

    python tests/fakebatch.py ANSWERS.jsonl      # prints "port N", then serves until killed

Answers come from a recorded response cache (``tests/fixtures/seed_responses.jsonl``: request hash ->
response body), looked up by the sha256 of each batched request's body, so a batch is answered with what
the real model answered. A batch goes validating -> in_progress -> completed over two polls. Live chat
completions are refused (HTTP 500) and counted: a batch run must make none. ``GET /stats`` tells the test
what was uploaded, submitted and asked.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from reconcile.llm.transport import request_key


class State:
    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.stats = {"files": 0, "batches": 0, "batch_requests": 0, "unanswered": 0, "live_calls": 0}
        self.lock = threading.Lock()

    def complete(self, batch: dict[str, Any]) -> None:
        """Answer every request of the batch from the recording; write the output file."""
        lines = []
        for line in self.files[batch["input_file_id"]].decode().splitlines():
            request = json.loads(line)
            self.stats["batch_requests"] += 1
            answer = self.answers.get(request_key(json.dumps(request["body"]).encode()))
            if answer is None:
                self.stats["unanswered"] += 1
                response = {"status_code": 404, "body": {"error": {"message": "not in the recording"}}}
            else:
                response = {"status_code": 200, "request_id": "req", "body": json.loads(answer)}
            item = {"id": "r", "custom_id": request["custom_id"], "response": response, "error": None}
            lines.append(json.dumps(item))
        output_id = f"file-out-{batch['id']}"
        self.files[output_id] = "\n".join(lines).encode()
        batch.update(status="completed", output_file_id=output_id)


def file_object(file_id: str, size: int, purpose: str) -> dict[str, Any]:
    return {"id": file_id, "object": "file", "bytes": size, "created_at": 0, "filename": "requests.jsonl",
            "purpose": purpose, "status": "processed"}  # fmt: skip


def serve(answers_path: Path) -> None:
    answers = {}
    for line in answers_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            answers[row["request_hash"]] = row["response"]
    state = State(answers)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: Any, raw: bool = False) -> None:
            data = payload if raw else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/octet-stream" if raw else "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            with state.lock:
                if parts == ["stats"]:
                    return self._send(200, state.stats)
                if parts[:2] == ["v1", "batches"] and parts[2] in state.batches:
                    batch = state.batches[parts[2]]
                    state.polls[batch["id"]] = state.polls.get(batch["id"], 0) + 1
                    if batch["status"] == "validating":
                        batch["status"] = "in_progress"
                    elif batch["status"] == "in_progress":
                        state.complete(batch)
                    return self._send(200, batch)
                if parts[:2] == ["v1", "files"] and len(parts) == 4 and parts[3] == "content":
                    return self._send(200, state.files[parts[2]], raw=True)
            self._send(404, {"error": {"message": f"no {self.path}"}})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            with state.lock:
                if self.path == "/v1/files":
                    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                        b"content-type: " + self.headers["content-type"].encode() + b"\r\n\r\n" + body
                    )
                    fields = {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
                              for part in message.iter_parts()}  # fmt: skip
                    file_id = f"file-{len(state.files) + 1}"
                    state.files[file_id] = fields["file"]
                    state.stats["files"] += 1
                    return self._send(200, file_object(file_id, len(fields["file"]), fields["purpose"].decode()))
                if self.path == "/v1/batches":
                    request = json.loads(body)
                    batch_id = f"batch_{len(state.batches) + 1}"
                    state.batches[batch_id] = {
                        "id": batch_id, "object": "batch", "endpoint": request["endpoint"],
                        "input_file_id": request["input_file_id"], "completion_window": request["completion_window"],
                        "status": "validating", "created_at": 0, "output_file_id": None, "error_file_id": None,
                    }  # fmt: skip
                    state.stats["batches"] += 1
                    return self._send(200, state.batches[batch_id])
                if self.path.endswith("/chat/completions"):
                    state.stats["live_calls"] += 1
                    return self._send(500, {"error": {"message": "this fake answers batches only"}})
            self._send(404, {"error": {"message": f"no {self.path}"}})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
