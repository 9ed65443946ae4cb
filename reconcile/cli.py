"""The ``reconcile`` command line (typer + rich).

reconcile run seeds/            # ingest, extract what is new, reconcile, print a summary
reconcile claims [--json]       # stored claims with their quotes (filters: --actor, --measure, ...)
reconcile rejections            # numbers found but not stored, and why
reconcile report [-o report.html]               # format from the extension; -o - is stdout
reconcile export -o events.parquet              # json or parquet, from the extension
reconcile eval [--set seeds|ecbplus|ecbplus-heldout|all] [--oracle]   # eval/gold, eval/ecbplus/{gold,heldout}
reconcile serve [--host 127.0.0.1] [--port 8000]  # the HTTP API (docs/service.md)
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from reconcile.config import Settings, StructuredMode, load_settings
from reconcile.core.types import Article
from reconcile.errors import ReconcileError
from reconcile.ingest.records import ARTICLE_FIELDS
from reconcile.pipeline import ArticleOutcome, Pipeline, RunSummary
from reconcile.profile import ProfileError
from reconcile.profile.cli import app as profile_app
from reconcile.report.claims import ClaimFilter, claims_json, print_claims, select_claims
from reconcile.report.output import Output, OutputError, resolve_output, write_binary, write_text
from reconcile.report.safe import printable, safe_text

if TYPE_CHECKING:
    from reconcile.evaluation.metrics import Scorecard
    from reconcile.evaluation.newsmetrics import NewsScorecard
    from reconcile.ingest import IngestFailure


class _Commands(typer.core.TyperGroup):
    """Every command's errors as one line and a documented exit code (README, "Exit codes"), not a traceback."""

    def invoke(self, ctx: Any) -> Any:  # ctx: typer's vendored click Context (not public API)
        try:
            return super().invoke(ctx)
        except ReconcileError as exc:
            _fail("error: ", exc, exc.exit_code)
        except BrokenPipeError as exc:  # `reconcile claims | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when exit flushes
            raise typer.Exit(141) from exc
        except OSError as exc:  # unreadable input, missing or unwritable output folder, read-only file system
            where = f"{exc.filename}: " if exc.filename else ""
            _fail("error: ", f"{where}{exc.strerror or exc}", 4)
        except duckdb.IOException as exc:  # the database file failed under us (disk full, read-only folder)
            _fail("error: ", f"database: {str(exc).removeprefix('IO Error: ')}", 4)
        except KeyboardInterrupt:
            _fail("interrupted", "", 130)


_typed_display = typer.core.TyperOption.display_type_rich


