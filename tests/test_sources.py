"""Article metadata and source independence through the whole pipeline (fake model server, real store).

Issue 9: an export's url/outlet/title/published/language/author are stored with each article, shown in
the reports and exported; one wire story republished by two outlets is one source, so an event reported
by the two copies and one independent article has 2 independent sources, not 3.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from batch import rows, run, settings
from fakeserver import FakeServer, sentence_actor_responder
from rich.console import Console

from reconcile.core.types import Article
from reconcile.events import load_events
from reconcile.ingest import content_id
from reconcile.pipeline import Pipeline
from reconcile.report import events_document, export_parquet, render_html, render_markdown, render_terminal
from reconcile.store.database import Store

WIRE = (
    "Germany expelled 40 Russian diplomats on Monday, declaring them persona non grata in response to the "
    "killings of civilians in Bucha, the foreign ministry in Berlin said.\n"
    "The diplomats were given five days to leave the country. The Russian ambassador was summoned to the "
    "ministry, where officials handed him a formal note of protest over the conduct of the war.\n"
    "Moscow said it would respond in kind and accused Berlin of destroying relations between the two countries."
)
COPY = (  # the same wire story as another outlet runs it: own headline, a trimmed end, an agency credit
    "Berlin expels Russian diplomats\n" + WIRE.rsplit("\n", 1)[0] + "\n(Reporting by the Wire Agency)"
)
INDEPENDENT = (
    "Germany has expelled 40 Russian diplomats, a government spokesman told reporters in Berlin on Monday, "
    "citing the atrocities discovered near Kyiv. Our correspondent reports that the decision had been "
    "prepared for weeks and that other capitals were expected to follow."
)


def export(tmp_path: Path, *records: dict[str, object]) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


RECORDS = (
    {"text": WIRE, "url": "https://wire.example.org/1", "outlet": "Wire Agency", "title": "Germany expels 40",
     "published": "2022-04-04", "language": "en", "author": "Staff"},
    {"text": COPY, "url": "https://daily.example.com/berlin", "site_name": "Daily Example",
     "headline": "Berlin expels Russian diplomats", "pubDate": "Mon, 04 Apr 2022 20:00:00 +0200"},
    {"content": INDEPENDENT, "link": "https://observer.example.net/x", "source": {"name": "The Observer"},
     "date": "2022-04-04T21:00:00Z", "byline": "A. Correspondent", "lang": "en-GB"},
)  # fmt: skip


def test_copies_of_one_wire_story_count_as_one_source(tmp_path: Path) -> None:
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, export(tmp_path, *RECORDS))
    assert (summary.articles_new, summary.articles_failed) == (3, 0)
    wire, copy, independent = (content_id(t) for t in (WIRE, COPY, INDEPENDENT))
    assert dict(rows(config, "SELECT article_id, source_group FROM articles")) == {
        wire: wire,
        copy: wire,
        independent: independent,
    }
    [(n_articles, n_sources)] = rows(config, "SELECT n_articles, n_sources FROM events WHERE actor = 'DEU'")
    assert (n_articles, n_sources) == (3, 2)
    with duckdb.connect(str(config.database)) as con:
        [event] = [e for e in load_events(con) if e.actor == "DEU"]
        assert (event.n_articles, event.n_sources) == (3, 2)
        terminal = io.StringIO()
        render_terminal(con, Console(file=terminal, width=200, force_terminal=False))
        markdown = render_markdown(con)
        html = render_html(con)
        document = events_document(con)
        export_parquet(con, tmp_path / "events.parquet")
    assert "2 independent sources (3 articles)" in terminal.getvalue()
    assert "2 independent sources (3 articles)" in markdown
    assert "2 independent sources (3 articles)" in html
    [record] = [e for e in document["events"] if e["actor"] == "DEU"]
    assert (record["n_articles"], record["n_sources"]) == (3, 2)
    by_outlet = {v["outlet"]: v for v in record["values"]}
    assert set(by_outlet) == {"Wire Agency", "Daily Example", "The Observer"}
    assert by_outlet["Daily Example"]["source_group"] == by_outlet["Wire Agency"]["article_id"] == wire
    observer = by_outlet["The Observer"]
    assert (observer["url"], observer["author"], observer["language"], observer["published"]) == (
        "https://observer.example.net/x", "A. Correspondent", "en", "2022-04-04",
    )  # fmt: skip
    table = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert {(r["outlet"], r["source_group"], r["n_sources"]) for r in table if r["actor"] == "DEU"} == {
        ("Wire Agency", wire, 2), ("Daily Example", wire, 2), ("The Observer", independent, 2),
    }  # fmt: skip
    # reports name the outlet, not the export's line, and mark the copy
    assert "Daily Example (copy)" in markdown and "Wire Agency" in markdown
    assert 'href="https://observer.example.net/x"' in html


def test_metadata_is_stored_and_available_from_the_python_api(tmp_path: Path) -> None:
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, tmp_path)
        path = export(tmp_path, *RECORDS)
        run(config, path)
    with Pipeline(config.database, config) as pipeline:
        articles = {a.outlet: a for a in pipeline.articles()}
    observer = articles["The Observer"]
    assert observer == Article(
        article_id=content_id(INDEPENDENT),
        source=f"{path}:3",
        text=INDEPENDENT,
        title=INDEPENDENT.split("\n")[0][:200],  # no title given: the first line stands in
        published=dt.date(2022, 4, 4),
        url="https://observer.example.net/x",
        outlet="The Observer",
        author="A. Correspondent",
        language="en",
        source_group=content_id(INDEPENDENT),
    )
    assert (articles["Daily Example"].title, articles["Daily Example"].published) == (
        "Berlin expels Russian diplomats",
        dt.date(2022, 4, 4),  # the publisher's own date, not UTC's
    )


def test_a_copy_arriving_in_a_later_run_joins_the_first_ones_group(tmp_path: Path) -> None:
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, tmp_path)
        run(config, export(tmp_path, RECORDS[0], RECORDS[2]))
        later = tmp_path / "later"
        later.mkdir()
        (later / "copy.txt").write_text(COPY, encoding="utf-8")
        run(config, later)
    assert rows(config, "SELECT source_group FROM articles WHERE article_id = ?", [content_id(COPY)]) == [
        (content_id(WIRE),)
    ]
    assert rows(config, "SELECT n_articles, n_sources FROM events WHERE actor = 'DEU'") == [(3, 2)]


def test_a_malformed_line_is_reported_with_its_number_and_the_rest_lands(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        json.dumps(RECORDS[0])
        + "\n"
        + '{"text": "Italy expelled 30 Russian diplomats.",\n'
        + json.dumps(RECORDS[2])
        + "\n",
        encoding="utf-8",
    )
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, path)
    assert (summary.articles_new, summary.articles_failed) == (2, 1)
    assert rows(config, "SELECT source, reason FROM ingest_failures") == [
        (f"{path}:2", "not valid JSON (Expecting property name enclosed in double quotes at column 49)")
    ]
    assert sorted(s for (s,) in rows(config, "SELECT source FROM articles")) == [f"{path}:1", f"{path}:3"]


def test_a_database_from_before_metadata_gets_the_columns_and_its_groups(tmp_path: Path) -> None:
    database = tmp_path / "old.duckdb"
    with duckdb.connect(str(database)) as con:  # the articles table as it was before this change
        con.execute(
            "CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, title VARCHAR,"
            " published DATE, text VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        for name, text in (("wire.txt", WIRE), ("independent.txt", INDEPENDENT)):
            con.execute(
                "INSERT INTO articles (article_id, source, text) VALUES (?, ?, ?)", [content_id(text), name, text]
            )
    store = Store(database)
    try:
        assert store.add_articles([Article(content_id(COPY), "copy.txt", COPY, outlet="Daily Example")]) == {
            content_id(COPY)
        }
        groups = {a.source: (a.source_group, a.outlet) for a in store.articles()}
    finally:
        store.close()
    assert groups == {
        "wire.txt": (content_id(WIRE), None),
        "independent.txt": (content_id(INDEPENDENT), None),
        "copy.txt": (content_id(WIRE), "Daily Example"),
    }


def cli(*args: str | Path, db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    command = [sys.executable, "-m", "reconcile.cli", "run", *map(str, args), "--db", str(db), "--model", "fake"]
    return subprocess.run(command, capture_output=True, text=True, env={**env, "COLUMNS": "200"}, timeout=120)


def test_cli_field_mapping_and_follow_links(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"story": WIRE, "meta": {"site": "Wire Agency"}}) + "\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(INDEPENDENT, encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    with FakeServer(sentence_actor_responder()) as server:
        db = tmp_path / "cli.duckdb"
        bad = cli(path, "--field", "txt=story", "--base-url", server.base_url, db=db)
        assert bad.returncode == 2 and "expected NAME=COLUMN with NAME one of text, url" in bad.stderr
        unmapped = cli(path, folder, "--base-url", server.base_url, db=db)
        assert unmapped.returncode == 1
        assert f"{path}:1: no text" in unmapped.stderr
        assert "link.txt: symbolic link to a file outside the input folder" in unmapped.stderr
        mapped = cli(path, folder, "--field", "text=story", "--field", "outlet=meta.site", "--follow-links",
                     "--base-url", server.base_url, db=db)  # fmt: skip
        assert mapped.returncode == 0, mapped.stderr
    config = settings(server.base_url, tmp_path, database=db)
    assert sorted(rows(config, "SELECT source, outlet FROM articles")) == [
        (f"{path}:1", "Wire Agency"),
        (str(folder / "link.txt"), None),
    ]


def test_articles_of_a_read_only_database_from_before_metadata(tmp_path: Path) -> None:
    database = tmp_path / "old.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute(
            "CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, title VARCHAR,"
            " published DATE, text VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        con.execute(
            "INSERT INTO articles (article_id, source, text) VALUES (?, 'wire.txt', ?)", [content_id(WIRE), WIRE]
        )
    store = Store(database, read_only=True)
    try:
        [article] = store.articles()
    finally:
        store.close()
    assert (article.source, article.text, article.outlet, article.source_group) == ("wire.txt", WIRE, None, None)


def test_a_template_filled_in_many_times_is_one_group_and_a_bounded_index(tmp_path: Path) -> None:
    """300 records of one template share every LSH bucket: each joins the first one's group, while a bucket
    indexes at most ``BUCKET_LIMIT`` of them (each new record was compared with all earlier ones: 6,000 such
    records took 110 s and 1.5 GB); a copy arriving once the buckets are full still finds its group."""
    from reconcile.ingest.duplicates import BUCKET_LIMIT

    def article(tag: str) -> Article:
        text = f"The council met again in the old hall about item {tag}."
        return Article(article_id=content_id(text), source=f"{tag}.txt", text=text)

    tags = [f"{a}{b}{c}" for a in "bcdfghjklm" for b in "aeiou" for c in "nprstv"][:300]
    store = Store(tmp_path / "t.duckdb")
    try:
        for start in (0, 100):
            store.add_articles([article(tag) for tag in tags[start : start + 100]])
        store.add_articles([article(tag) for tag in tags[200:]])  # a later batch: the buckets are full
        groups = store.query("SELECT DISTINCT source_group FROM articles")
        fullest = store.query("SELECT max(n) FROM (SELECT count(*) AS n FROM article_bands GROUP BY band, key)")
    finally:
        store.close()
    assert groups == [(article(tags[0]).article_id,)]
    assert fullest == [(BUCKET_LIMIT,)]
