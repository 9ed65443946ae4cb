"""The slots' prompt cache kept between runs (llm/slots.py): saved from the fullest slot, replaced in one
step, bounded on disk, and never a reason for a run to fail.

A stand-in for llama-server's ``/slots`` API on a real loopback socket writes and reads real files; the
real server's side is covered by ``test_server.py::test_a_restarted_server_reuses_the_saved_prompt_prefix``.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from reconcile.llm.slots import SlotCache


class SlotsServer:
    """``/slots/<id>?action=save|restore`` over files in ``directory``; ``tokens[id]`` is what a slot holds."""

    def __init__(self, directory: Path, tokens: list[int]) -> None:
        self.directory = directory
        self.tokens = tokens
        self.calls: list[tuple[int, str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urlparse(self.path)
                slot = int(url.path.rsplit("/", 1)[1])
                action = parse_qs(url.query)["action"][0]
                name = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["filename"]
                owner.calls.append((slot, action, name))
                path = owner.directory / name
                if action == "save":
                    path.write_text(str(owner.tokens[slot]))
                    body: dict[str, object] = {"id_slot": slot, "n_saved": owner.tokens[slot]}
                elif path.is_file():
                    owner.tokens[slot] = int(path.read_text())
                    body = {"id_slot": slot, "n_restored": owner.tokens[slot]}
                else:
                    self.send_response(400)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SlotsServer]:
    stand_in = SlotsServer(tmp_path, [0, 1418])
    yield stand_in
    stand_in.close()


def test_the_fullest_slot_is_saved_and_restored_into_every_slot(server: SlotsServer, tmp_path: Path) -> None:
    cache = SlotCache(tmp_path, "model.gguf|news")
    assert cache.restore(server.root, 2) == 0  # nothing saved yet: no request is even made
    assert server.calls == []
    assert cache.save(server.root, 2) == 1418  # slot 0 is empty, slot 1 holds the prefix
    assert [p.name for p in tmp_path.iterdir()] == [cache.filename]  # the other slot's file is gone
    server.tokens = [0, 0]  # the next server starts cold
    assert cache.restore(server.root, 2) == 2
    assert server.tokens == [1418, 1418]


def test_empty_slots_save_nothing(server: SlotsServer, tmp_path: Path) -> None:
    server.tokens = [0, 0]
    cache = SlotCache(tmp_path, "model.gguf|news")
    assert cache.save(server.root, 2) == 0
    assert list(tmp_path.iterdir()) == []


def test_keys_get_plain_file_names_and_old_ones_are_pruned(server: SlotsServer, tmp_path: Path) -> None:
    names = []
    for key in ("model.gguf|news", "model.gguf|/home/me/beats/football", "model.gguf|expulsions"):
        cache = SlotCache(tmp_path, key, keep=2)
        assert cache.save(server.root, 2) == 1418
        names.append(cache.filename)
    assert all(name.startswith("prefix-") and "/" not in name for name in names)
    assert len(set(names)) == 3
    assert len(list(tmp_path.glob("prefix-*.bin"))) == 2  # the newest two keys


def test_a_server_that_is_gone_costs_nothing(tmp_path: Path) -> None:
    cache = SlotCache(tmp_path, "model.gguf|news")
    (tmp_path / cache.filename).write_text("1418")
    dead = "http://127.0.0.1:9"
    assert cache.restore(dead, 2) == 0
    assert cache.save(dead, 2) == 0
    assert (tmp_path / cache.filename).read_text() == "1418"  # the saved cache is left as it was


def test_half_written_saves_of_dead_runs_are_pruned(server: SlotsServer, tmp_path: Path) -> None:
    stale = tmp_path / "prefix-0123456789abcdef.bin.999.0.tmp"
    stale.write_text("half")
    fresh = tmp_path / "prefix-0123456789abcdef.bin.998.0.tmp"  # a run saving right now
    fresh.write_text("half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    SlotCache(tmp_path, "model.gguf|news").save(server.root, 2)
    assert not stale.exists() and fresh.exists()


def test_the_key_follows_the_model_file_not_only_its_name(tmp_path: Path) -> None:
    model = tmp_path / "model.gguf"
    model.write_bytes(b"one")
    first = SlotCache.for_model(tmp_path, model, "news").filename
    model.write_bytes(b"other weights")
    assert SlotCache.for_model(tmp_path, model, "news").filename != first
    assert SlotCache.for_model(tmp_path, model, "expulsions").filename != first


def test_a_folder_that_cannot_be_written_costs_nothing(server: SlotsServer, tmp_path: Path) -> None:
    cache = SlotCache(tmp_path / "gone", "model.gguf|news")  # the stand-in cannot write there either
    assert cache.save(server.root, 2) == 0


def test_the_server_is_stopped_even_when_saving_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that raises (a bug, a signal) never leaves the server running; leaving on an error saves nothing."""
    from reconcile.llm.embedded import LlamaServer

    def running(tmp: Path) -> LlamaServer:
        server = LlamaServer(tmp / "model.gguf", binary=Path("/bin/sleep"), prefix_key="news")
        server.process = subprocess.Popen(["sleep", "60"])
        server._served = True
        return server

    def broken(*_: object) -> int:
        raise RuntimeError("save failed")

    server = running(tmp_path)
    process = server.process
    assert process is not None and server.slot_cache is not None
    monkeypatch.setattr(server.slot_cache, "save", broken)
    with pytest.raises(RuntimeError):
        server.stop()
    assert process.poll() is not None  # terminated and reaped

    saved: list[int] = []
    server = running(tmp_path)
    assert server.slot_cache is not None
    monkeypatch.setattr(server.slot_cache, "save", lambda *_: saved.append(1) or 0)
    process = server.process
    server.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)  # what ``with`` does on Ctrl-C
    assert saved == [] and process is not None and process.poll() is not None
