"""What the command line does with bad paths: one line on stderr and a documented exit code, never a traceback;
and read commands on a database that cannot be written (a read-only file, a read-only folder).

Permissions are real: as root (a container) the commands run as ``nobody`` through ``setpriv``, since root
reads and writes through any mode bits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from batch import settings, write
from fakeserver import FakeServer, sentence_actor_responder

from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "a": "France expelled 35 Russian diplomats on Monday.",
    "b": "France expelled 40 Russian diplomats on Monday, the ministry said.",
}


def reconcile(*args: object, cwd: Path, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="120", HOME=str(cwd))
    command = [sys.executable, "-m", "reconcile.cli", *map(str, args)]
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop the privilege to test permissions")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=180)


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("config:")]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reconcile database with claims and events, made against the fake server."""
    folder = tmp_path_factory.mktemp("made")
    write(folder / "in", **TEXTS)
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, folder)
        with Pipeline(config.database, config) as pipeline:
            assert pipeline.run([folder / "in"]).articles_new == 2
    return config.database


@pytest.fixture
def read_only_copy(database: Path) -> Iterator[Path]:
    """The database in a folder nobody may write, the file itself read-only (readable by ``nobody``)."""
    folder = Path(tempfile.mkdtemp(prefix="reconcile-ro-"))
    copy = folder / "ro.duckdb"
    shutil.copy(database, copy)
    copy.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield copy
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_read_commands_work_on_a_read_only_database_in_a_read_only_folder(read_only_copy: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="reconcile-cwd-"))
    work.chmod(0o777)  # where `nobody` may write its outputs
    try:
        commands = [
            ["claims"],
            ["claims", "--json"],
            ["rejections"],
            ["report"],
            ["report", "-o", work / "report.html"],
            ["export", "-o", work / "events.json"],
            ["export", "-o", work / "events.parquet"],
        ]
        for command in commands:
            result = reconcile(*command, "--db", read_only_copy, cwd=work, unprivileged=True)
            assert result.returncode == 0, (command, result.stderr)
            assert "Traceback" not in result.stderr
        assert "35" in reconcile("claims", "--db", read_only_copy, cwd=work, unprivileged=True).stdout
        assert (work / "report.html").stat().st_size > 0
    finally:
        shutil.rmtree(work)
    assert sorted(p.name for p in read_only_copy.parent.iterdir()) == ["ro.duckdb"]  # no .wal, nothing created


def test_run_on_a_database_it_cannot_write_is_one_line(read_only_copy: Path) -> None:
    inputs = write(read_only_copy.parent.parent / f"{read_only_copy.parent.name}-in", a=TEXTS["a"])
    try:
        for db in (read_only_copy, read_only_copy.parent / "new.duckdb"):  # a new one in a folder it may not write
            result = reconcile("run", inputs, "--db", db, "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                               cwd=inputs, unprivileged=True)  # fmt: skip
            one_line_error(result, 4, "cannot open the database", str(db))
    finally:
        shutil.rmtree(inputs)


def test_bad_db_paths_are_one_line_with_exit_code_4(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    foreign = tmp_path / "other.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE payroll (name VARCHAR)")
    (tmp_path / "no-articles").mkdir()
    for db, says in ((folder, "directory"), (text, "not a DuckDB database"), (foreign, "not a reconcile")):
        for command in (["claims"], ["run", tmp_path / "no-articles", "--base-url", "http://127.0.0.1:9/v1",
                                     "--model", "m"]):  # fmt: skip
            one_line_error(reconcile(*command, "--db", db, cwd=tmp_path), 4, says)
    with duckdb.connect(str(foreign), read_only=True) as con:  # refused, not "migrated" into a reconcile database
        assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("payroll",)]


