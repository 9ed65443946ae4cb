"""Input a user did not write and should not have to trust: a profile's regular expressions, a config file
found in the working folder, and an article that is one endless sentence.

Real subprocesses where a hang or a signal is the point (a hang is caught by the subprocess timeout), the
loopback ``fakeserver`` where requests are.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from batch import run, settings, write
from fakeserver import CLAIM, Behaviour, FakeServer, attribution_responder

from reconcile.config import load_settings
from reconcile.core.sentences import split_sentences
from reconcile.errors import ConfigError

MAX_SENTENCE_CHARS = 2000  # reconcile.core.sentences.MAX_SENTENCE_CHARS (spelled out: the old code has none)

ROOT = Path(__file__).resolve().parents[1]


def profile_folder(folder: Path, words: list[str]) -> Path:
    folder.mkdir(parents=True)
    quoted = ", ".join(json.dumps(word) for word in words)  # a TOML basic string is a JSON string
    (folder / "profile.toml").write_text(
        textwrap.dedent(
            f"""\
            name = "crowds"
            description = "Crowds."
            [[measures]]
            code = "attendance"
            label = "people attending"
            kind = "level"
            words = [{quoted}]
            """
        ),
        encoding="utf-8",
    )
    return folder


def cli(*args: object, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "reconcile.cli", *map(str, args)],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout,
    )  # fmt: skip


# -- a profile's regular expressions ---------------------------------------------------------------
def test_profile_check_refuses_a_pattern_that_backtracks_catastrophically(tmp_path: Path) -> None:
    folder = profile_folder(tmp_path / "bad", ["crowds?", "(a|aa)+$"])
    result = cli("profile", "check", folder, cwd=tmp_path)
    assert result.returncode != 0
    assert "backtracks catastrophically" in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr


def test_a_run_with_the_pattern_of_the_report_does_not_hang(tmp_path: Path) -> None:
    """``(a+)+$`` hung ``re`` on 44 a's with SIGINT ignored; the ``regex`` module matches it at once."""
    folder = profile_folder(tmp_path / "p", ["(a+)+$"])
    write(tmp_path / "in", a="A crowd of 40 people shouted " + "a" * 44 + "!")
    with FakeServer(attribution_responder({"m": "attendance"})) as server:
        result = cli("run", tmp_path / "in", "--db", tmp_path / "r.duckdb", "--profile", folder,
                     "--base-url", server.base_url, "--model", "fake", cwd=tmp_path, timeout=240)  # fmt: skip
    assert result.returncode in (0, 1), result.stderr


def test_a_pattern_that_runs_too_long_is_stopped_with_a_clear_error() -> None:
    from reconcile.errors import PatternTooSlow
    from reconcile.profile.spec import BoundedPattern

    pattern = BoundedPattern("(a|aa)+$")  # built directly: loading a profile would refuse it (above)
    started = time.monotonic()
    with pytest.raises(PatternTooSlow, match="backtracks catastrophically"):
        pattern.search("a" * 60 + "!")
    assert time.monotonic() - started < 20
    with pytest.raises(PatternTooSlow):
        list(pattern.finditer("a" * 60 + "!"))


def test_a_sound_pattern_timed_out_by_a_busy_machine_is_searched_again() -> None:
    """A time-out that cost the thread no CPU (it was descheduled: two cores, dozens of threads) is the
    machine's, not the pattern's: the search runs again instead of failing the run with PatternTooSlow."""
    from reconcile.profile.spec import BoundedPattern

    class Descheduled:  # the regex module's wall-clock time-out, fired while the thread waited for a core
        def __init__(self, compiled: object, stalls: int) -> None:
            self.compiled, self.stalls = compiled, stalls

        def _stall(self) -> None:
            if self.stalls:
                self.stalls -= 1
                time.sleep(0.3)
                raise TimeoutError("regex timed out")

        def search(self, *args: object, **kwargs: object) -> object:
            self._stall()
            return self.compiled.search(*args, **kwargs)  # type: ignore[attr-defined]

        def finditer(self, *args: object, **kwargs: object) -> object:
            self._stall()
            return self.compiled.finditer(*args, **kwargs)  # type: ignore[attr-defined]

    pattern = BoundedPattern(r"expel\w*")
    pattern._pattern = Descheduled(pattern._pattern, stalls=2)  # type: ignore[assignment]
    match = pattern.search("France expelled 3 diplomats")
    assert match is not None and match.group() == "expelled"
    pattern._pattern.stalls = 1  # type: ignore[attr-defined]
    assert [m.group() for m in pattern.finditer("expelled, then expels")] == ["expelled", "expels"]


