"""The read commands as a user runs them (real subprocesses, a real DuckDB file, no model).

Where output goes (``-o FILE``, ``-o -``, the format from the extension), that nothing ever overwrites the
database, that hostile file names and article text stay inert in the terminal, and ``--version``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from test_display import CONTROL, assert_quotes_readable, hostile
from test_report import build_demo

from reconcile.events import load_events
from reconcile.report import SCHEMA_VERSION
from reconcile.report.claims import ClaimFilter, claim_record, select_claims
from reconcile.report.output import Output, OutputError, resolve_output
from reconcile.report.terminal import _quote
from reconcile.store.database import Store

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str | Path, cwd: Path, columns: int | None = None) -> subprocess.CompletedProcess[bytes]:
    """``reconcile ARGS`` with a clean environment; stdout piped (as in ``reconcile report | less``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_")) and k != "COLUMNS"}
    env["PYTHONPATH"] = str(ROOT)
    if columns:
        env["COLUMNS"] = str(columns)
    command = [sys.executable, "-m", "reconcile.cli", *map(str, args)]
    return subprocess.run(command, capture_output=True, env=env, cwd=cwd, timeout=120)


def rejection(con: duckdb.DuckDBPyConnection, article_like: str, number: str, reason: str) -> None:
    """Record a dropped number the way the pipeline does (offsets of its first occurrence)."""
    article_id, text = con.execute(
        "SELECT article_id, text FROM articles WHERE source LIKE ?", [f"%{article_like}%"]
    ).fetchall()[0]
    start = text.index(number)
    con.execute(
        'INSERT INTO rejections (article_id, extractor_version, number_id, start, "end", reason, payload) '
        "VALUES (?, 'test', 'N9', ?, ?, ?, NULL)",
        [article_id, start, start + len(number), reason],
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = duckdb.connect(str(path))
    build_demo(con)
    rejection(con, "002_", "at least 325", "actor and target are both 'Russia'")
    con.close()
    return path


def _intact(db: Path, claims: int) -> None:
    assert db.read_bytes()[8:12] == b"DUCK"
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (claims,)
    finally:
        con.close()


def test_no_output_ever_overwrites_the_database(tmp_path: Path) -> None:
    db = tmp_path / "data" / "news.duckdb"
    db.parent.mkdir()
    con = duckdb.connect(str(db))
    build_demo(con)
    (claims,) = con.execute("SELECT count(*) FROM claims").fetchone() or (0,)
    con.close()
    (tmp_path / "link.html").symlink_to(db)
    attempts = [
        (tmp_path, ["report", "-f", "html", "-o", db]),
        (tmp_path, ["report", "-f", "md", "-o", "data/../data/news.duckdb"]),  # relative, with ..
        (tmp_path, ["report", "-o", "link.html"]),  # a symlink to the database
        (db.parent, ["report", "-f", "html", "-o", "news.duckdb"]),  # relative to the working directory
        (tmp_path, ["export", "-o", f"{db}.wal"]),  # the write-ahead log
        (tmp_path, ["export", "-f", "json", "-o", f"{db}.wal"]),
        (tmp_path, ["export", "-f", "parquet", "-o", db]),
    ]
    for cwd, args in attempts:
        result = cli(*args, "--db", db, cwd=cwd)
        stderr = result.stderr.decode()
        assert result.returncode == 2, (args, stderr)
        assert "database" in stderr and "Traceback" not in stderr, (args, stderr)
        _intact(db, claims)
    assert not (tmp_path / "data" / "news.duckdb.wal").exists()


def test_output_file_format_follows_the_extension(demo_db: Path, tmp_path: Path) -> None:
    text = cli("report", "--db", demo_db, "-o", "report.txt", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert text.stdout == b""  # written to the file, not the terminal
    plain = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "CONTRADICTION" in plain and "\x1b" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert cli("report", "--db", demo_db, "-o", "r.html", cwd=tmp_path).returncode == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("report", "--db", demo_db, "-o", "r.md", cwd=tmp_path).returncode == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Reconciliation report")
    parquet = cli("export", "--db", demo_db, "-o", "events.parquet", cwd=tmp_path)
    assert parquet.returncode == 0, parquet.stderr
    assert pq.read_table(tmp_path / "events.parquet").num_rows > 0
    assert cli("export", "--db", demo_db, "-o", "events.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))["events"]


def test_contradicting_or_unknown_formats_are_refused(demo_db: Path, tmp_path: Path) -> None:
    for args, says in (
        (["export", "-f", "json", "-o", "x.parquet"], "extension"),
        (["report", "-f", "html", "-o", "x.md"], "extension"),
        (["report", "-o", "x.pdf"], "--format"),
        (["export", "-o", "x.csv"], "--format"),
        (["report", "-f", "html", "-o", "."], "folder"),
    ):
        result = cli(*args, "--db", demo_db, cwd=tmp_path)
        assert result.returncode == 2 and says in result.stderr.decode(), (args, result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_dash_is_stdout(demo_db: Path, tmp_path: Path) -> None:
    md = cli("report", "--db", demo_db, "-f", "md", "-o", "-", cwd=tmp_path)
    assert md.returncode == 0 and md.stdout.decode().startswith("# Reconciliation report")
    terminal = cli("report", "--db", demo_db, "-o", "-", cwd=tmp_path)
    assert terminal.returncode == 0 and b"CONTRADICTION" in terminal.stdout
    exported = cli("export", "--db", demo_db, "-o", "-", cwd=tmp_path)
    assert exported.returncode == 0 and json.loads(exported.stdout)["schema_version"] == SCHEMA_VERSION
    binary = cli("export", "--db", demo_db, "-f", "parquet", "-o", "-", cwd=tmp_path)
    assert binary.returncode == 0 and pq.read_table(io.BytesIO(binary.stdout)).num_rows > 0
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_report_is_readable_when_piped(demo_db: Path, tmp_path: Path) -> None:
    result = cli("report", "--db", demo_db, cwd=tmp_path)  # piped, no COLUMNS: Rich assumes 80
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(demo_db), read_only=True)
    events = load_events(con)
    con.close()
    quotes = [_quote(v).plain for e in events if e.conflict for v in e.values]
    assert_quotes_readable(result.stdout.decode().splitlines(), quotes)


def test_rejections_are_listed_with_their_reason(demo_db: Path, tmp_path: Path) -> None:
    result = cli("rejections", "--db", demo_db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.decode().split())
    assert "at least 325" in out and "actor and target are both 'Russia'" in out
    assert "Russian diplomats and embassy workers have been expelled" in out  # the sentence it was in
    lines = cli("rejections", "--db", demo_db, "--jsonl", cwd=tmp_path).stdout.decode().splitlines()
    (record,) = [json.loads(line) for line in lines]
    assert record["number_text"] == "at least 325" and record["article"].endswith(".txt")
    for args in (["report"], ["report", "-f", "md"], ["report", "-f", "html"]):
        shown = " ".join(cli(*args, "--db", demo_db, cwd=tmp_path).stdout.decode().split())
        assert "Numbers not stored" in shown and "both 'Russia'" in shown.replace("&#39;", "'"), args


def test_hostile_names_and_text_stay_inert(tmp_path: Path) -> None:
    db = tmp_path / "evil.duckdb"
    con = duckdb.connect(str(db))
    hostile(con)
    con.close()
    for args in (["claims"], ["report"], ["report", "-f", "md"], ["rejections"], ["claims", "--json"]):
        result = cli(*args, "--db", db, cwd=tmp_path)
        stdout, stderr = result.stdout.decode(), result.stderr.decode()
        assert result.returncode == 0 and "Traceback" not in stderr, (args, stderr)
        assert not CONTROL.search(stdout) and not CONTROL.search(stderr), (args, stdout)
        assert "/bold" in stdout, args  # the quote, its markup shown literally


def test_failure_list_prints_markup_and_escapes_literally(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "a[").mkdir(parents=True)
    (folder / "a[" / "x].txt").write_bytes(b"")  # the path contains "[/x]"
    (folder / "t\x1b]0;pwned\x07.txt").write_bytes(b"")
    (folder / "b[" / "y]").mkdir(parents=True)
    (folder / "b[" / "y]" / "fine.txt").write_text("Nothing numeric happened today.", encoding="utf-8")
    result = cli("run", folder, "--db", tmp_path / "x.duckdb", "--base-url", "http://127.0.0.1:9/v1",
                 "--model", "x", cwd=tmp_path)  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in stderr, stderr
    assert "a[/x].txt" in stderr and "empty file" in stderr
    assert not CONTROL.search(stderr) and "t\u241b]0;pwned\u2407.txt" in stderr


def test_version(tmp_path: Path) -> None:
    result = cli("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.decode().startswith("reconcile ")
    assert result.stdout.decode().split()[1][0].isdigit()


def test_output_guard_sees_through_hard_links_and_symlinked_folders(tmp_path: Path) -> None:
    db = tmp_path / "data" / "news.duckdb"
    db.parent.mkdir()
    db.write_bytes(b"not really a database")
    os.link(db, tmp_path / "hard.html")
    (tmp_path / "alias").symlink_to(db.parent, target_is_directory=True)
    for path in (tmp_path / "hard.html", tmp_path / "alias" / "news.duckdb", tmp_path / "alias" / "news.duckdb.wal"):
        with pytest.raises(OutputError, match="database"):
            resolve_output(path, "html", extensions={".html": "html"}, default="html", database=db)
    ok = resolve_output(tmp_path / "report.html", None, extensions={".html": "html"}, default="md", database=db)
    assert ok == Output(tmp_path / "report.html", "html")


def test_claims_filter_and_json_carry_article_metadata(tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    con = duckdb.connect(str(path))
    build_demo(con)
    con.execute("UPDATE articles SET outlet = 'Nordic Wire', url = 'https://example.org/dnk' WHERE source LIKE '%dnk%'")
    con.close()
    store = Store(path)
    try:
        (item,) = select_claims(store, ClaimFilter(article="nordic"))
        record = claim_record(item)
        assert (record["outlet"], record["url"], record["number_text"]) == (
            "Nordic Wire",
            "https://example.org/dnk",
            "18",
        )
        assert record["published"] == "2022-04-05" and record["article"] == "synthetic/dnk-wire.txt"
        assert select_claims(store, ClaimFilter(article="example.org/dnk")) == [item]
    finally:
        store.close()


def test_claims_json_and_filters(demo_db: Path, tmp_path: Path) -> None:
    def claims(*args: str) -> list[dict[str, object]]:
        result = cli("claims", "--db", demo_db, "--json", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        records: list[dict[str, object]] = json.loads(result.stdout)
        return records

    everything = claims()
    assert len(everything) > 20
    lines = cli("claims", "--db", demo_db, "--jsonl", cwd=tmp_path).stdout.decode().splitlines()
    assert [json.loads(line) for line in lines] == everything
    france = claims("--actor", "France")
    assert france and {c["actor"] for c in france} == {"FRA"} and claims("--actor", "fra") == france
    members = claims("--actor", "Sweden")  # a member of a coalition
    assert members and all(c["actor"] == "SWE" or "SWE" in str(c["actor_members"]) for c in members)
    assert [c["number_text"] for c in claims("--source", "MINISTRY")] == ["18"]
    assert claims("--measure", "expelled") == everything and claims("--measure", "killed") == []
    flagged = claims("--conflicts-only")
    con = duckdb.connect(str(demo_db), read_only=True)
    in_flagged = {v.claim_id for e in load_events(con) if e.conflict for v in e.values}
    con.close()
    assert {c["claim_id"] for c in flagged} == in_flagged and 0 < len(flagged) < len(everything)
    both = claims("--conflicts-only", "--actor", "DNK")
    assert sorted(c["number_text"] for c in both) == ["15", "18"]
    text = " ".join(cli("claims", "--db", demo_db, "--actor", "DNK", cwd=tmp_path).stdout.decode().split())
    assert "according to the ministry" in text and "claims;" in text
