"""Crash safety with real processes: ``kill -9`` mid-run, then a re-run; and a second process on a busy file.

The batch runner writes each article in one transaction as soon as its last sentence is answered, so
a killed run loses at most the articles in flight and the next run finishes exactly those. DuckDB lets
one process hold a database file; a second one must get a clear ``DatabaseBusy``, not a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fakeserver import COUNTRIES, Behaviour, FakeServer, closed_port_url, sentence_actor_responder

from reconcile.config import Settings
from reconcile.pipeline import Pipeline
from reconcile.store.database import DatabaseBusy, Store

ROOT = Path(__file__).resolve().parents[1]
RECONCILE = Path(sys.executable).with_name("reconcile")

RUN_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reconcile.config import Settings
    from reconcile.pipeline import Pipeline

    base_url, database, folder = sys.argv[1:4]
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    settings = Settings(base_url=base_url, model="fake", database=Path(database), concurrency=2,
                        timeout_seconds=timeout, transport_retries=2, max_reasks=1)

    def progress(outcome, done, total):
        print(outcome.status, Path(outcome.article.source).name, done, total, flush=True)

    with Pipeline(settings.database, settings) as pipeline:
        pipeline.run([folder], progress)
    print("finished", flush=True)
    """
)

HOLD_CHILD = textwrap.dedent(
    """
    import sys, time
    from reconcile.store.database import Store

    store = Store(sys.argv[1])
    print("holding", flush=True)
    time.sleep(60)
    """
)


def settings(base_url: str, database: Path) -> Settings:
    return Settings(
        base_url=base_url,
        model="fake",
        database=database,
        concurrency=2,
        timeout_seconds=5,
        transport_retries=2,
        max_reasks=1,
    )


def rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def claim_set(database: Path) -> set[tuple[Any, ...]]:
    return set(
        rows(
            database,
            'SELECT article_id, claim_id, number_text, start, "end", value, actor, measure, target, unit, quote'
            " FROM claims",
        )
    )


def write_articles(folder: Path, count: int = 8) -> None:
    folder.mkdir()
    for i in range(count):
        country = COUNTRIES[i % len(COUNTRIES)]
        text = (
            f"{country} expelled {10 + i} Russian diplomats on Monday. "
            f"A week later {country} ordered {20 + i} more embassy staff to leave."
        )
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_run_is_finished_by_the_next_run_without_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder)
    database = tmp_path / "crashed.duckdb"
    slow = Behaviour("ok", delay=0.3)
    with FakeServer(sentence_actor_responder(), choose=lambda body: slow) as server:
        child = spawn(RUN_CHILD, server.base_url, str(database), str(folder))
        assert child.stdout is not None
        done_before_kill = []
        try:
            while len(done_before_kill) < 3:
                line = child.stdout.readline()
                assert line, f"child ended early: {child.wait()} {child.stderr.read() if child.stderr else ''}"
                assert line.startswith("done "), line
                done_before_kill.append(line.split()[1])
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=10)
            child.stdout.close()
            if child.stderr:
                child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        asked_before_kill = len(server.requests)
        assert asked_before_kill < 16  # killed mid-run: not every sentence had been asked

        resumed = Pipeline(database, settings(server.base_url, database))
        with resumed:
            summary = resumed.run([folder])
        asked_after = len(server.requests) - asked_before_kill

    assert summary.articles_failed == 0
    assert summary.articles_skipped >= len(done_before_kill)  # what was committed before the kill is kept
    assert summary.articles_new + summary.articles_skipped == 8
    assert asked_after < 16  # the resumed run did not start over
    assert asked_after == summary.stats.model_calls
    extractions = rows(database, "SELECT article_id, status, count(*) FROM extractions GROUP BY ALL")
    assert len(extractions) == 8 and all(status == "done" and n == 1 for _, status, n in extractions)
    assert rows(database, "SELECT count(*), count(DISTINCT claim_id) FROM claims") == [(16, 16)]
    assert rows(database, 'SELECT count(*) FROM (SELECT DISTINCT article_id, start, "end" FROM claims)') == [(16,)]
    statuses = sorted(status for (status,) in rows(database, "SELECT status FROM runs"))
    assert statuses == ["finished", "interrupted"]  # the killed run is not left "running" for ever

    reference = tmp_path / "reference.duckdb"
    with (
        FakeServer(sentence_actor_responder()) as server,
        Pipeline(reference, settings(server.base_url, reference)) as p,
    ):
        p.run([folder])
    assert claim_set(database) == claim_set(reference)
    assert len(claim_set(reference)) == 16