def _flag_without_type(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """Help shows no ``<bool>`` beside a flag (typer 0.2x prints one for ``--json``, ``--help``): a flag
    takes no value, and a type in that column reads as if it wanted one."""
    return None if self.is_flag else _typed_display(self, ctx)


typer.core.TyperOption.display_type_rich = _flag_without_type  # type: ignore[method-assign]

app = typer.Typer(
    cls=_Commands, add_completion=False, no_args_is_help=True, help="Reconcile numeric claims across news sources."
)
# instructor logs every failed attempt at ERROR level; the pipeline records and summarises those itself.
logging.getLogger("instructor").setLevel(logging.CRITICAL)
app.add_typer(profile_app, name="profile")


class _PipeConsole(Console):
    """Rich's console, but a reader that went away (``reconcile claims | head``) ends with exit code 141.

    Why: Rich's own handler exits 1 at once, before ``_Commands`` can give the documented code (README,
    "Exit codes"). Raising ``BrokenPipeError`` hands the case to ``_Commands``, which says nothing more.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(32, "the reader of stdout went away")

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        """Piped output without the spaces Rich pads wrapped lines with to column 80 (``claims | grep``)."""
        text = super()._render_buffer(buffer)
        if self.is_terminal:
            return text
        return "\n".join(line.rstrip(" ") for line in text.split("\n"))


console = _PipeConsole()
errors = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: reconcile.duckdb or RECONCILE_DB)")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="TOML config file (default: ./reconcile.toml)")]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", "-p", help="Profile name or folder (default: news; see `reconcile profile list`)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="A JSON array instead of text")]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="One JSON object per line instead of text")]


def _error(label: str, detail: object = "") -> None:
    """One line on stderr: ``label`` in red, then ``detail`` shown literally (paths and messages may hold
    ``[/...]`` or escape sequences; they are neither Rich markup nor terminal controls here)."""
    errors.print(Text.assemble((label, "red"), safe_text(detail)), soft_wrap=True)  # paths stay whole


def _fail(label: str, detail: object = "", code: int = 2) -> NoReturn:
    _error(label, detail)
    raise typer.Exit(code)


def _output_failed(exc: OutputError) -> NoReturn:
    """An output we refuse (exit 2), or one the file system would not let us write (exit 4)."""
    _fail("", exc, 4 if isinstance(exc.__cause__, OSError) else 2)


def _version(value: bool) -> None:
    if value:
        try:
            number = version("reconcile")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
            number = "unknown"
        console.print(f"reconcile {number}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """Reconcile numeric claims across news sources."""


def _settings(
    config: Path | None = None,
    db: Path | None = None,
    base_url: str | None = None,
    model: str | None = None,
    api_key: str | None = None,
    mode: StructuredMode | None = None,
    concurrency: int | None = None,
    profile: str | None = None,
) -> Settings:
    try:
        settings = load_settings(
            config,
            database=db,
            base_url=base_url,
            model=model,
            api_key=api_key,
            mode=mode,
            concurrency=concurrency,
            profile=profile,
        )
    except (ValueError, OSError) as exc:
        _error("configuration error: ", exc)
        raise typer.Exit(2) from exc
    if settings.config is not None:  # say where settings came from: a file in the folder can change the endpoint
        errors.print(Text.assemble(("config: ", "dim"), safe_text(settings.config.describe())), soft_wrap=True)
    return settings


def _open(settings: Settings, *, existing: bool = False) -> Pipeline:
    """The pipeline on the configured database; ``existing`` opens it read-only and refuses a missing one.

    A busy, foreign or unopenable file raises a ``ReconcileError``: one line and its exit code (``_Commands``).
    """
    if existing and not Path(settings.database).exists():
        _fail(f"no database at {printable(settings.database)}", ": run `reconcile run PATH...` first, or pass --db")
    try:
        return Pipeline(settings.database, settings, read_only=existing)
    except ProfileError as exc:
        _error("profile error: ", exc)
        raise typer.Exit(2) from exc


class Engine(StrEnum):
    """Where ``run`` extracts and reconciles."""

    LOCAL = "local"
    RAY = "ray"


@app.command()
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders of articles (.txt, .md, .html); with --redo, also stored article ids"),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint; default: embedded model")] = None,
    model: Annotated[str | None, typer.Option(help="Model name at the endpoint")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key for the endpoint")] = None,
    mode: Annotated[StructuredMode | None, typer.Option(help="How the schema is sent")] = None,
    concurrency: Annotated[
        int | None, typer.Option(help="Requests in flight (default: a slot per core if embedded, else 4)")
    ] = None,
    show_claims: Annotated[bool, typer.Option("--claims/--no-claims", help="Print the claims found")] = True,
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Follow symbolic links that lead out of an input folder")
    ] = False,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="NAME=COLUMN",
            help=f"An export's column for an article field ({', '.join(ARTICLE_FIELDS)}), e.g. text=article_body",
        ),
    ] = None,
    redo: Annotated[
        bool,
        typer.Option(
            "--redo",
            help="Extract again, asking the model afresh: the articles given (paths, or stored article id "
            "prefixes), or every stored article when none is given",
        ),
    ] = False,
    profile: ProfileOption = None,
    engine: Annotated[
        Engine, typer.Option(help="local: this process; ray: Ray Data, local or a cluster (docs/scale-out.md)")
    ] = Engine.LOCAL,
    endpoint: Annotated[
        list[str] | None,
        typer.Option(metavar="URL[#N]", help="--engine ray: an endpoint of the fleet, N requests at once (repeat)"),
    ] = None,
    workers: Annotated[int, typer.Option(help="--engine ray: extraction actors")] = 2,
    batch: Annotated[
        bool, typer.Option("--batch", help="Ask through the endpoint's Batch API (JSONL, submit, poll), then finish")
    ] = False,
) -> None:
    """Ingest articles, extract claims from the new ones, reconcile events, print a summary.

    Inputs: text, Markdown and saved HTML pages; JSON Lines and CSV exports (one article per record);
    RSS and Atom feeds; and folders of these.
    """
    files = [p for p in paths or [] if p.exists() or not redo]
    prefixes = [str(p) for p in paths or [] if redo and not p.exists()]  # with --redo: stored article ids
    if not paths and not redo:
        _fail("error: ", "give files or folders to run on (or --redo to extract stored articles again)")
    missing = [p for p in files if not p.exists() and not p.is_symlink()]
    if missing:  # before anything is created: a typo must not leave a new database behind
        _fail("error: ", f"no such file or folder: {', '.join(printable(str(p)) for p in missing)}")
    if redo and (engine is Engine.RAY or batch):
        _fail("error: ", "--redo runs locally and live: drop --engine ray and --batch")
    settings = _settings(config, db, base_url, model, api_key, mode, concurrency, profile)
    fields = _field_mapping(field or [])
    finished = 0

    def progress(outcome: ArticleOutcome, done: int, total: int) -> None:
        nonlocal finished
        finished += outcome.status == "done"
        name = escape(printable(Path(outcome.article.source).name, newlines=False))  # a markup column
        bar.update(task, total=total, completed=done, description=f"extracting {name}")

    from reconcile.ingest import iter_inputs

    summary: RunSummary | None = None
    with _open(settings) as pipeline:
        options = pipeline.ingest_options(follow_links=follow_links, fields=fields)
        bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=errors,
            transient=True,
        )
        task = bar.add_task("reading inputs", total=None)

        def reading(items: Iterable[Article | IngestFailure]) -> Iterator[Article | IngestFailure]:
            """The inputs as they are read, counted on the bar; then the extraction's own count and ETA."""
            count = 0
            for count, item in enumerate(items, start=1):
                if count % 100 == 0:
                    bar.update(task, description=f"reading inputs ({count:,} so far)")
                yield item
            bar.update(task, description=f"read {count:,} inputs; extracting")

        try:
            with bar:
                if redo:
                    summary = pipeline.redo(prefixes, progress, paths=files, options=options)
                elif engine is Engine.RAY or batch:
                    summary = _run_elsewhere(pipeline, files, options, engine, endpoint or [], workers, batch)
                else:
                    summary = pipeline.run_articles(reading(iter_inputs(files, options)), progress=progress)
        except LookupError as exc:  # an id prefix that matches no stored article
            _fail("error: ", f"{exc} (and no such file or folder)")
        except KeyboardInterrupt:
            pass  # the run is marked interrupted; what was finished is committed; the file is closed below
        if summary is not None:
            if show_claims:
                failed = {o.article.article_id for o in summary.outcomes if o.status == "failed"}
                ids = frozenset(i for i in summary.article_ids if i not in failed)
                print_claims(console, select_claims(pipeline.store, ClaimFilter(article_ids=ids)))
            _print_summary(summary)
    if summary is None:
        _error("interrupted: ", f"{finished} articles finished and stored; run the same command again for the rest")
        _exit_now(130)
    if summary.stopped:
        raise typer.Exit(5)
    if summary.articles_failed:
        raise typer.Exit(1)


def _run_elsewhere(
    pipeline: Pipeline, files: list[Path], options: Any, engine: Engine, endpoints: list[str], workers: int, batch: bool
) -> RunSummary:
    """``--engine ray`` (reconcile.distributed) or ``--batch`` (reconcile.llm.batch): the same run, elsewhere."""
    if batch and engine is Engine.RAY:
        _fail("error: ", "--batch runs on this machine: drop --engine ray")
    if batch:
        from reconcile.llm.batch import run_with_batch

        return run_with_batch(pipeline, files, options)
    from reconcile.distributed import Endpoint, RayOptions, run_on_ray

    fleet = tuple(Endpoint.parse(e, pipeline.settings.resolved_concurrency()) for e in endpoints)
    return run_on_ray(pipeline, files, options, RayOptions(endpoints=fleet, workers=workers))


def _exit_now(code: int) -> NoReturn:
    """Exit at once, skipping the interpreter's teardown of every imported module.

    Why: Ctrl-C must end a run within 2 s, and tearing down openai, instructor and pydantic alone takes
    about a second on 2 busy cores. By the time this is called the database is closed, the embedded
    server stopped and the output flushed; the only thing left behind is worker threads waiting on
    requests that were abandoned anyway.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _field_mapping(pairs: list[str]) -> dict[str, str]:
    """``--field text=article_body`` options as a mapping; a bad one is a usage error (exit 2)."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not column.strip() or name.strip() not in ARTICLE_FIELDS:
            errors.print(
                f"[red]--field {escape(pair)}[/]: expected NAME=COLUMN with NAME one of {', '.join(ARTICLE_FIELDS)}"
            )
            raise typer.Exit(2)
        mapping[name.strip()] = column.strip()
    return mapping


def _print_summary(summary: RunSummary) -> None:
    stats = summary.stats
    table = Table(title=f"run {summary.run_id}", show_header=False, title_justify="left")
    rows = [
        (
            "articles new / skipped / failed",
            f"{summary.articles_new} / {summary.articles_skipped} / {summary.articles_failed}",
        ),
        ("claims stored (dropped)", f"{summary.claims} ({summary.dropped})"),
        ("model calls / cache hits / retries", f"{stats.model_calls} / {stats.cache_hits} / {summary.retries}"),
        ("tokens in / out", f"{stats.prompt_tokens} / {stats.completion_tokens}"),
        ("wall time", f"{summary.wall_seconds:.1f} s"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    for source, reason in summary.failures:
        if reason != summary.stopped:
            _error("failed ", f"{source}: {reason}")
    if summary.stopped:
        unfinished = sum(reason == summary.stopped for _, reason in summary.failures)
        _error("error: ", f"{summary.stopped}; {unfinished} articles not extracted (the next run retries them)")


@app.command()
def claims(
    db: DbOption = None,
    config: ConfigOption = None,
    actor: Annotated[str | None, typer.Option(help="Who did it: a code (FRA), a name (France) or words")] = None,
    measure: Annotated[str | None, typer.Option(help="What is counted (its code)")] = None,
    source: Annotated[str | None, typer.Option(help="Who says so, in the text (police, the ministry)")] = None,
    article: Annotated[str | None, typer.Option(help="Words of the article's path, outlet, title or URL")] = None,
    conflicts_only: Annotated[
        bool, typer.Option("--conflicts-only", help="Only claims in events with a flagged difference")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Under each claim, the rules that repaired or built it, and why")
    ] = False,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """List stored claims with their quotes (the number highlighted), or as JSON (its ``rules`` field names the
    rules that fired)."""
    _one_format(as_json, as_jsonl)
    flt = ClaimFilter(actor=actor, measure=measure, source=source, article=article, conflicts_only=conflicts_only)
    with _open(_settings(config, db), existing=True) as pipeline:
        if measure is not None:
            _known_measure(pipeline, measure)
        items = select_claims(pipeline.store, flt)
    if as_json or as_jsonl:
        write_text(Output(None, "json"), claims_json(items, lines=as_jsonl))
    else:
        print_claims(console, items, explain=explain)


def _one_format(as_json: bool, as_jsonl: bool) -> None:
    if as_json and as_jsonl:
        _fail("error: ", "--json and --jsonl exclude each other: give one")


def _known_measure(pipeline: Pipeline, measure: str) -> None:
    """A ``--measure`` that no stored claim has and the profile does not define is a typo: say which exist."""
    stored = {row[0] for row in pipeline.store.query("SELECT DISTINCT measure FROM claims")}
    known = stored | set(pipeline.profile.measure_codes)
    if measure not in known:
        _fail("error: ", f"no measure {measure!r}; the measures are: {', '.join(sorted(known))}")


@app.command()
def rejections(
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """Numbers found in the articles but not stored as claims, each in its sentence, with the reason."""
    _one_format(as_json, as_jsonl)
    from reconcile.report.rejections import load_rejections, print_rejections, rejections_json

    with _open(_settings(config, db), existing=True) as pipeline, pipeline.store.cursor() as con:
        items = load_rejections(con)
    if as_json or as_jsonl:
        write_text(Output(None, "json"), rejections_json(items, lines=as_jsonl))
    else:
        print_rejections(console, items)


class ReportFormat(StrEnum):
    TERMINAL = "terminal"
    MD = "md"
    HTML = "html"


class ExportFormat(StrEnum):
    JSON = "json"
    PARQUET = "parquet"


REPORT_EXTENSIONS = {".txt": "terminal", ".text": "terminal", ".md": "md", ".markdown": "md"}
REPORT_EXTENSIONS |= {".html": "html", ".htm": "html"}
EXPORT_EXTENSIONS = {".json": "json", ".parquet": "parquet", ".pq": "parquet"}
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write (its extension sets the format); - or none: stdout"),
]


def _output(output: Path | None, fmt: str | None, extensions: dict[str, str], default: str, db: Path) -> Output:
    try:
        return resolve_output(output, fmt, extensions=extensions, default=default, database=db)
    except OutputError as exc:
        _output_failed(exc)


@contextlib.contextmanager
def _unreconciled_noted(pipeline: Pipeline) -> Iterator[None]:
    """Say on stderr when the events leave out stored claims (a run interrupted, or one still running)."""
    stale = pipeline.store.unreconciled_claims()
    if stale:
        errors.print(
            Text.assemble(
                ("note: ", "yellow"),
                f"{stale:,} stored claims are not in these events yet: a run was interrupted or is still "
                "running; the next run that finishes adds them",
            ),
            soft_wrap=True,
        )
    yield


def _wrote(*paths: Path) -> None:
    errors.print(Text.assemble("wrote ", safe_text(" and ".join(map(str, paths)), newlines=False)), soft_wrap=True)


def _written(target: Output) -> None:
    if target.path is not None:
        _wrote(target.path)


@app.command()
def report(
    db: DbOption = None,
    config: ConfigOption = None,
    format: Annotated[
        ReportFormat | None, typer.Option("--format", "-f", help="Default: from -o's extension, else terminal")
    ] = None,
    output: OutputOption = None,
    event: Annotated[
        str | None, typer.Option("--event", help="Only this event's evidence, in the terminal (an id or its prefix)")
    ] = None,
) -> None:
    """Events with their sources, conflicts first: in the terminal, as Markdown, or as one HTML page."""
    from reconcile.report import render_event, render_html, render_markdown, render_terminal

    settings = _settings(config, db)
    if event is not None:
        with _open(settings, existing=True) as pipeline, pipeline.store.cursor() as con:
            if not render_event(con, console, event):
                _fail("error: ", f"no event, or several, has an id starting with {event!r} (see reconcile report)")
        return
    target = _output(output, format, REPORT_EXTENSIONS, ReportFormat.TERMINAL, settings.database)
    with _open(settings, existing=True) as pipeline, _unreconciled_noted(pipeline), pipeline.store.cursor() as con:
        if target.format == ReportFormat.TERMINAL and target.to_stdout:
            render_terminal(con, console)
            return
        if target.format == ReportFormat.TERMINAL:  # the same report as plain text, as wide as a piped one
            buffer = io.StringIO()
            render_terminal(con, Console(file=buffer, width=80, color_system=None, force_terminal=False))
            page = buffer.getvalue()
        else:
            page = render_markdown(con) if target.format == ReportFormat.MD else render_html(con)
    try:
        write_text(target, page)
    except OutputError as exc:
        _output_failed(exc)
    _written(target)


@app.command()
def export(
    output: OutputOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    format: Annotated[
        ExportFormat | None, typer.Option("--format", "-f", help="Default: from -o's extension, else json")
    ] = None,
) -> None:
    """Export events with every value's article, span and quote (schema: docs/export-schema.md)."""
    from reconcile.report import events_json, export_parquet

    settings = _settings(config, db)
    target = _output(output, format, EXPORT_EXTENSIONS, ExportFormat.JSON, settings.database)
    with _open(settings, existing=True) as pipeline, _unreconciled_noted(pipeline), pipeline.store.cursor() as con:
        try:
            if target.format == ExportFormat.JSON:
                write_text(target, events_json(con))
            else:
                write_binary(target, lambda path: export_parquet(con, path))
        except OutputError as exc:
            _output_failed(exc)
    _written(target)


class EvalSetName(StrEnum):
    """The values of ``reconcile.evaluation.suite.EvalSet``, spelt here so that importing the CLI does not
    import the evaluation package (every command would pay for it); tests/test_service_cli.py checks they
    match, and ``ECBPLUS_GOLD`` the ECB+ splits' folders (``reconcile.evaluation.newsgold.SPLITS``)."""

    SEEDS = "seeds"
    ECBPLUS = "ecbplus"
    ECBPLUS_HELDOUT = "ecbplus-heldout"
    ALL = "all"
    FINDER = "finder"


ECBPLUS_GOLD = {"dev": "eval/ecbplus/gold", "heldout": "eval/ecbplus/heldout"}


@app.command("eval")
def evaluate(
    db: DbOption = None,
    config: ConfigOption = None,
    eval_set: Annotated[
        EvalSetName | None,
        typer.Option(
            "--set",
            help="seeds (fit: the texts the prompts were written from), ecbplus (fit: the ECB+ dev split rules"
            " are tuned on), ecbplus-heldout (result: the ECB+ split nobody tunes on), all, or finder (the number"
            " finder alone on eval/finder, no model); default seeds, or ecbplus with --oracle",
        ),
    ] = None,
    oracle: Annotated[
        bool,
        typer.Option(
            "--oracle", help="ECB+ (either split): reconcile the gold claims themselves and score that (no model)"
        ),
    ] = False,
    gold: Annotated[Path, typer.Option(help="Gold folder of the seeds")] = Path("eval/gold"),
    articles: Annotated[Path, typer.Option(help="The seed articles")] = Path("seeds"),
    ecbplus: Annotated[
        Path | None,
        typer.Option(help="ECB+ benchmark folder (default: $RECONCILE_ECBPLUS, else ../shared/benchmarks/ecbplus)"),
    ] = None,
    ecbplus_gold: Annotated[Path, typer.Option(help="Gold folder of the ECB+ dev split")] = Path(ECBPLUS_GOLD["dev"]),
    ecbplus_heldout_gold: Annotated[Path, typer.Option(help="Gold folder of the ECB+ held-out split")] = Path(
        ECBPLUS_GOLD["heldout"]
    ),
    score_only: Annotated[bool, typer.Option("--score-only", help="Score the database as it is; run nothing")] = False,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="seeds: extract (or score) under this profile instead of the gold's (expulsions); the scorecard"
            " says so and is written as scorecard-<profile>",
        ),
    ] = None,
    baseline: Annotated[Path | None, typer.Option(help="An earlier seeds scorecard.json to compare with")] = None,
    out: Annotated[Path, typer.Option(help="Folder for the scorecards (JSON and Markdown)")] = Path("eval/out"),
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint; default: embedded model")] = None,
    model: Annotated[str | None, typer.Option(help="Model name at the endpoint")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key for the endpoint")] = None,
    mode: Annotated[StructuredMode | None, typer.Option(help="How the schema is sent")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Requests in flight")] = None,
) -> None:
    """Run the pipeline on a gold set (new articles only) and score extraction, grouping and conflicts.

    Writes scorecard.{json,md} (seeds), ecbplus.{json,md} (ECB+ dev split), ecbplus-heldout.{json,md}
    (ECB+ held-out split) and, for --set all, summary.{json,md}; each says whether its figures are a fit
    (the seeds, the dev split) or a result (the held-out split).
    """
    from reconcile.evaluation.suite import EvalSet, summary_json, summary_markdown

    gold, articles = _in_repository(gold), _in_repository(articles)
    ecbplus_gold, ecbplus_heldout_gold = _in_repository(ecbplus_gold), _in_repository(ecbplus_heldout_gold)
    chosen = EvalSet(eval_set) if eval_set else (EvalSet.ECBPLUS if oracle else EvalSet.SEEDS)
    if chosen is EvalSet.FINDER:
        _eval_finder(_in_repository(Path("eval/finder")), out)
        return
    if oracle and chosen not in (EvalSet.ECBPLUS, EvalSet.ECBPLUS_HELDOUT):
        errors.print("[red]--oracle scores one ECB+ set only[/]: use --set ecbplus or --set ecbplus-heldout")
        raise typer.Exit(2)
    out.mkdir(parents=True, exist_ok=True)
    endpoint = (base_url, model, api_key, mode, concurrency)
    seeds_card = None
    if chosen in (EvalSet.SEEDS, EvalSet.ALL):
        seeds_card = _eval_seeds(db, config, gold, articles, score_only, baseline, out, endpoint, profile)
    split_gold = {"dev": ecbplus_gold, "heldout": ecbplus_heldout_gold}  # the options, by SPLITS name
    news_cards = [
        _eval_ecbplus(db, config, ecbplus, split_gold[split.name], score_only, oracle, out, endpoint)
        for split in chosen.splits
    ]
    if chosen is EvalSet.ALL:
        (out / "summary.json").write_text(summary_json(seeds_card, *news_cards), encoding="utf-8")
        (out / "summary.md").write_text(summary_markdown(seeds_card, *news_cards), encoding="utf-8")
        _wrote(out / "summary.json", out / "summary.md")


REPOSITORY = Path(__file__).resolve().parents[1]


def _eval_finder(gold: Path, out: Path) -> None:
    """Score the number finder on both finder gold splits; print the table, write finder.{json,md}."""
    from reconcile.evaluation.finder import finder_markdown, load_gold, score_finder

    cards = [score_finder(load_gold(gold / f"{split}.jsonl"), split) for split in ("dev", "heldout")]
    out.mkdir(parents=True, exist_ok=True)
    markdown = finder_markdown(cards)
    (out / "finder.md").write_text(markdown, encoding="utf-8")
    (out / "finder.json").write_text("[" + ",\n".join(card.to_json() for card in cards) + "]\n", encoding="utf-8")
    typer.echo(markdown)
    _wrote(out / "finder.json", out / "finder.md")


def _in_repository(path: Path) -> Path:
    """A relative gold or seeds folder that is not in the working directory, from the repository instead:
    ``reconcile eval`` works from any folder (it only worked from the repository's root)."""
    if path.is_absolute() or path.exists() or not (REPOSITORY / path).exists():
        return path
    return REPOSITORY / path


EndpointOptions = tuple[str | None, str | None, str | None, StructuredMode | None, int | None]


def _eval_seeds(
    db: Path | None,
    config: Path | None,
    gold: Path,
    articles: Path,
    score_only: bool,
    baseline: Path | None,
    out: Path,
    endpoint: EndpointOptions,
    profile: str | None = None,
) -> Scorecard:
    from reconcile.evaluation.gold import SEEDS_PROFILE, GoldFormatError
    from reconcile.evaluation.harness import evaluate_store
    from reconcile.evaluation.metrics import compare, deltas_markdown

    for folder, option in ((gold, "--gold"), (articles, "--articles")):
        if not folder.is_dir():
            _fail(f"{printable(folder)} is not a folder", f": run from the repository root or pass {option}")
    earlier = _baseline(baseline) if baseline else None  # read first: a bad --baseline fails before any work
    chosen = profile or SEEDS_PROFILE  # by default the profile the seeds' gold labels use
    settings = _settings(config, db, *endpoint, profile=chosen)
    with _open(settings, existing=score_only) as pipeline:
        if not score_only:
            summary = pipeline.run([articles])
            _print_summary(summary)
        seeds = {path.name for path in articles.iterdir()}  # only the seeds' own claims must match the gold
        rows = pipeline.store.query(
            "SELECT DISTINCT c.profile, a.source FROM claims c JOIN articles a USING (article_id)"
        )
        stored = {stored_profile for stored_profile, source in rows if Path(str(source)).name in seeds}
        if stored - {Path(chosen).name}:
            names = ", ".join(sorted(stored))
            _fail(
                f"the database's claims were extracted under profile {names}, not {chosen}",
                f" (the seeds' gold is labelled under {SEEDS_PROFILE}): pass --profile {names} to score them across"
                f" profiles, or run without --score-only to extract under {chosen}",
            )
        try:
            card, cost = evaluate_store(pipeline.store, gold)
        except GoldFormatError as exc:
            _error("bad gold labels: ", exc)
            raise typer.Exit(2) from exc
    deltas = compare(card, earlier) if earlier else None
    across = chosen != SEEDS_PROFILE
    note = (
        f"Extracted under profile `{chosen}` and scored against the seeds' gold, labelled under `{SEEDS_PROFILE}`"
        " (measures compared by code: a measure the profile lacks is a miss)."
        if across
        else f"Extracted under profile `{chosen}`, the gold's profile."
    )
    if across:
        errors.print(f"[yellow]note[/]: {note}")
    markdown = note + "\n\n" + card.to_markdown() + "\n\n" + cost.to_markdown()
    if deltas is not None:
        markdown += f"\n\n## Compared with {baseline}\n\n" + deltas_markdown(deltas)
    stem = f"scorecard-{Path(chosen).name}" if across else "scorecard"
    (out / f"{stem}.json").write_text(card.to_json(), encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown, encoding="utf-8")
    baseline_values = {d.name: d.baseline for d in deltas} if deltas is not None else None
    _print_metrics(f"seeds (fit), profile {chosen}", card.metrics(), baseline_values)
    _wrote(out / f"{stem}.json", out / f"{stem}.md")
    return card


def _baseline(path: Path) -> Scorecard:
    """An earlier scorecard; unreadable is exit 4 (``_Commands``), not a scorecard is exit 2."""
    from reconcile.evaluation.metrics import Scorecard

    text = path.read_text(encoding="utf-8")
    try:
        return Scorecard.from_json(text)
    except ValueError:
        _fail(f"{printable(path)}", ": not a scorecard.json written by `reconcile eval`")


def _eval_ecbplus(
    db: Path | None,
    config: Path | None,
    corpus_dir: Path | None,
    gold_dir: Path,
    score_only: bool,
    oracle: bool,
    out: Path,
    endpoint: EndpointOptions,
) -> NewsScorecard:
    import tempfile

    from reconcile.evaluation.ecbplus import EcbPlusCorpus, EcbPlusMissing
    from reconcile.evaluation.harness import evaluate_news_store
    from reconcile.evaluation.newsgold import NEWS_PROFILE, NewsGoldError, load_news_gold
    from reconcile.evaluation.oracle import oracle_scorecard
    from reconcile.evaluation.suite import write_ecbplus_documents

    try:
        corpus = EcbPlusCorpus(corpus_dir)
        news_gold = load_news_gold(gold_dir, corpus)
    except EcbPlusMissing as exc:
        _error("", exc)
        raise typer.Exit(2) from exc
    except NewsGoldError as exc:
        _error("bad ECB+ gold labels: ", exc)
        raise typer.Exit(2) from exc
    cost_md = ""
    if oracle:
        with tempfile.TemporaryDirectory() as tmp:
            target = db or Path(tmp) / "oracle.duckdb"
            try:
                card = oracle_scorecard(target, gold_dir, corpus)
            except FileExistsError as exc:
                _error("", exc)
                raise typer.Exit(2) from exc
    else:
        settings = _settings(config, db, *endpoint, profile=NEWS_PROFILE)  # ECB+ gold: general news claims
        with _open(settings, existing=score_only) as pipeline:
            if not score_only:
                with tempfile.TemporaryDirectory() as tmp:  # rebuilt ECB+ texts never land in the repository
                    write_ecbplus_documents(corpus, news_gold, Path(tmp))
                    _print_summary(pipeline.run([tmp]))
            card, cost = evaluate_news_store(pipeline.store, news_gold, corpus)
            cost_md = "\n\n" + cost.to_markdown()
    json_path, md_path = out / f"{card.set}.json", out / f"{card.set}.md"
    json_path.write_text(card.to_json(), encoding="utf-8")
    md_path.write_text(card.to_markdown() + cost_md, encoding="utf-8")
    headline = {k: v for k, v in card.metrics().items() if k.startswith("all.")}
    _print_metrics(f"{card.set} ({card.split} split, {card.role})", headline, None)
    _wrote(json_path, md_path)
    return card


def _print_metrics(title: str, metrics: dict[str, float], baseline: dict[str, float | None] | None) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("metric", "value", *(("baseline", "delta") if baseline is not None else ())):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, value in metrics.items():
        row: list[str | Text] = [name, f"{value:.3f}"]
        if baseline is not None:
            old = baseline.get(name)
            if old is None:
                row += ["-", "-"]
            else:
                style = "red" if value < old else "green" if value > old else ""
                row += [f"{old:.3f}", Text(f"{value - old:+.3f}", style)]
        table.add_row(*row)
    console.print(table)


@app.command()
def serve(
    db: DbOption = None,
    config: ConfigOption = None,
    profile: ProfileOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface; set a token first)")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint; default: embedded model")] = None,
    model: Annotated[str | None, typer.Option(help="Model name at the endpoint")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key for the endpoint")] = None,
    mode: Annotated[StructuredMode | None, typer.Option(help="How the schema is sent")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Requests in flight to the model")] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Allow browsers from this origin (repeat; default: none)")
    ] = None,
    max_body_bytes: Annotated[int, typer.Option(min=1024, help="Largest submission body")] = 16 * 1024 * 1024,
    max_extract_bytes: Annotated[int, typer.Option(min=256, help="Largest POST /v1/extract body")] = 64 * 1024,
) -> None:
    """Serve the pipeline over HTTP (docs/service.md): submit articles, poll jobs, read events and conflicts.

    Asks for a bearer token when RECONCILE_API_TOKEN is set; the embedded model starts and stops with it.
    """
    from reconcile.service.server import ServiceConfig
    from reconcile.service.server import serve as run_service

    settings = _settings(config, db, base_url, model, api_key, mode, concurrency, profile)
    try:
        from reconcile.profile import load_profile

        load_profile(settings.profile)
    except ProfileError as exc:
        _fail("profile error: ", exc, 2)
    service_config = ServiceConfig(
        host=host,
        port=port,
        token=os.environ.get("RECONCILE_API_TOKEN") or None,
        cors_origins=tuple(cors_origin or ()),
        max_body_bytes=max_body_bytes,
        max_extract_bytes=max_extract_bytes,
    )
    run_service(settings, service_config)


def main() -> None:  # pragma: no cover - the console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