def test_outputs_that_cannot_be_written_are_one_line_with_exit_code_4(database: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for command in (
        ["report", "-o", blocker / "report.html"],  # a folder that is a file
        ["export", "-o", blocker / "events.json"],
        ["eval", "--score-only", "--out", blocker / "scores"],
    ):
        one_line_error(reconcile(*command, "--db", database, cwd=ROOT), 4, str(blocker))


def test_a_missing_or_bad_baseline_is_one_line(database: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    result = reconcile(
        "eval", "--score-only", "--out", tmp_path / "o", "--baseline", missing, "--db", database, cwd=ROOT
    )
    one_line_error(result, 4, str(missing))
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    result = reconcile(
        "eval", "--score-only", "--out", tmp_path / "o", "--baseline", garbage, "--db", database, cwd=ROOT
    )
    one_line_error(result, 2, str(garbage))


def test_the_endpoint_going_down_is_one_message_and_exit_code_5(tmp_path: Path) -> None:
    write(tmp_path / "in", **{f"n{i}": f"France expelled {10 + i} Russian diplomats." for i in range(6)})
    result = reconcile("run", tmp_path / "in", "--db", tmp_path / "r.duckdb", "--base-url", "http://127.0.0.1:9/v1",
                       "--model", "m", "--concurrency", "2", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 5, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("stopped asking it") == 1 and "6 articles not extracted" in result.stderr


def damaged_copies(database: Path, folder: Path) -> dict[str, Path]:
    """A real reconcile database damaged three ways: cut short, its headers and its data blocks overwritten."""
    data = database.read_bytes()
    folder.mkdir()
    copies = {
        "truncated": data[:12288],
        "headers": data[:4096] + bytes(range(256)) * 32 + data[12288:],
        "blocks": data[:12288] + bytes(len(data) - 12288),
    }
    for name, content in copies.items():
        (folder / f"{name}.duckdb").write_bytes(content)
    return {name: folder / f"{name}.duckdb" for name in copies}


def test_a_damaged_database_is_one_line_and_exit_code_4(database: Path, tmp_path: Path) -> None:
    for name, damaged in damaged_copies(database, tmp_path / "damaged").items():
        for command in (["claims"], ["report"], ["export"]):
            result = reconcile(*command, "--db", damaged, cwd=tmp_path)
            one_line_error(result, 4, str(damaged))
            assert "damaged" in result.stderr or "Could not read" in result.stderr, (name, result.stderr)


def test_a_sqlite_file_is_refused_at_once_without_fetching_an_extension(tmp_path: Path) -> None:
    import sqlite3

    lite = tmp_path / "lite.duckdb"
    with sqlite3.connect(lite) as con:
        con.execute("CREATE TABLE t (a)")
    home = tmp_path / "home"
    home.mkdir()
    for command in (["claims"], ["report"], ["run", tmp_path / "home", "--base-url", "http://127.0.0.1:9/v1",
                                             "--model", "m"]):  # fmt: skip
        result = reconcile(*command, "--db", lite, cwd=home)
        one_line_error(result, 4, "SQLite")
        assert "extension" not in result.stderr.lower()
    assert not (home / ".duckdb").exists()  # no extension was installed (DuckDB's folder under HOME)


def test_duckdb_never_loads_an_extension_for_a_reconcile_database(database: Path) -> None:
    from reconcile.store.database import Store

    store = Store(database, read_only=True)
    try:
        settings = dict(
            store.query(
                "SELECT name, value FROM duckdb_settings()"
                " WHERE name IN ('autoinstall_known_extensions', 'autoload_known_extensions')"
            )
        )
    finally:
        store.close()
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


@pytest.mark.parametrize("command", [["claims"], ["report"], ["rejections"], ["claims", "--jsonl"]])
def test_a_reader_that_goes_away_gets_exit_code_141_and_no_noise(database: Path, command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="80")
    child = subprocess.Popen(
        [sys.executable, "-m", "reconcile.cli", *command, "--db", str(database)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=database.parent,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # `| head -0`: the reader is gone before the first line
    stderr = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=120) == 141, stderr
    assert stderr == ""


def test_json_and_jsonl_together_are_a_usage_error(database: Path, tmp_path: Path) -> None:
    for command in ("claims", "rejections"):
        one_line_error(reconcile(command, "--json", "--jsonl", "--db", database, cwd=tmp_path), 2, "--jsonl")


def test_an_unknown_measure_lists_the_known_ones(database: Path, tmp_path: Path) -> None:
    result = reconcile("claims", "--measure", "bogus", "--db", database, cwd=tmp_path)
    one_line_error(result, 2, "bogus", "expelled", "killed")
    assert result.stdout == ""
    assert reconcile("claims", "--measure", "killed", "--db", database, cwd=tmp_path).returncode == 0  # none stored


def test_bad_numbers_and_urls_in_options_are_usage_errors(tmp_path: Path) -> None:
    write(tmp_path / "in", **TEXTS)
    for options, says in (
        (["--concurrency", "-1", "--base-url", "http://127.0.0.1:9/v1"], "concurrency"),
        (["--concurrency", "2", "--base-url", "127.0.0.1:8000/v1"], "not an http(s) URL"),
        (["--base-url", "http://127.0.0.1:port/v1"], "not an http(s) URL"),
        (["--base-url", "http://u:secret@127.0.0.1:9/v1", "--api-key", "sk-x"], "only one of them"),
    ):
        result = reconcile("run", tmp_path / "in", "--db", tmp_path / "r.duckdb", "--model", "m", *options,
                           cwd=tmp_path)  # fmt: skip
        one_line_error(result, 2, says)
        assert "secret" not in result.stderr
        assert not (tmp_path / "r.duckdb").exists()


def test_a_missing_input_creates_no_database(tmp_path: Path) -> None:
    result = reconcile("run", tmp_path / "nope", "--db", tmp_path / "r.duckdb", "--base-url", "http://127.0.0.1:9/v1",
                       "--model", "m", cwd=tmp_path)  # fmt: skip
    one_line_error(result, 2, "no such file or folder", "nope")
    assert not (tmp_path / "r.duckdb").exists()


def test_eval_finds_its_gold_labels_from_any_folder(database: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = reconcile("eval", "--score-only", "--db", database, "--out", elsewhere / "out", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "scorecard.json").is_file()


def test_help_shows_no_type_beside_a_flag(tmp_path: Path) -> None:
    result = reconcile("claims", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "<bool>" not in result.stdout and "--jsonl" in result.stdout
    assert "<path>" in result.stdout  # options that take a value still say what


def test_piped_claims_are_not_padded_with_spaces(tmp_path: Path) -> None:
    long_quote = (  # wraps at 80 columns: Rich padded every wrapped line with spaces to column 80
        "France expelled 35 Russian diplomats on Monday after a long review of the embassy's staff and its "
        "activities in Paris, Lyon and Marseille, the foreign ministry said in a statement."
    )
    write(tmp_path / "in", a=long_quote)
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, tmp_path)
        with Pipeline(config.database, config) as pipeline:
            assert pipeline.run([tmp_path / "in"]).articles_new == 1
    result = reconcile("claims", "--db", config.database, cwd=tmp_path)
    assert result.returncode == 0 and "claims;" in result.stdout
    assert all(line == line.rstrip() for line in result.stdout.splitlines()), result.stdout