def test_an_article_written_like_a_template_reaches_the_model_verbatim_and_is_still_checked(tmp_path: Path) -> None:
    """Wiki markup and code in an article (``{{cite}}``, ``{% raw %}``) are text: instructor must not render
    the messages as Jinja templates (it altered or refused them), and the checks of an answer against the
    sentence, which get the same context, must still run: an actor the sentence does not mark is re-asked."""
    template = "{{ window }} on Monday {% raw %} {{cite news}}."
    sentence = f"France expelled 35 Russian diplomats {template}"
    write(tmp_path / "in", a=sentence)
    invented = json.dumps({"N1": dict(CLAIM, who="P9", whom="P2")})  # P9: an id the request does not offer
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("ok", content=invented)]) as server:
        summary = run(settings(server.base_url, tmp_path, profile="expulsions"), tmp_path / "in")
        sent = ["\n".join(m["content"] for m in r["messages"] if m["role"] == "user") for r in server.requests]
    assert len(sent) == 2 and all(f"[N1: 35] [P2: Russian] diplomats {template}" in text for text in sent), sent
    assert "'P9'" in sent[1]  # the re-ask quotes the id it refused
    assert summary.claims == 1 and summary.articles_failed == 0


def test_ctrl_c_stops_a_pattern_that_backtracks(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import signal
        import reconcile.profile.spec as spec
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a test run in the background ignores it
        spec.PATTERN_SECONDS = 600  # no time limit to help: only the signal can stop it
        print("ready", flush=True)
        spec.BoundedPattern("(a|aa)+$").search("a" * 80 + "!")
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(1)
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=20)
    finally:
        child.kill()
        _, stderr = child.communicate()
    assert child.returncode is not None and child.returncode != 0
    assert stderr.rstrip().endswith("KeyboardInterrupt"), stderr  # stopped by the signal, in the search


# -- a config file found in the working folder -----------------------------------------------------
def found_config(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reconcile.toml").write_text("[reconcile]\n" + body, encoding="utf-8")
    return folder


def test_a_found_config_may_not_send_article_text_to_another_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENAI_API_KEY", "RECONCILE_API_KEY", "OPENAI_BASE_URL", "RECONCILE_BASE_URL", "RECONCILE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(found_config(tmp_path / "clone", 'base_url = "https://collector.example.net/v1"\nmodel = "m"\n'))
    with pytest.raises(ConfigError, match="refusing to send article text"):
        load_settings()
    assert load_settings(Path("reconcile.toml")).base_url == "https://collector.example.net/v1"  # named: trusted
    assert load_settings(base_url="http://127.0.0.1:1/v1").base_url == "http://127.0.0.1:1/v1"  # given: yours
    monkeypatch.chdir(found_config(tmp_path / "local", 'base_url = "http://127.0.0.1:8000/v1"\nmodel = "m"\n'))
    assert load_settings().base_url == "http://127.0.0.1:8000/v1"  # this machine: text stays here


def test_a_found_config_may_not_read_a_profile_from_outside_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECONCILE_CONFIG", raising=False)
    monkeypatch.delenv("RECONCILE_PROFILE", raising=False)
    profile_folder(tmp_path / "elsewhere", ["crowds?"])
    clone = found_config(tmp_path / "clone", 'profile = "../elsewhere"\n')
    monkeypatch.chdir(clone)
    with pytest.raises(ConfigError, match="outside its own"):
        load_settings()
    result = cli("claims", "--db", tmp_path / "none.duckdb", cwd=clone)
    assert result.returncode == 2 and "outside its own" in " ".join(result.stderr.split())
    (clone / "inside").symlink_to(tmp_path / "elsewhere")
    (clone / "reconcile.toml").write_text('profile = "inside"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="outside its own"):  # a link out of the folder is outside too
        load_settings()
    profile_folder(clone / "mine", ["crowds?"])
    (clone / "reconcile.toml").write_text('profile = "mine"\n', encoding="utf-8")
    assert load_settings().profile == "mine"
    (clone / "reconcile.toml").write_text('profile = "news"\n', encoding="utf-8")
    assert load_settings().profile == "news"


# -- an article that is one endless sentence --------------------------------------------------------
def test_no_sentence_is_longer_than_the_limit_and_spans_still_slice_back() -> None:
    text = " ".join(f"word{i} and 1 500 more" for i in range(3000))  # 60 KB without a full stop
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.span.start : s.span.end] == s.text for s in sentences)
    assert not any(s.text.startswith("500") for s in sentences)  # "1 500" is never cut in two
    from reconcile.core import sentences as module

    assert module.MAX_SENTENCE_CHARS == MAX_SENTENCE_CHARS


def test_a_giant_sentence_does_not_reach_the_model_whole(tmp_path: Path) -> None:
    filler = " ".join(["the crowd kept moving along the avenue"] * 12_000)  # ~460 KB and not one full stop
    numbers = " ".join(f"then {10 + i} thousand people joined" for i in range(12))
    write(tmp_path / "in", a=f"Police said {filler} {numbers} {filler}")
    with FakeServer(attribution_responder()) as server:
        summary = run(settings(server.base_url, tmp_path), tmp_path / "in")
        sizes = [len(json.dumps(body)) for body in server.requests]
    assert summary.articles_failed == 0, summary.failures
    assert sizes and max(sizes) < 3 * MAX_SENTENCE_CHARS + 20_000  # the sentence, its predecessor, the prompt
