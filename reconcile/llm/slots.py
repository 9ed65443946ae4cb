"""A llama-server's computed prompt prefix, kept on disk from one run to the next.

Why: every request of a profile opens with the same system prompt (instructions, measures and worked
examples: ~1,400 tokens for ``news``). Within a run llama-server reuses it from request to request
(its prefix cache), but each run starts a fresh server whose every slot computes it again: 8.5 s per
slot on 2 cores, a fifth of a 5-article run. llama-server can write a slot's KV cache to a file and
read it back (``--slot-save-path``; 40 MB, a few milliseconds). So a server saves one slot's cache when
it stops, under a key (the profile), and the next server restores it into every slot when it starts.

A request reuses a restored cache only as far as its tokens match, token by token: a stale file (the
profile edited since, another model) costs nothing but the prefill it fails to save, and a file the
server rejects is ignored. Nothing here can fail a run; a problem is logged and the run goes on cold.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["SlotCache"]

log = logging.getLogger(__name__)

_TIMEOUT = 10.0  # seconds for one save or restore (44 MB to or from the local disk; it takes milliseconds)
_STALE_SECONDS = 3600.0  # a half-written save older than this was left by a run that died


class SlotCache:
    """Save and restore the KV cache of a server's slots under a key, in the server's ``--slot-save-path``.

    ``directory`` must be the folder the server was started with; ``keep`` bounds how many keys' files
    stay there (newest first), as each is tens of megabytes.
    """

    def __init__(self, directory: Path, key: str, *, keep: int = 4) -> None:
        self.directory = directory
        self.keep = keep
        # a plain file name, as llama-server accepts only those: the key may be a path or anything else
        self.filename = "prefix-" + hashlib.sha256(key.encode()).hexdigest()[:16] + ".bin"

    @classmethod
    def for_model(cls, directory: Path, model: Path, prefix_key: str) -> SlotCache:
        """The cache of ``prefix_key``'s prefix as ``model`` computes it: keyed on the model file's name,
        size and modification time too, so another model (even one of the same name) never restores it."""
        try:
            stat = model.stat()
            identity = f"{model.name}|{stat.st_size}|{stat.st_mtime_ns}"
        except OSError:
            identity = model.name
        return cls(directory, f"{identity}|{prefix_key}")

    def restore(self, server_root: str, slots: int) -> int:
        """Load the saved cache into every slot; how many slots took it (0 when there is none yet)."""
        if not (self.directory / self.filename).is_file():
            return 0
        restored = 0
        for slot in range(slots):
            answer = self._post(server_root, slot, "restore", self.filename)
            restored += bool(answer and answer.get("n_restored"))
        return restored

    def save(self, server_root: str, slots: int) -> int:
        """Save the fullest slot's cache under the key; the tokens saved (0 when every slot is empty or
        anything failed: a cache is never a reason for a run to fail).

        Each slot is written to a file of its own first, and the fullest one then replaces the key's file
        in one step, so a server restoring at the same time never reads half a file."""
        try:
            return self._save(server_root, slots)
        except OSError as exc:  # a full disk, a folder another run is pruning
            log.info("saving the prompt cache %s failed: %s", self.filename, exc)
            return 0

    def _save(self, server_root: str, slots: int) -> int:
        pid = os.getpid()
        written: list[tuple[int, Path]] = []
        for slot in range(slots):
            name = f"{self.filename}.{pid}.{slot}.tmp"
            answer = self._post(server_root, slot, "save", name)
            if answer is not None:
                n_saved = answer.get("n_saved")
                written.append((n_saved if isinstance(n_saved, int) else 0, self.directory / name))
        best = max(written, default=(0, None), key=lambda item: item[0])
        for n_saved, path in written:
            if path is not best[1] or n_saved == 0:
                path.unlink(missing_ok=True)
        if best[1] is None or best[0] == 0:
            return 0
        os.replace(best[1], self.directory / self.filename)
        self._prune()
        return best[0]

    def _prune(self) -> None:
        """Keep the newest ``keep`` keys' files, and drop half-written saves of runs that died (44 MB each)."""
        now = time.time()
        dated: list[tuple[float, Path]] = []
        for path in self.directory.glob("prefix-*"):
            with contextlib.suppress(OSError):  # another run may be pruning the same folder
                modified = path.stat().st_mtime
                if path.suffix == ".tmp" and now - modified > _STALE_SECONDS:
                    path.unlink()
                elif path.suffix == ".bin":
                    dated.append((modified, path))
        for _, old in sorted(dated, reverse=True)[self.keep :]:
            with contextlib.suppress(OSError):
                old.unlink()

    @staticmethod
    def _post(server_root: str, slot: int, action: str, filename: str) -> dict[str, object] | None:
        """One call of llama-server's ``/slots`` API; its answer, or None when it failed (logged, never raised)."""
        request = urllib.request.Request(
            f"{server_root}/slots/{slot}?action={action}",
            data=json.dumps({"filename": filename}).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                answer = json.load(response)
        except (urllib.error.URLError, OSError, ValueError) as exc:  # HTTPError is a URLError
            log.info("slot %d %s of %s failed: %s", slot, action, filename, exc)
            return None
        return answer if isinstance(answer, dict) else None
