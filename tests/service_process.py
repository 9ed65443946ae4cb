"""A real ``reconcile serve`` process on a free loopback port, for the service tests and the load benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from reconcile.llm.embedded import free_port


@dataclass
class ServiceProcess:
    process: subprocess.Popen[str]
    url: str
    log: Path

    def client(self, token: str | None = None, timeout: float = 30.0) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def serve_command(database: Path, base_url: str, port: int, *extra: str, program: list[str] | None = None) -> list[str]:
    """``program``: how to start ``reconcile`` (default: this interpreter's ``-m reconcile.cli``)."""
    return [*(program or [sys.executable, "-m", "reconcile.cli"]), "serve", "--db", str(database), "--port", str(port),
            "--base-url", base_url, "--model", "fake", "--concurrency", "2", *extra]  # fmt: skip


def service_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that would point the server elsewhere (a developer's RECONCILE_*)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECONCILE_", "OPENAI_"))}
    env.update(extra)
    return env


@contextmanager
def running_service(
    database: Path,
    base_url: str,
    *extra: str,
    env: dict[str, str] | None = None,
    startup_seconds: float = 60.0,
    program: list[str] | None = None,
) -> Iterator[ServiceProcess]:
    """Start the server, wait until ``/healthz`` answers, yield it; stop it (SIGTERM, then SIGKILL) after."""
    port = free_port()
    log = database.with_suffix(f".{port}.log")
    with log.open("w", encoding="utf-8") as sink:
        command = serve_command(database, base_url, port, *extra, program=program)
        process = subprocess.Popen(
            command, cwd=database.parent, stdout=sink, stderr=subprocess.STDOUT, text=True, env=env or service_env()
        )
    service = ServiceProcess(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_healthy(service, startup_seconds)
        yield service
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_healthy(service: ServiceProcess, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"reconcile serve exited with {service.process.returncode}:\n{service.output()}")
        try:
            if httpx.get(service.url + "/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"reconcile serve did not answer within {seconds} s:\n{service.output()}")


def wait_for_job(client: httpx.Client, location: str, seconds: float = 60.0) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(location).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {location} did not finish in {seconds} s")