@pytest.fixture
def held_database(tmp_path: Path) -> Any:
    """A database file held open by another process (which DuckDB locks against all others)."""
    database = tmp_path / "held.duckdb"
    Store(database).close()  # create it
    child = spawn(HOLD_CHILD, str(database))
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "holding", child.stderr.read() if child.stderr else ""
        yield database
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
        if child.stderr:
            child.stderr.close()


def test_second_process_gets_database_busy(held_database: Path) -> None:
    with pytest.raises(DatabaseBusy) as raised:
        Store(held_database)
    message = str(raised.value)
    assert str(held_database) in message
    assert "in use by another reconcile process" in message


def test_cli_reports_a_busy_database_without_a_traceback(held_database: Path) -> None:
    started = time.perf_counter()
    result = subprocess.run(
        [str(RECONCILE), "claims", "--db", str(held_database)],
        cwd=held_database.parent,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "in use by another reconcile process" in " ".join(result.stderr.split())
    assert time.perf_counter() - started < 30


def sentence(body: dict[str, Any]) -> str:
    user = str(next(m["content"] for m in body["messages"] if m["role"] == "user"))
    return next((line for line in user.splitlines() if line.startswith("Sentence:")), user)


def cli(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "reconcile.cli", *map(str, args)],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )  # fmt: skip


def run_until_done(server: FakeServer, database: Path, folder: Path, count: int) -> subprocess.Popen[str]:
    """A run in another process, returned once ``count`` of its articles are stored (it goes on, its requests
    waiting as long as the server holds them)."""
    child = spawn(RUN_CHILD, server.base_url, str(database), str(folder), "300")
    assert child.stdout is not None
    for _ in range(count):
        line = child.stdout.readline()
        assert line.startswith("done "), (line, child.stderr.read() if child.stderr and not line else "")
    return child


def stop(child: subprocess.Popen[str], how: signal.Signals) -> None:
    child.send_signal(how)
    child.wait(timeout=60)
    for stream in (child.stdout, child.stderr):
        if stream:
            stream.close()


