"""Lifecycle of the embedded llama-server: start on a free port, healthy, reused, stopped, never orphaned.

These start the real binary with the real model (loading takes ~2 s); nothing is generated.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest

from reconcile.llm.embedded import (
    EmbeddedModelError,
    LlamaServer,
    ServerOptions,
    ensure_model,
    find_llama_server,
)

pytestmark = pytest.mark.real_model


def _wait_gone(pid: int, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.1)
    return False


def test_model_is_assembled_and_verified() -> None:
    model = ensure_model()
    assert model.stat().st_size == 1_117_320_768
    assert (model.parent / (model.name + ".sha256")).read_text().startswith("cc324af070c2ecbf")


def test_server_starts_answers_health_and_stops_cleanly() -> None:
    server = LlamaServer(ensure_model(), ServerOptions(parallel=2))
    with server:
        pid = server.pid
        assert pid is not None and psutil.pid_exists(pid)
        assert server.base_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.base_url.removesuffix("/v1") + "/health", timeout=5) as response:
            assert response.status == 200
        with urllib.request.urlopen(server.base_url + "/models", timeout=5) as response:
            assert json.load(response)["data"]
        command = psutil.Process(pid).cmdline()
        assert "--parallel" in command and command[command.index("--parallel") + 1] == "2"
        assert command[command.index("--repeat-penalty") + 1] == "1.0"
    assert _wait_gone(pid)
    assert server.pid is None


def _ask(server: LlamaServer, system: str, user: str) -> dict[str, Any]:
    body = {"messages": [{"role": "system", "content": system}, {"role": "user", "content": user}], "max_tokens": 1}
    request = urllib.request.Request(
        server.base_url + "/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def test_a_restarted_server_reuses_the_saved_prompt_prefix(tmp_path: Path) -> None:
    """The system prompt computed by one server is not computed again by the next (same key): its first
    request finds it cached. Another key starts cold."""
    system = "You read news articles and answer in JSON. " + " ".join(f"Rule {i}: be exact." for i in range(40))

    def server(key: str) -> LlamaServer:
        return LlamaServer(ensure_model(), ServerOptions(parallel=2), prefix_key=key, slot_dir=tmp_path)

    with server("news") as first:
        cold = _ask(first, system, "Five people died.")
    assert cold["usage"].get("prompt_tokens_details", {}).get("cached_tokens", 0) == 0
    prefix = cold["usage"]["prompt_tokens"] - 10
    with server("news") as second:
        warm = _ask(second, system, "Twelve people were injured in the fire.")
    assert warm["usage"]["prompt_tokens_details"]["cached_tokens"] >= prefix
    with server("other") as third:
        other = _ask(third, system, "Five people died.")
    assert other["usage"].get("prompt_tokens_details", {}).get("cached_tokens", 0) == 0


def test_two_servers_get_different_ports() -> None:
    with LlamaServer(ensure_model()) as first, LlamaServer(ensure_model()) as second:
        assert first.port != second.port


def test_server_dies_with_a_killed_parent() -> None:
    """``kill -9`` of the pipeline must not leave a 1.9 GB server behind."""
    code = (
        "from reconcile.llm.embedded import LlamaServer, ensure_model\n"
        "server = LlamaServer(ensure_model()).start()\n"
        "print(server.pid, flush=True)\n"
        "import time; time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    server_pid = int(parent.stdout.readline())
    assert psutil.pid_exists(server_pid)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=10)
    assert _wait_gone(server_pid), "llama-server outlived its parent"


def test_missing_binary_gives_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_LLAMA_SERVER", "/nonexistent/llama-server")
    assert str(find_llama_server()) == "/nonexistent/llama-server"
    with pytest.raises(EmbeddedModelError, match="not found"):
        LlamaServer(ensure_model()).start()
