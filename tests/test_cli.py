"""The ``reconcile`` command as a user runs it: real subprocesses, a real DuckDB file, replayed responses.

The database is primed with the recorded responses of the real model (see ``test_replay``), and the
endpoint is a closed port, so every command runs the real code path without a model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.config import EMBEDDED_MODEL_NAME
from reconcile.llm.embedded import free_port
from reconcile.store.cache import import_cache
from reconcile.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "seed_responses.jsonl"


def reconcile(*args: str | Path, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "RECONCILE_DB": str(db)}
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "RECONCILE_BASE_URL", "RECONCILE_MODEL"):
        env.pop(name, None)
    command = [sys.executable, "-m", "reconcile.cli", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    store = Store(path)
    import_cache(store, FIXTURE)
    store.close()
    endpoint = ["--base-url", f"http://127.0.0.1:{free_port()}/v1", "--model", EMBEDDED_MODEL_NAME]
    # the profile the seeds' gold labels are written in, so `eval --score-only` below scores like for like
    result = reconcile("run", ROOT / "seeds", *endpoint, "--profile", "expulsions", db=path)
    assert result.returncode == 0, result.stderr
    assert "France" in result.stdout or "FRA" in result.stdout
    assert "5 / 0 / 0" in result.stdout  # articles new / skipped / failed
    assert "0 / " in result.stdout  # zero model calls: all replayed
    return path


def test_second_run_skips_everything(database: Path) -> None:
    endpoint = ["--base-url", "http://127.0.0.1:9/v1", "--model", EMBEDDED_MODEL_NAME]
    result = reconcile("run", ROOT / "seeds", *endpoint, "--profile", "expulsions", db=database)
    assert result.returncode == 0, result.stderr
    assert "0 / 5 / 0" in result.stdout


def test_failed_run_under_another_model_keeps_the_stored_claims(database: Path) -> None:
    before = reconcile("claims", db=database).stdout.count("Russian")
    result = reconcile("run", ROOT / "seeds" / "003_45bacf5aa3bdad93.txt", "--profile", "expulsions",
                       "--base-url", "http://127.0.0.1:9/v1",
                       "--model", "another-model", db=database)  # fmt: skip
    assert result.returncode == 5 and "stopped asking it" in result.stderr  # the endpoint is down: exit 5
    assert reconcile("claims", db=database).stdout.count("Russian") == before > 0


def test_claims_lists_quotes(database: Path) -> None:
    result = reconcile("claims", db=database)
    assert result.returncode == 0, result.stderr
    assert "Russian diplomats" in result.stdout


def test_export_json_has_the_documented_shape(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    result = reconcile("export", "--format", "json", "-o", out, db=database)
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["events"]
    texts = {}
    for event in document["events"]:
        assert {"event_id", "actor", "measure", "target", "unit", "scope", "date", "conflict", "conflict_kind"} <= set(
            event
        )
        for value in event["values"]:
            assert {"claim_id", "article", "value", "low", "high", "hedge", "quote", "start", "end"} <= set(value)
            path = ROOT / value["article"] if not Path(value["article"]).is_absolute() else Path(value["article"])
            if path.exists():
                texts.setdefault(path, None)
    assert texts, "export names the article files"


def test_report_html_and_markdown(database: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert reconcile("report", "--format", "html", "-o", page, db=database).returncode == 0
    html = page.read_text()
    assert "<mark" in html or 'class="num' in html
    markdown = reconcile("report", "--format", "md", db=database)
    assert markdown.returncode == 0 and "# " in markdown.stdout


def test_eval_scores_the_database(database: Path, tmp_path: Path) -> None:
    result = reconcile("eval", "--score-only", "--out", tmp_path, db=database)
    assert result.returncode == 0, result.stderr
    card = json.loads((tmp_path / "scorecard.json").read_text())
    assert card["extraction"]["claims"]["f1"] > 0.5
    baseline = reconcile("eval", "--score-only", "--out", tmp_path / "again", "--baseline", tmp_path / "scorecard.json",
                         db=database)  # fmt: skip
    assert baseline.returncode == 0, baseline.stderr
    assert "delta" in (tmp_path / "again" / "scorecard.md").read_text()


def test_unreadable_files_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (folder / "fine.txt").write_text("Nothing numeric happened today.", encoding="utf-8")
    result = reconcile("run", folder, "--base-url", "http://127.0.0.1:9/v1", "--model", "x", db=tmp_path / "x.duckdb")
    assert result.returncode == 1  # failures are reported with a non-zero exit
    assert "empty file" in result.stderr and "binary file" in result.stderr
    assert "1 / 0 / 2" in result.stdout
    assert "Traceback" not in result.stderr


def test_read_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    for command in (["claims"], ["report"], ["export", "-o", str(tmp_path / "x.json")], ["eval", "--score-only"]):
        result = reconcile(*command, db=tmp_path / "absent.duckdb")
        assert result.returncode == 2, (command, result.stderr)
        assert "no database" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "absent.duckdb").exists()


def test_claims_as_json_and_filtered(database: Path) -> None:
    listed = reconcile("claims", "--json", db=database)
    assert listed.returncode == 0, listed.stderr
    claims = json.loads(listed.stdout)
    assert len(claims) > 20 and all({"article", "claim_id", "quote", "start", "end"} <= set(c) for c in claims)
    assert all(c["quote"][c["start"] - c["sentence_start"] : c["end"] - c["sentence_start"]] for c in claims)
    lines = reconcile("claims", "--jsonl", db=database).stdout.splitlines()
    assert [json.loads(line) for line in lines] == claims
    france = json.loads(reconcile("claims", "--json", "--actor", "France", db=database).stdout)
    assert france and len(france) < len(claims) and {c["actor"] for c in france} == {"FRA"}
    assert json.loads(reconcile("claims", "--json", "--actor", "fra", db=database).stdout) == france
    flagged = json.loads(reconcile("claims", "--json", "--conflicts-only", db=database).stdout)
    # only claims of events with a disagreement: the seeds' differences are explained (a running total, a
    # nested unit), never flags, so the recording may have none
    assert len(flagged) < len(claims)
    text = reconcile("claims", "--conflicts-only", db=database).stdout
    assert f"{len(flagged)} claims" in text
    sources = sorted({c["source_text"].lower() for c in claims if c["source_text"]}) or ["(none recorded)"]
    for option, value, field in (("--measure", "closed", "measure"), ("--source", sources[0], "source_text")):
        if value == "(none recorded)":
            continue  # the recording attributes no figure to a named source
        picked = json.loads(reconcile("claims", "--json", option, value, db=database).stdout)
        expected = [c for c in claims if value in (c[field] or "").lower()]
        assert picked == expected and 0 < len(picked) < len(claims), option
    article = json.loads(reconcile("claims", "--json", "--article", "003_", db=database).stdout)
    assert article and {c["article"] for c in article} == {c["article"] for c in claims if "003_" in c["article"]}


def test_the_passive_325_is_stored_as_the_worlds_aggregate(database: Path) -> None:
    """ "at least 325 ... expelled from countries across the globe" was once only in ``rejections`` (no
    actor, which the expulsions profile requires); the countries after "from" are now its actor."""
    claims = json.loads(reconcile("claims", "--json", db=database).stdout)
    (total,) = [c for c in claims if c["number_text"] == "325"]
    assert (total["actor"], total["target"], total["scope"]) == ("WORLD", "RUS", "aggregate")
    result = reconcile("rejections", db=database)
    assert result.returncode == 0, result.stderr
    # one known loss under extract_v3: Spain's 27 (the text names Spain only as the speaker of Russia's reason);
    # a figure whose actor and target came out the same keeps its actor and value (drop_self_target)
    words = " ".join(result.stdout.split())
    assert "1 numbers not stored" in words and "N1 (27): who is missing" in words


def test_claims_and_rejections_name_the_rules_that_fired(database: Path) -> None:
    """Issue 19: every stored claim and rejection says which registered rules touched it (``core.rules``)."""
    from reconcile.core.rules import rule

    claims = json.loads(reconcile("claims", "--json", db=database).stdout)
    fired = [name for c in claims if c["rules"] for name in c["rules"].split(", ")]
    assert fired and all(rule(name) for name in fired)  # every stored name is a registered rule
    explained = reconcile("claims", "--explain", db=database).stdout
    some = fired[0]
    assert f"{some}: {rule(some).doc}"[:60] in " ".join(explained.split())
    assert "no rule changed the model's answer" in explained or all(c["rules"] for c in claims)
    words = " ".join(reconcile("rejections", db=database).stdout.split())
    assert "[rules:" in words and "check.actor_required]" in words  # the last rule is the one that dropped it
