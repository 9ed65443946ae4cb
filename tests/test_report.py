"""Reports and exports over a small database built from the real seed articles.

Claims are written by hand the way the extractor stores them (offsets into the ingested text), plus
one synthetic article that contradicts a seed, so every conflict kind appears in the reports.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from test_events import EXPULSION_UNITS, ClaimDB

from reconcile.events import load_events, reconcile_events
from reconcile.ingest import read_article
from reconcile.report import (
    SCHEMA_VERSION,
    events_document,
    export_json,
    export_parquet,
    render_event,
    render_html,
    render_markdown,
    render_terminal,
)
from reconcile.report.common import event_title

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
D = dt.date


def _seed(db: ClaimDB, name: str, published: dt.date | None) -> str:
    """Ingest a seed the way the pipeline does; seeds without a date header get the date they describe."""
    art = read_article(next(SEEDS.glob(f"{name}_*.txt")))
    return db.article(f"seeds/{Path(art.source).name}", art.text, art.published or published)


def build_demo(con: duckdb.DuckDBPyConnection) -> ClaimDB:
    db = ClaimDB(con)
    s0 = _seed(db, "000", None)  # dated 2022-04-05 in the file
    s1 = _seed(db, "001", D(2022, 4, 4))
    s2 = _seed(db, "002", None)  # dated 2022-05-19 in the file
    s3 = _seed(db, "003", D(2022, 4, 5))
    s4 = _seed(db, "004", D(2022, 3, 29))
    mon, tue = D(2022, 4, 4), D(2022, 4, 5)
    # Slovakia: 3 in March, 35 on Monday (seed 003), "38 in all" the same day -> a running total (cumulative).
    svk = db.article(
        "synthetic/svk-wire.txt",
        "Slovakia expelled 3 Russian diplomats in March. On Monday it "
        "ordered out more, bringing the number expelled to 38.",
        tue,
    )
    db.claim(svk, "3", actor="SVK", target="RUS", value=3, event_date=D(2022, 3, 14))
    db.claim(s3, "35", actor="SVK", target="RUS", value=35, event_date=mon)
    db.claim(svk, "38", actor="SVK", target="RUS", value=38, event_date=mon)
    # Germany: "at least 40" and "40" agree.
    db.claim(s0, "40", actor="DEU", target="RUS", value=40, hedge="at_least", event_date=mon)
    db.claim(s1, "40", actor="DEU", target="RUS", value=40, event_date=mon)
    db.claim(s3, "40", actor="DEU", target="RUS", value=40)
    # France: 35 in three places; Russia's 34 French diplomats is another direction, another event.
    db.claim(s0, "35", actor="FRA", target="RUS", value=35, event_date=mon)
    db.claim(s1, "35", actor="FRA", target="RUS", value=35, event_date=mon)
    db.claim(s1, "35", actor="FRA", target="RUS", value=35, event_date=mon, occurrence=1)
    db.claim(s2, "34", actor="RUS", target="FRA", value=34, date_low=D(2022, 4, 1), date_high=D(2022, 5, 19))
    # Denmark: 15 in the seed, 18 in a synthetic same-day report -> contradiction.
    db.claim(s3, "15", actor="DNK", target="RUS", value=15, event_date=tue)
    syn = db.article(
        "synthetic/dnk-wire.txt", "Denmark on Tuesday expelled 18 Russian diplomats, the ministry said.", tue
    )
    db.claim(syn, "18", actor="DNK", target="RUS", value=18, event_date=tue, source_text="the ministry")
    # Italy: 30 on Tuesday (seed 003), a wire weeks later puts April's figure at 33 -> revision.
    db.claim(s3, "30", actor="ITA", target="RUS", value=30, event_date=tue)
    ita = db.article(
        "synthetic/ita-wire.txt", "In April Italy expelled 33 Russian diplomats, officials now say.", D(2022, 6, 1)
    )
    db.claim(ita, "33", actor="ITA", target="RUS", value=33)  # undated: attaches to the April event
    # Estonia: 14 staff, seven of them diplomats -> unit difference, explained.
    db.claim(s3, "14", actor="EST", target="RUS", value=14, unit="staff", event_date=tue)
    db.claim(s3, "seven", actor="EST", target="RUS", value=7, event_date=tue)
    # Aggregates: the five-country total and the four-country "dozens" are two coalitions, two events.
    db.claim(
        s3,
        "80",
        actor="MULTI",
        actor_members="DNK,ESP,EST,ITA,SWE",
        target="RUS",
        value=80,
        scope="aggregate",
        event_date=tue,
    )
    db.claim(
        s4,
        "dozens",
        actor="MULTI",
        actor_members="BEL,CZE,IRL,NLD",
        target="RUS",
        value=None,
        hedge="vague",
        low=24,
        high=99,
        scope="aggregate",
        event_date=D(2022, 3, 29),
    )
    # The EU: "at least 300 since the invasion" is a running total that includes April's wave of 206.
    db.claim(
        s3,
        "300",
        actor="EUU",
        target="RUS",
        value=300,
        hedge="at_least",
        scope="aggregate",
        date_text="since the invasion of Ukraine",
        date_low=D(2022, 2, 24),
        date_high=tue,
    )
    db.claim(
        s2,
        "206",
        actor="EUU",
        target="RUS",
        value=206,
        scope="aggregate",
        date_low=D(2022, 4, 1),
        date_high=D(2022, 4, 10),
    )
    db.claim(
        s2,
        "200",
        actor="RUS",
        target="MULTI",
        value=200,
        hedge="nearly",
        scope="aggregate",
        date_low=D(2022, 4, 19),
        date_high=D(2022, 5, 19),
    )
    # Poland: 45 in April (seed 003), "at least 45 since April" later: agree.
    db.claim(s3, "45", actor="POL", target="RUS", value=45, event_date=D(2022, 3, 23))
    db.claim(s4, "ten", actor="RUS", target="BALTIC", value=10, event_date=D(2022, 3, 29))
    db.claim(s4, "21", actor="BEL", target="RUS", value=21, unit="staff", event_date=D(2022, 3, 29))
    db.claim(s4, "17", actor="NLD", target="RUS", value=17, unit="intelligence_officers", event_date=D(2022, 3, 29))
    db.claim(s4, "four", actor="IRL", target="RUS", value=4, event_date=D(2022, 3, 29))
    db.claim(s4, "21", actor=None, actor_text="Officials", target="RUS", value=21, unit="staff", occurrence=1)
    reconcile_events(con, unit_parents=EXPULSION_UNITS)  # "Officials": named, not resolved
    return db


@pytest.fixture
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(":memory:")
    build_demo(con)
    yield con
    con.close()


def test_demo_has_every_kind(demo: duckdb.DuckDBPyConnection) -> None:
    events = load_events(demo)
    kinds = {e.conflict_kind for e in events}
    assert {"contradiction", "revision"} <= kinds  # disagreements flag their event
    explained = {r.kind for e in events for r in e.relations}
    assert {"cumulative", "unit_or_scope"} <= explained  # explained differences never do
    assert not any(e.conflict for e in events if e.relations and not e.conflicts)
    assert events[0].conflict_kind == "contradiction"  # conflicts first
    assert [e.conflict for e in events] == sorted((e.conflict for e in events), reverse=True)
    eu = [e for e in events if e.actor == "EUU"]
    # "at least 300 since the invasion" includes 206: explained, not a flag
    assert len(eu) == 1 and not eu[0].conflict and [r.reason for r in eu[0].relations] == ["running_total"]
    assert [e.conflict_kind for e in events if e.actor == "ITA"] == ["revision"]
    groups = {e.actor_members: e for e in events if e.actor == "MULTI"}  # two coalitions, two events
    assert set(groups) == {("DNK", "ESP", "EST", "ITA", "SWE"), ("BEL", "CZE", "IRL", "NLD")}
    assert not any(e.conflict for e in groups.values())


def test_json_export_schema(demo: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = export_json(demo, tmp_path / "out" / "events.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == SCHEMA_VERSION == "3"
    required = {"event_id", "actor", "measure", "target", "unit", "scope", "date", "conflict", "conflict_kind",
                "values"}  # fmt: skip
    value_keys = {"claim_id", "article", "value", "low", "high", "hedge", "unit", "source", "place", "quote", "start",
                  "end"}  # fmt: skip
    for ev in doc["events"]:
        assert required <= ev.keys()
        assert ev["conflict_kind"] in (None, "contradiction", "source_disagreement", "revision")
        assert ev["conflict"] is (ev["conflict_kind"] is not None) is bool(ev["conflicts"])
        for c in ev["conflicts"]:  # pairwise: both sides are values of this event
            assert {c["claim_id"], c["other_claim_id"]} <= {v["claim_id"] for v in ev["values"]}
        assert all(r["kind"] in ("cumulative", "unit_or_scope") for r in ev["relations"])
        for v in ev["values"]:
            assert value_keys <= v.keys()
            number = v["quote"][v["start"] - v["sentence_start"] : v["end"] - v["sentence_start"]]
            assert number and re.search(r"\d|[a-z]", number)
    dnk = next(e for e in doc["events"] if e["actor"] == "DNK")
    assert dnk["conflict_kind"] == "contradiction" and dnk["strict_conflict"] is True
    assert sorted(v["value"] for v in dnk["values"]) == [15, 18]
    assert {v["value"]: (v["source_text"], v["source"], v["unit"]) for v in dnk["values"]} == {
        15: (None, None, "diplomats"),
        18: ("the ministry", "the ministry", "diplomats"),
    }
    assert dnk["measure"] == "expelled"
    assert dnk["spread"] == {"low": 15, "high": 18}
    assert len(dnk["agree"]) == 1 and len(dnk["disagree"]) == 1
    assert next(e for e in doc["events"] if e["actor"] == "FRA")["date"] == "2022-04-04"
    assert dnk["actor_members"] is None and dnk["target_members"] is None
    multi = sorted(e["actor_members"] for e in doc["events"] if e["actor"] == "MULTI")
    assert multi == [["BEL", "CZE", "IRL", "NLD"], ["DNK", "ESP", "EST", "ITA", "SWE"]]


def test_parquet_export(demo: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = export_parquet(demo, tmp_path / "it's.parquet")  # a quote in the path must not break COPY
    table = pq.read_table(path)
    assert table.schema.metadata[b"schema_version"] == b"3"
    n_values = demo.execute("SELECT count(*) FROM event_claims").fetchone()
    assert n_values is not None and table.num_rows == n_values[0]
    cols = set(table.column_names)
    assert {"event_id", "measure", "conflict_kind", "claim_id", "article", "value", "low", "high", "unit", "source",
            "place", "quote", "start", "end"} <= cols  # fmt: skip
    rows = table.to_pylist()
    assert rows[0]["strict_conflict"] is True  # conflicts first here too
    assert {tuple(r["actor_members"]) for r in rows if r["actor"] == "MULTI"} == {
        ("DNK", "ESP", "EST", "ITA", "SWE"),
        ("BEL", "CZE", "IRL", "NLD"),
    }
    assert all(r["actor_members"] is None for r in rows if r["actor"] != "MULTI")


def test_markdown(demo: duckdb.DuckDBPyConnection) -> None:
    md = render_markdown(demo)
    assert md.startswith("# Reconciliation report")
    flagged, _, rest = md.partition("## Events without flagged differences")
    assert "contradiction" in flagged and "DNK → RUS" in flagged
    assert "**18**" in flagged and "**15**" in flagged  # numbers bold inside their quotes
    assert "FRA → RUS" in rest  # consistent events after the flagged ones
    assert "MULTI (DNK, ESP, EST, ITA, SWE) → RUS" in rest and "MULTI (BEL, CZE, IRL, NLD) → RUS" in rest
    assert "300 is a running total" in rest and "Explained (not disagreements)" in rest  # never a flag
    assert "Disagreements (1 pairs)" in flagged and "vs 18" in flagged  # both sides of each pair
    assert "\\|" not in md or md.count("|") > 0


def test_terminal(demo: duckdb.DuckDBPyConnection) -> None:
    console = Console(record=True, width=140, color_system=None)
    render_terminal(demo, console)
    out = console.export_text()
    assert "contradictions" in out and "CONTRADICTION" in out
    assert out.index("CONTRADICTION") < out.index("Events without flagged differences")
    assert "Denmark on Tuesday expelled 18" in " ".join(out.split())
    assert "Disagreements (1 pairs)" in out


def test_one_events_evidence_in_the_terminal(demo: duckdb.DuckDBPyConnection) -> None:
    """`reconcile report --event ID`: every figure with its source and report date, the pairs with kinds."""
    dnk = next(e for e in load_events(demo) if e.actor == "DNK")
    console = Console(record=True, width=140, color_system=None)
    assert render_event(demo, console, dnk.event_id[:9])  # a prefix is enough
    out = " ".join(console.export_text().split())
    assert dnk.event_id in out and "Disagreements (1 pairs)" in out
    assert "contradiction: 15" in out and "vs 18" in out and "according to the ministry" in out
    assert not render_event(demo, Console(record=True), "ev_nosuch")  # nothing printed, caller reports it


def test_html_timeline_per_flagged_event(demo: duckdb.DuckDBPyConnection) -> None:
    """An inline SVG per flagged event with two or more dated figures: a point per figure, a legend per source."""
    page = render_html(demo)
    svgs = re.findall(r'<svg class="timeline".*?</svg>', page, flags=re.S)
    flagged = [e for e in load_events(demo) if e.conflict and sum(v.published is not None for v in e.values) > 1]
    assert svgs and len(svgs) == len(flagged)
    assert all("<circle" in svg and "<script" not in svg and "href" not in svg for svg in svgs)


def test_reports_on_empty_database(tmp_path: Path) -> None:
    con = duckdb.connect(":memory:")
    ClaimDB(con)
    assert "0 events" in render_markdown(con)
    assert "No events" in render_html(con)
    assert json.loads(export_json(con, tmp_path / "e.json").read_text())["events"] == []


class _Marks(HTMLParser):
    """Collects <mark> elements (class, id, text) and <a href> targets from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str, str]] = []
        self.hrefs: list[str] = []
        self._open: list[tuple[str, str]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "mark":
            self._open.append((a.get("class", ""), a.get("id", "")))
            self._text = []
        elif tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open:
            css, ident = self._open.pop()
            self.marks.append((css, ident, "".join(self._text)))


def test_html_is_self_contained_and_linked(demo: duckdb.DuckDBPyConnection) -> None:
    page = render_html(demo)
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)  # no external assets
    assert "@import" not in page and "<script src" not in page
    (script,) = re.findall(r"<script>(.*?)</script>", page, flags=re.S)  # one inline script, allowed by its hash
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert "default-src 'none'" in policy and f"script-src 'sha256-{digest}';" in policy
    p = _Marks()
    p.feed(page)
    ids = {ident for _, ident, _ in p.marks if ident}
    quote_marks = [m for m in p.marks if not m[1]]
    assert quote_marks and all(text.strip() for _, _, text in quote_marks)
    assert ("num contradiction", "", "18") in quote_marks
    span_links = [h for h in p.hrefs if h.startswith("a-")]
    assert span_links and set(span_links) <= ids  # every quote links to a marked span in an embedded article
    assert all(re.fullmatch(r"a-[0-9a-f]{16}-\d+", h) for h in span_links)