def test_an_interrupted_first_run_leaves_a_database_every_reader_can_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder)
    database = tmp_path / "first.duckdb"
    with FakeServer(sentence_actor_responder(), choose=lambda body: Behaviour("ok", delay=0.5)) as server:
        stop(run_until_done(server, database, folder, 1), signal.SIGKILL)  # before the run could reconcile
    for command in (["report"], ["export"], ["claims"], ["report", "-o", tmp_path / "r.html"]):
        result = cli(*command, "--db", database, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert "not in these events yet" in cli("report", "--db", database, cwd=tmp_path).stderr
    with Pipeline(database, read_only=True) as pipeline:
        assert pipeline.events() == []
        assert len(pipeline.claims()) >= 2


def test_after_an_interrupted_run_the_reports_say_the_events_are_behind(tmp_path: Path) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    write_articles(first, 2)
    (later).mkdir()
    for i in range(4):
        (later / f"{i}.txt").write_text(f"Latvia expelled {40 + i} Russian diplomats on Friday.", encoding="utf-8")
    database = tmp_path / "r.duckdb"
    with FakeServer(sentence_actor_responder()) as server, Pipeline(database, settings(server.base_url, database)) as p:
        p.run([first])
    before = cli("export", "--db", database, cwd=tmp_path)
    assert before.returncode == 0 and "not in these events" not in before.stderr
    release = threading.Event()  # the articles after Latvia's first wait: the run is stopped mid-way
    held = Behaviour("ok", release=release)
    with FakeServer(sentence_actor_responder(), choose=lambda body: None if ": 40]" in sentence(body) else held) as s:
        try:
            stop(run_until_done(s, database, later, 1), signal.SIGKILL)
        finally:
            release.set()
    stored = rows(database, "SELECT count(*) FROM claims WHERE actor = 'LVA'")[0][0]
    assert stored >= 1
    for command in ("report", "export"):
        result = cli(command, "--db", database, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"{stored} stored claims are not in these events yet" in " ".join(result.stderr.split())


def test_reading_while_a_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder)
    database = tmp_path / "busy.duckdb"
    release = threading.Event()  # every article but France's waits for it: the run lasts as long as the reads
    held = Behaviour("ok", release=release)
    with FakeServer(
        sentence_actor_responder(), choose=lambda body: None if "France" in sentence(body) else held
    ) as server:
        child = run_until_done(server, database, folder, 1)
        try:
            listed = cli("claims", "--jsonl", "--db", database, cwd=tmp_path)
            assert listed.returncode == 0, listed.stderr
            assert len(listed.stdout.splitlines()) >= 2  # the first article's two claims, stored and shown
            assert cli("report", "--db", database, cwd=tmp_path).returncode == 0
            with Pipeline(database, read_only=True) as pipeline:
                assert len(pipeline.claims()) >= 2
            second = cli("run", folder, "--db", database, "--base-url", server.base_url, "--model", "fake",
                         cwd=tmp_path)  # fmt: skip
            assert second.returncode == 3, second.stderr  # another writer still waits its turn
            assert child.poll() is None  # the run went on meanwhile
            release.set()
            assert child.stdout is not None
            remaining = child.stdout.read()
            assert child.wait(timeout=120) == 0, child.stderr.read() if child.stderr else ""
        finally:
            release.set()
            if child.poll() is None:
                child.kill()
    assert remaining.rstrip().endswith("finished")
    assert rows(database, "SELECT count(*) FROM claims") == [(16,)]


READ_LOOP_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from reconcile.errors import DatabaseBusy
    from reconcile.pipeline import Pipeline

    database, total = Path(sys.argv[1]), int(sys.argv[2])
    warm = database.with_name("warm.duckdb")  # the first open's lazy imports, paid before the run starts
    with Pipeline(warm) as pipeline:
        pipeline.store
    with Pipeline(warm, read_only=True) as pipeline:
        pipeline.sql("SELECT count(*) FROM articles")
    print("ready", flush=True)
    deadline = time.monotonic() + 300
    while not database.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with Pipeline(database, read_only=True) as pipeline:
                row = pipeline.sql("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM extractions)")
                articles, extractions = (column[0].as_py() for column in row.columns)
        except DatabaseBusy:
            articles = extractions = -1
        print(json.dumps([articles, extractions, round(time.monotonic() - started, 2)]), flush=True)
        if extractions == total:
            break
        time.sleep(0.1)
    """
)


def test_reading_while_a_run_ingests_an_export(tmp_path: Path) -> None:
    """A run ingesting a large export writes without pause; a reader still gets in between two batches
    (it waited for the whole run before, and gave up after 10 s: exit 3, ``DatabaseBusy``)."""
    export, total = tmp_path / "export.jsonl", 6000
    letters = "bfghjkpqrstwyzae"  # no number anywhere: nothing to ask a model (none listens)
    with export.open("w", encoding="utf-8") as out:
        for i in range(total):
            tag = "".join(letters[i >> shift & 15] for shift in (12, 8, 4, 0))
            out.write(json.dumps({"text": f"The council met again in the old hall about item {tag}."}) + "\n")
    database = tmp_path / "ingest.duckdb"
    reader = spawn(READ_LOOP_CHILD, str(database), str(total))
    assert reader.stdout is not None and reader.stdout.readline() == "ready\n", reader.stderr
    # the reader is up before the run starts (a loaded machine took 5 s to start it: its first read came
    # after the whole run and found nothing to read between batches)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    writer = subprocess.Popen(
        [sys.executable, "-m", "reconcile.cli", "run", str(export), "--db", str(database),
         "--base-url", closed_port_url(), "--model", "fake"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        reads, reader_err = reader.communicate(timeout=300)
    finally:
        for child in (writer, reader):
            if child.poll() is None:
                child.kill()
    seen = [json.loads(line) for line in reads.splitlines()]
    assert seen and [articles for articles, _, _ in seen if articles < 0] == [], (seen, reader_err)  # never busy
    during_ingest = [s for s in seen if 0 < s[0] < total and s[1] == 0]
    assert during_ingest, seen  # read while the run was still storing the export's records
    assert seen[-1][:2] == [total, total]
