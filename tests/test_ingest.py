"""Ingest without a model: what each kind of input becomes, and what is refused, with which reason.

Covers the inputs of issue 9 (exports, feeds, saved pages, metadata) and the hostile inputs of issue 10:
control characters and escape sequences (item 4), FIFOs and devices (6), deeply nested HTML (7), the
sentence budget (8), symbolic links out of a folder (9) and UTF-16/UTF-32 (18). Tests that would hang
or exhaust memory on a reader without these guards run in a child process with a time and memory cap,
so a regression fails instead of stalling the suite.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reconcile.ingest import (
    IngestError,
    IngestFailure,
    IngestOptions,
    article_from_text,
    clean_text,
    iter_inputs,
    read_all,
    read_article,
)
from reconcile.ingest.html import MAX_DEPTH, extract_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "France expelled 35 Russian diplomats on Monday. Germany expelled 40 Russian diplomats on Tuesday."


def isolated(code: str, timeout: float = 30, memory_mb: int = 1024) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child Python with a wall-clock and address-space cap (a hang or a runaway read
    fails the test rather than the machine)."""
    limit = memory_mb * 1024 * 1024
    preamble = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
    return subprocess.run(
        [sys.executable, "-c", preamble + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def reasons(failures: list[IngestFailure]) -> dict[str, str]:
    return {Path(f.source).name: f.reason for f in failures}


# -- issue 10 item 4: control characters and escape sequences -------------------------------------
HOSTILE = (
    "\x1b[2J\x1b[H\x1b]0;window title 77\x07France expelled \x1b[1;38;5;196m35\x1b[0m Russian diplomats.\r\n"
    "Read \x1b]8;;https://evil.example/99\x1b\\the statement\x1b]8;;\x1b\\ here.\x00\x07\x08\x7f\x85"
    "Germany expelled 40\x9b31m diplomats.\x90q1234\x1b\\\tDone.\x0cNext page."
)


def test_escape_sequences_and_control_characters_never_reach_the_text() -> None:
    article = article_from_text(HOSTILE, "evil.txt")
    assert article.text == (
        "France expelled 35 Russian diplomats.\n"
        "Read the statement here.\n"
        "Germany expelled 40 diplomats.\tDone.\nNext page."
    )
    for digits in ("77", "99", "196", "31", "1234", "38"):  # digits that only lived inside escapes
        assert digits not in article.text
    assert all(c in "\n\t" or (ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F) for c in article.text)


def test_metadata_fields_are_cleaned_too(tmp_path: Path) -> None:
    record = {"text": ARTICLE, "title": "Big\x1b[31m news\x07", "outlet": "Wire\nService", "author": "\x1b]0;x\x07Ann"}
    (tmp_path / "meta.jsonl").write_text(json.dumps(record), encoding="utf-8")
    article = next(iter_inputs([tmp_path / "meta.jsonl"]))
    assert not isinstance(article, IngestFailure)
    assert (article.title, article.outlet, article.author) == ("Big news", "Wire Service", "Ann")


def test_clean_text_keeps_newlines_tabs_and_ordinary_unicode() -> None:
    text = "Line one\tcol\nLine two — “quoted” café 東京 😀\u00a0end"
    assert clean_text(text) == text


# -- issue 10 item 6: FIFOs and devices -----------------------------------------------------------
def test_fifo_and_dev_zero_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "inner-pipe.txt")
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = isolated(
        f"""
        from reconcile.ingest import read_all
        articles, failures = read_all([{str(fifo)!r}, "/dev/zero", {str(folder)!r}])
        for f in failures:
            print(f.source, "|", f.reason)
        print("articles", len(articles))
        """,
        timeout=30,
        memory_mb=1024,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert f"{fifo} | a named pipe (FIFO), not a regular file: not read" in lines
    assert "/dev/zero | a character device, not a regular file: not read" in lines
    assert f"{folder / 'inner-pipe.txt'} | a named pipe (FIFO), not a regular file: not read" in lines
    assert lines[-1] == "articles 1"


def test_a_large_file_is_read_only_to_the_limit_plus_one_byte(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024 * 1024)  # a sparse 3 GB file: reading it whole would hit the cap
    result = isolated(
        f"""
        from reconcile.ingest import IngestError, read_article
        try:
            read_article({str(big)!r})
        except IngestError as exc:
            print(exc.reason)
        """,
        memory_mb=1024,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "file is too large: the limit is 8 MB (max_article_bytes)"


# -- issue 10 item 7: deeply nested HTML ----------------------------------------------------------
def test_200k_nested_divs_are_refused_in_bounded_time(tmp_path: Path) -> None:
    n = 200_000
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><head><title>t</title></head><body>" + "<div>" * n + "<p>France expelled 35 diplomats.</p>"
        + "</div>" * n + "</body></html>",
        encoding="utf-8",
    )  # fmt: skip
    result = isolated(
        f"""
        import time
        from reconcile.ingest import read_all
        t0 = time.perf_counter()
        articles, failures = read_all([{str(page)!r}])
        print(round(time.perf_counter() - t0, 2), len(articles), [f.reason for f in failures])
        """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seconds, n_articles, found = result.stdout.split(" ", 2)
    assert float(seconds) < 5
    assert n_articles == "0"
    assert f"HTML nested {MAX_DEPTH} or more elements deep" in found


def test_moderately_nested_html_is_read() -> None:
    html = "<html><body>" + "<div>" * 100 + "<p>France expelled 35 Russian diplomats on Monday.</p>" + "</div>" * 100
    assert "France expelled 35" in extract_page(html + "</body></html>", "p.html").text


# -- issue 10 item 8: the sentence budget ---------------------------------------------------------
def test_an_article_over_the_sentence_budget_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    (tmp_path / "book.txt").write_text(" ".join(f"Item {i} was noted." for i in range(100_000)), encoding="utf-8")
    (tmp_path / "short.txt").write_text(ARTICLE, encoding="utf-8")
    t0 = time.perf_counter()
    articles, failures = read_all([tmp_path])
    assert time.perf_counter() - t0 < 20
    assert [a.source for a in articles] == [str(tmp_path / "short.txt")]
    assert reasons(failures) == {
        "book.txt": "article has 100,000 sentences; the budget is 10,000 per article"
        " (raise max_article_sentences in reconcile.toml to accept it)"
    }


def test_the_sentence_budget_is_configurable() -> None:
    text = " ".join(f"Country {i} expelled {i} diplomats." for i in range(60))
    with pytest.raises(IngestError, match="article has 60 sentences; the budget is 50"):
        article_from_text(text, "x.txt", max_sentences=50)
    assert article_from_text(text, "x.txt", max_sentences=60).text == text


# -- issue 10 item 9: symbolic links --------------------------------------------------------------
def test_links_out_of_a_folder_are_not_followed_unless_asked(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("The password is 1234 and the PIN is 9876.", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.txt").write_text("Spain expelled 25 diplomats.", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "good.txt")  # inside the folder: harmless
    (folder / "subdir").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    articles, failures = read_all([folder])
    assert sorted(Path(a.source).name for a in articles) == ["alias.txt", "good.txt"]
    assert all("1234" not in a.text for a in articles)
    assert reasons(failures) == {
        "leak.txt": "symbolic link to a file outside the input folder: not followed (pass --follow-links to read it)",
        "subdir": "symbolic link to a folder outside the input folder: not followed (pass --follow-links to read it)",
    }
    articles, failures = read_all([folder], IngestOptions(follow_links=True))
    assert sorted(Path(a.source).name for a in articles) == ["alias.txt", "good.txt", "leak.txt", "other.txt"]
    assert failures == []
    # a file named directly is what the user asked for, link or not
    assert read_article(folder / "leak.txt").text.startswith("The password")


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "description").write_text("Unnamed repository; edit this file 42.", encoding="utf-8")
    (tmp_path / ".notes.txt").write_text("Hidden 7.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    articles, failures = read_all([tmp_path])
    assert [Path(a.source).name for a in articles] == ["a.txt"] and failures == []


# -- issue 10 item 18: encodings ------------------------------------------------------------------
@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "Paris a expulsé 35 diplomates russes à Noël — “au moins” 40."
    path = tmp_path / "a.txt"
    path.write_bytes(bom + text.encode(encoding))
    article = read_article(path)
    assert article.text == text
    assert article.article_id == article_from_text(text, "x").article_id  # same text, same article


@pytest.mark.parametrize(
    "data, reason",
    [
        ("Paris a expulsé 35 diplomates.".encode("utf-16-le"), "UTF-16 or UTF-32 text without a byte-order mark"),
        ("Paris a expulsé 35 diplomates.".encode("latin-1"), "not valid UTF-8 (byte 14: b'\\xe9')"),
        (codecs.BOM_UTF16_LE + b"A\x00\x00\xd8", "not valid UTF-16-LE despite its byte-order mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
        (codecs.BOM_UTF16_LE, "empty file"),
    ],
)
def test_other_encodings_are_refused_with_the_right_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_article(path)
    assert caught.value.reason.startswith(reason)


# -- issue 9: saved pages ------------------------------------------------------------------------
EXPECTED_PAGES = {
    "opengraph.html": {
        "title": "Germany expels 40 Russian diplomats",
        "published": dt.date(2022, 4, 4),
        "outlet": "The Daily Example",
        "url": "https://daily.example.com/world/germany-expels-40",
        "author": "Anna Schmidt",
        "language": "en",
        "first": "Germany on Monday declared 40 Russian diplomats persona non grata",
        "last": "France announced a similar step hours later, expelling 35 Russian diplomats.",
    },
    "jsonld.html": {
        "title": "Poland orders 45 Russian diplomats to leave",
        "published": dt.date(2022, 3, 23),  # datePublished, not dateModified
        "outlet": "Vistula Times",
        "url": "https://vistulatimes.example.pl/news/poland-45-diplomats",
        "author": "Marta Nowak",
        "language": "en",
        "first": "Poland has ordered 45 Russian diplomats suspected of working",
        "last": "where he was handed a diplomatic note.",
    },
    "dublincore.html": {
        "title": "Italy expels 30 Russian diplomats over security concerns",
        "published": dt.date(2022, 4, 5),
        "outlet": "Gazzetta Example",
        "url": "https://www.gazzetta.example.it/esteri/italy-expels-30",
        "author": "Luca Bianchi",
        "language": None,
        "first": "Italy is expelling 30 Russian diplomats for security reasons",
        "last": "did not immediately respond to a request for comment.",
    },
    "nodate.html": {
        "title": "Deutschland weist 40 russische Diplomaten aus",
        "published": None,  # the page gives no date: none is guessed from its text
        "outlet": "Rheinblatt",
        "url": "https://rheinblatt.example.de/politik/diplomaten",
        "author": None,
        "language": "de",
        "first": "Die Bundesregierung hat 40 Angehörige der russischen Botschaft",
        "last": "Russland kündigte Gegenmaßnahmen an.",
    },
}
PAGE_FURNITURE = (
    "cookie", "Cookies", "143 partners", "Accept", "Agree", "Subscribe", "Sign up", "Most read", "Related", "Mehr zum",
    "Spain expels 25", "Denmark expels 15", "Frankreich", "20,000", "Comments", "Reader 1", "Impressum", "P.IVA",
    "©", "Home", "Start", "Politik", "Rome correspondent", "By Anna",
)  # fmt: skip


def test_saved_pages_give_text_date_outlet_title_url_author() -> None:
    articles, failures = read_all([PAGES])
    assert failures == []
    by_name = {Path(a.source).name: a for a in articles}
    assert set(by_name) == set(EXPECTED_PAGES)
    for name, expected in EXPECTED_PAGES.items():
        article = by_name[name]
        got = {
            field: getattr(article, field) for field in ("title", "published", "outlet", "url", "author", "language")
        }
        assert got == {k: v for k, v in expected.items() if k not in {"first", "last"}}, name
        lines = article.text.split("\n")
        assert lines[0] == article.title, name  # the headline opens the text
        assert lines[1].startswith(str(expected["first"])), name
        assert lines[-1].endswith(str(expected["last"])), name
        for furniture in PAGE_FURNITURE:
            assert furniture not in article.text, (name, furniture)


def test_a_page_with_no_main_text_keeps_what_a_reader_sees() -> None:
    page = extract_page("<html><body><div>Sweden expels 3.</div><script>x = 5</script></body></html>", "s.html")
    assert page.text == "Sweden expels 3."


# -- issue 9: exports ---------------------------------------------------------------------------
def test_jsonl_with_crawler_field_names_and_a_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"content": "France expelled 35 Russian diplomats.", "link": "https://a.example/1",
                    "pubDate": "Mon, 04 Apr 2022 23:30:00 -0400", "headline": "France expels 35",
                    "site_name": "A News", "lang": "fr-FR", "byline": "Jean Dupont"}),
        "{not json",
        "",
        json.dumps({"body": "Germany expelled 40 Russian diplomats.", "date": "2022-04-04T18:00:00Z",
                    "source": {"id": "b", "name": "B Wire"}, "authors": ["Ann", "Bob"], "title": "Germany"}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "Italy expelled 30.", "published": "sometime soon"}),
        json.dumps({"text": "Spain expelled 25 Russian diplomats.", "published": 1649116800}),
    ]  # fmt: skip
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, failures = read_all([path])
    assert [(a.source, a.title, a.published, a.url, a.outlet, a.author, a.language) for a in articles] == [
        (f"{path}:1", "France expels 35", dt.date(2022, 4, 4), "https://a.example/1", "A News", "Jean Dupont", "fr"),
        (f"{path}:4", "Germany", dt.date(2022, 4, 4), None, "B Wire", "Ann, Bob", None),
        (f"{path}:8", "Spain expelled 25 Russian diplomats.", dt.date(2022, 4, 5), None, None, None, None),
    ]
    assert [(f.source, f.reason) for f in failures] == [
        (f"{path}:2", "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (f"{path}:5", "a JSON object (one article) expected, got list"),
        (f"{path}:6", "no text (looked for text, content, body, maintext, articlebody, fulltext;"
                      " name the column with --field text=COLUMN)"),
        (f"{path}:7", "unreadable publication date 'sometime soon'"),
    ]  # fmt: skip


def test_field_mapping_names_other_columns_and_nested_fields(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    record = {"article_body": ARTICLE, "meta": {"when": "2022-04-05", "who": "Wire"}, "text": "not this one"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    options = IngestOptions(fields={"text": "article_body", "published": "meta.when", "outlet": "meta.who"})
    [article] = read_all([path], options)[0]
    assert (article.text, article.published, article.outlet) == (ARTICLE, dt.date(2022, 4, 5), "Wire")


def test_a_record_over_the_size_limit_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    huge = json.dumps({"text": "word " * 50_000})
    path.write_text(huge + "\n" + json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    articles, failures = read_all([path], IngestOptions(max_bytes=100_000))
    assert [a.source for a in articles] == [f"{path}:2"]
    assert [(f.source, f.reason) for f in failures] == [
        (f"{path}:1", "record is too large: the limit is 0 MB (max_article_bytes)")
    ]


def test_utf16_jsonl_and_invalid_utf8_lines(tmp_path: Path) -> None:
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(
        codecs.BOM_UTF16_LE + (json.dumps({"text": "Paris a expulsé 35 diplomates."}) + "\n").encode("utf-16-le")
    )
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"text": "caf\xe9 35"}\n' + json.dumps({"text": ARTICLE}).encode() + b"\n")
    articles, failures = read_all([broken, wide])
    assert [a.text for a in articles] == [ARTICLE, "Paris a expulsé 35 diplomates."]
    assert [(f.source, f.reason) for f in failures] == [
        (f"{broken}:1", "not valid UTF-8 (byte 13 of the line: b'\\xe9')")
    ]


def test_csv_export_with_quoted_newlines_semicolons_and_a_short_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Title;Text;Published;URL;Outlet\n"
        '"France expels 35";"France expelled 35 Russian diplomats.\nParis said so; officials agreed.";'
        "2022-04-04;https://a.example/1;A News\n"
        "broken row;only two fields\n"
        '"Germany";"Germany expelled 40 Russian diplomats.";05/04/2022;;B News\n',
        encoding="utf-8",
    )
    articles, failures = read_all([path])
    assert [(a.source, a.title, a.text, a.published, a.url, a.outlet) for a in articles] == [
        (f"{path}:2", "France expels 35", "France expelled 35 Russian diplomats.\nParis said so; officials agreed.",
         dt.date(2022, 4, 4), "https://a.example/1", "A News"),
        (f"{path}:5", "Germany", "Germany expelled 40 Russian diplomats.", dt.date(2022, 5, 4), None, "B News"),
    ]  # fmt: skip
    assert [(f.source, f.reason) for f in failures] == [(f"{path}:4", "2 fields where the header has 5")]


# -- issue 9: feeds -------------------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire Service</title><link>https://wire.example.org/</link><language>en-gb</language>
<item><title>France expels 35</title><link>https://wire.example.org/a</link>
<pubDate>Mon, 04 Apr 2022 23:30:00 -0400</pubDate><dc:creator>Jean Dupont</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>France expelled 35 Russian diplomats.</p>
<p>Paris said <b>more</b> could follow.</p>]]></content:encoded></item>
<item><title>Empty</title><link>https://wire.example.org/b</link></item>
<item><title>Germany expels 40</title><description>Germany expelled 40 Russian diplomats.</description>
<pubDate>not a date</pubDate></item>
<item><title>Italy</title><description>Italy expelled 30 Russian diplomats.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Le Fil</title>
<entry><title>La France expulse 35 diplomates</title><link href="https://fil.example.fr/1"/>
<published>2022-04-04T20:00:00+02:00</published><author><name>Marie Curie</name></author>
<content type="html">&lt;p&gt;La France a expulsé 35 diplomates russes.&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_and_atom_entries_become_articles(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "fil.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "junk.xml").write_text("<html><p>no feed</p>", encoding="utf-8")
    articles, failures = read_all([tmp_path])
    rows = [
        (Path(a.source).name, a.title, a.text, a.published, a.url, a.outlet, a.author, a.language) for a in articles
    ]
    assert rows == [
        ("fil.atom#1", "La France expulse 35 diplomates", "La France a expulsé 35 diplomates russes.",
         dt.date(2022, 4, 4), "https://fil.example.fr/1", "Le Fil", "Marie Curie", "fr"),
        ("wire.rss#1", "France expels 35", "France expelled 35 Russian diplomats.\nParis said more could follow.",
         dt.date(2022, 4, 4), "https://wire.example.org/a", "Wire Service", "Jean Dupont", "en"),
        ("wire.rss#4", "Italy", "Italy expelled 30 Russian diplomats.", None, None, "Wire Service", None, "en"),
    ]  # fmt: skip
    assert reasons(failures) == {
        "junk.xml": reasons(failures)["junk.xml"],
        "wire.rss#2": "entry has no content or summary",
        "wire.rss#3": "unreadable publication date 'not a date'",
    }
    assert reasons(failures)["junk.xml"].startswith("not an RSS or Atom feed")


def test_an_exports_html_body_is_read_whole_and_a_whole_page_is_cleaned(tmp_path: Path) -> None:
    body = "<p>France expelled 35 Russian diplomats.</p><ul><li>Paris named 12 of them.</li></ul><p>More later.</p>"
    page = "<!doctype html><html><body><nav>Menu 5</nav><article><p>" + ARTICLE + "</p></article></body></html>"
    path = tmp_path / "export.jsonl"
    wordpress = {"content": {"rendered": "<p>Spain expelled 25.</p>"}, "title": {"rendered": "Spain"}}
    path.write_text("".join(json.dumps(r) + "\n" for r in ({"content": body}, {"text": page}, wordpress)))
    fragment, whole, post = read_all([path])[0]
    assert fragment.text == "France expelled 35 Russian diplomats.\nParis named 12 of them.\nMore later."
    assert whole.text == ARTICLE
    assert (post.text, post.title) == ("Spain expelled 25.", "Spain")
