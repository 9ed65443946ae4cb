"""The progress bar of ``reconcile run``, as a terminal shows it: the command runs with its stderr on a real
pseudo-terminal (``pty``), so Rich draws the live bar, and the frames it drew are read back.

Why: through a long ingest the bar used to say "extracting (starting the model)" with no count or ETA.
It must count the inputs as they are read, then the articles done out of the total, with the time left.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from fakeserver import closed_port_url

ROOT = Path(__file__).resolve().parents[1]
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")


def terminal_run(*args: str, cwd: Path) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal; its exit code and what the terminal received, without
    escape sequences (each frame of the bar starts with a carriage return)."""
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="160", LINES="40", TERM="xterm-256color", HOME=str(cwd))
    env.pop("NO_COLOR", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "reconcile.cli", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal, cwd=cwd, env=env,
    )  # fmt: skip
    os.close(terminal)
    received = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(controller)
    code = child.wait(timeout=300)
    return code, _ESCAPES.sub("", received.decode("utf-8", "replace"))


def test_the_bar_counts_inputs_then_articles_with_the_time_left(tmp_path: Path) -> None:
    export, total = tmp_path / "export.jsonl", 3000
    letters = "bfghjkpqrstwyzae"  # no number: nothing to ask, so no model is needed (none listens)
    with export.open("w", encoding="utf-8") as out:
        for i in range(total):
            tag = "".join(letters[i >> shift & 15] for shift in (8, 4, 0))
            out.write(json.dumps({"text": f"The council met again in the old hall about item {tag}."}) + "\n")
    code, screen = terminal_run(
        "run", str(export), "--db", str(tmp_path / "r.duckdb"), "--base-url", closed_port_url(), "--model", "x",
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 0, screen[-2000:]
    frames = [frame.strip() for frame in re.split(r"[\r\n]", screen) if frame.strip()]
    assert any(re.search(r"reading inputs \(\d[\d,]* so far\)", line) for line in frames), frames[:40]
    assert "starting the model" not in screen  # no model starts for articles without numbers
    counted = [line for line in frames if re.search(rf"\b\d+/{total}\b", line)]
    assert counted, frames[:40]  # articles done out of the total
    # after the count: the time elapsed, then the time left (once there is a rate to go by)
    assert any(re.search(rf"/{total} +\d+:\d\d:\d\d +\d+:\d\d:\d\d", frame) for frame in counted), counted