def test_html_escapes_article_text(tmp_path: Path) -> None:
    con = duckdb.connect(":memory:")
    db = ClaimDB(con)
    a = db.article("evil.html", "<script>alert(1)</script> Ruritania expelled 5 diplomats & left.", D(2022, 4, 1))
    db.claim(a, "5", actor="RUR", target="RUS", value=5, event_date=D(2022, 4, 1))
    reconcile_events(con)
    page = render_html(con)
    assert "<script>alert" not in page and "&lt;script&gt;" in page


CHROMIUM = next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None
)


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),  # in CI a missing browser is a failure, not a skip
    reason="no chromium binary (apt-get install -y chromium) to render the page",
)


@needs_chromium
def test_html_renders_in_headless_chromium(demo: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    page = tmp_path / "report.html"
    page.write_text(render_html(demo), encoding="utf-8")
    shot = tmp_path / "report.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,2000",
    ]
    url = page.as_uri()
    subprocess.run(
        [CHROMIUM, *flags, f"--user-data-dir={tmp_path / 'p1'}", f"--screenshot={shot}", url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run(
        [CHROMIUM, *flags, f"--user-data-dir={tmp_path / 'p2'}", "--dump-dom", url],
        check=True,
        capture_output=True,
        timeout=120,
        text=True,
    ).stdout
    p = _Marks()
    p.feed(dom)
    highlighted = {text for css, ident, text in p.marks if not ident}
    assert {"18", "15", "14", "seven", "206", "300"} <= highlighted  # numbers highlighted inside the quotes
    assert any(css == "num contradiction" and text == "18" for css, _, text in p.marks)
    assert any(ident.startswith("a-") and text == "seven" for _, ident, text in p.marks)  # the anchored span


def test_values_show_modality_place_and_who_says_so(demo: duckdb.DuckDBPyConnection) -> None:
    demo.execute("UPDATE claims SET modality = 'announced', place_text = 'Copenhagen' WHERE number_text = '18'")
    console = Console(record=True, width=80, color_system=None)
    render_terminal(demo, console)
    said = "announced · in Copenhagen · according to the ministry"
    assert any(line.startswith(f"│ 18  contradiction  {said}") for line in console.export_text().splitlines())
    assert f"| 18 | contradiction | {said} | synthetic/dnk-wire.txt" in render_markdown(demo)
    dnk = next(e for e in events_document(demo)["events"] if e["actor"] == "DNK")
    assert {v["value"]: v["modality"] for v in dnk["values"]} == {15: "done", 18: "announced"}


class _Events(HTMLParser):
    """From a DOM dump: each event section (id -> hidden?), the filter bar's state, and each figure's
    'said' line (modality, place, who says so) by claim id."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, bool] = {}
        self.form_hidden: bool | None = None
        self.count = ""
        self.said: dict[str, str] = {}
        self._claim = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "event" in (a.get("class") or "").split():
            self.hidden[a["id"] or ""] = "hidden" in a
        elif tag == "form" and a.get("id") == "filters":
            self.form_hidden = "hidden" in a
        elif tag == "output" and a.get("id") == "f-count":
            self._in = "count"
        elif tag == "figure":
            self._claim = a.get("data-claim") or ""
        elif tag == "p" and a.get("class") == "said":
            self._in = "said"

    def handle_data(self, data: str) -> None:
        if self._in == "count":
            self.count += data
        elif self._in == "said":
            self.said[self._claim] = self.said.get(self._claim, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("output", "p"):
            self._in = None


def _dump_dom(url: str, profile: Path) -> _Events:
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}"]  # fmt: skip
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", url], check=True, capture_output=True, timeout=120, text=True
    ).stdout
    parsed = _Events()
    parsed.feed(dom)
    return parsed


@needs_chromium
def test_html_filters_events_in_headless_chromium(demo: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    demo.execute("UPDATE claims SET modality = 'announced', place_text = 'Copenhagen' WHERE number_text = '18'")
    page = tmp_path / "report.html"
    page.write_text(render_html(demo), encoding="utf-8")
    events = {e.event_id: e for e in load_events(demo)}
    dnk = next(i for i, e in events.items() if e.actor == "DNK")
    ita = next(i for i, e in events.items() if e.conflict_kind == "revision")

    def visible(fragment: str, profile: str) -> tuple[set[str], _Events]:
        dom = _dump_dom(f"{page.as_uri()}{fragment}", tmp_path / profile)
        assert set(dom.hidden) == set(events)
        return {i for i, hidden in dom.hidden.items() if not hidden}, dom

    shown, dom = visible("", "p0")
    assert shown == set(events) and dom.form_hidden is False  # the script ran (under the CSP) and showed the bar
    assert dom.count == f"showing {len(events)} of {len(events)} events"
    said = dom.said[next(v.claim_id for v in events[dnk].values if v.number_text == "18")]
    assert " ".join(said.split()) == "announced in Copenhagen according to the ministry"  # on the value itself
    shown, _ = visible("#q=dnk", "p1")  # by party (a member of a coalition counts)
    assert dnk in shown and all("DNK" in (e.actor or "") + str(e.actor_members) for e in map(events.get, shown))
    assert shown != set(events)
    assert visible("#kind=revision", "p2")[0] == {ita}  # by kind of conflict
    assert visible("#source=dnk-wire.txt", "p3")[0] == {dnk}  # by source
    shown, dom = visible("#multi=1", "p4")  # hide single-source events
    assert shown == {i for i, e in events.items() if e.n_sources > 1} and 0 < len(shown) < len(events)
    assert dom.count == f"showing {len(shown)} of {len(events)} events"


def test_event_titles_show_place_and_running_totals(demo: duckdb.DuckDBPyConnection) -> None:
    dnk = next(e for e in load_events(demo) if e.actor == "DNK")
    titled = dnk.model_copy(update={"place": "DNK-84", "scope": "running_total"})
    assert event_title(titled) == "DNK → RUS · expelled · diplomats (running total) · in DNK-84 · 2022-04-05"
    assert event_title(dnk) == "DNK → RUS · expelled · diplomats · 2022-04-05"
