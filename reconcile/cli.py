"""The ``reconcile`` command line (typer + rich).

reconcile run seeds/            # ingest, extract what is new, reconcile, print a summary
reconcile claims                # stored claims with their quotes
reconcile report [--format md|html]
reconcile export --format json|parquet -o out.json
reconcile eval [--set seeds|ecbplus|all] [--oracle]   # score against eval/gold and eval/ecbplus/gold
"""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from reconcile.config import Settings, StructuredMode, load_settings
from reconcile.errors import ReconcileError
from reconcile.evaluation.suite import EvalSet
from reconcile.ingest.records import ARTICLE_FIELDS
from reconcile.pipeline import ArticleOutcome, Pipeline, RunSummary

if TYPE_CHECKING:
    from reconcile.evaluation.metrics import Scorecard
    from reconcile.evaluation.newsmetrics import NewsScorecard


class _Commands(typer.core.TyperGroup):
    """Every command's errors as one line and a documented exit code (README, "Exit codes"), not a traceback."""

    def invoke(self, ctx: Any) -> Any:  # ctx: typer's vendored click Context (not public API)
        try:
            return super().invoke(ctx)
        except ReconcileError as exc:
            _fail(str(exc), exc.exit_code, exc)
        except BrokenPipeError as exc:  # `reconcile claims | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when exit flushes
            raise typer.Exit(141) from exc
        except OSError as exc:  # unreadable input, missing or unwritable output folder, read-only file system
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 4, exc)
        except duckdb.IOException as exc:  # the database file failed under us (disk full, read-only folder)
            _fail(f"database: {str(exc).removeprefix('IO Error: ')}", 4, exc)
        except KeyboardInterrupt as exc:
            _fail("interrupted", 130, exc)


def _fail(message: str, code: int, cause: BaseException) -> NoReturn:
    errors.print(f"[red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code) from cause


app = typer.Typer(
    cls=_Commands, add_completion=False, no_args_is_help=True, help="Reconcile numeric claims across news sources."
)
# instructor logs every failed attempt at ERROR level; the pipeline records and summarises those itself.
logging.getLogger("instructor").setLevel(logging.CRITICAL)
console = Console()
errors = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: reconcile.duckdb or RECONCILE_DB)")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="TOML config file (default: ./reconcile.toml)")]


def _settings(
    config: Path | None = None,
    db: Path | None = None,
    base_url: str | None = None,
    model: str | None = None,
    api_key: str | None = None,
    mode: StructuredMode | None = None,
    concurrency: int | None = None,
) -> Settings:
    try:
        return load_settings(
            config, database=db, base_url=base_url, model=model, api_key=api_key, mode=mode, concurrency=concurrency
        )
    except (ValueError, OSError) as exc:
        errors.print(f"[red]configuration error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def _open(settings: Settings, *, existing: bool = False) -> Pipeline:
    """The pipeline on the configured database; ``existing`` opens it read-only and refuses a missing one."""
    if existing and not Path(settings.database).exists():
        errors.print(
            f"[red]no database at {escape(str(settings.database))}[/]: run `reconcile run PATH...` first, or pass --db"
        )
        raise typer.Exit(2)
    return Pipeline(settings.database, settings, read_only=existing)


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
) -> None:
    """Ingest articles, extract claims from the new ones, reconcile events, print a summary.

    Inputs: text, Markdown and saved HTML pages; JSON Lines and CSV exports (one article per record);
    RSS and Atom feeds; and folders of these.
    """
    files = [p for p in paths or [] if p.exists() or not redo]
    prefixes = [str(p) for p in paths or [] if redo and not p.exists()]  # with --redo: stored article ids
    if not paths and not redo:
        errors.print("[red]error:[/] give files or folders to run on (or --redo to extract stored articles again)")
        raise typer.Exit(2)
    settings = _settings(config, db, base_url, model, api_key, mode, concurrency)
    fields = _field_mapping(field or [])
    finished = 0

    def progress(outcome: ArticleOutcome, done: int, total: int) -> None:
        nonlocal finished
        finished += outcome.status == "done"
        bar.update(task, total=total, completed=done, description=f"extracting {Path(outcome.article.source).name}")

    summary: RunSummary | None = None
    with _open(settings) as pipeline:
        options = pipeline.ingest_options(follow_links=follow_links, fields=fields)
        bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
        )
        task = bar.add_task("extracting (starting the model)", total=None)
        try:
            with bar:
                if redo:
                    summary = pipeline.redo(prefixes, progress, paths=files, options=options)
                else:
                    summary = pipeline.run(files, progress, options)
        except LookupError as exc:  # an id prefix that matches no stored article
            errors.print(f"[red]error:[/] {escape(str(exc))} (and no such file or folder)")
            raise typer.Exit(2) from exc
        except KeyboardInterrupt:
            pass  # the run is marked interrupted; what was finished is committed; the file is closed below
        if summary is not None:
            if show_claims:
                failed = {o.article.article_id for o in summary.outcomes if o.status == "failed"}
                _print_claims(pipeline, [i for i in summary.article_ids if i not in failed])
            _print_summary(summary)
    if summary is None:
        errors.print(
            f"[red]interrupted:[/] {finished} articles finished and stored; run the same command again for the rest"
        )
        _exit_now(130)
    if summary.stopped:
        raise typer.Exit(5)
    if summary.articles_failed:
        raise typer.Exit(1)


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
            errors.print(f"[red]failed[/] {escape(source)}: {escape(reason)}")
    if summary.stopped:
        unfinished = sum(reason == summary.stopped for _, reason in summary.failures)
        errors.print(
            f"[red]error:[/] {escape(summary.stopped)}; {unfinished} articles not extracted "
            "(the next run retries them)",
            soft_wrap=True,
        )


def _print_claims(pipeline: Pipeline, article_ids: list[str] | None = None) -> None:
    """Each claim on one line (article, who → whom, action, value, unit, date), its quote below it.

    Two lines per claim stay readable at 80 columns, where a table with a quote column does not.
    """
    sources = dict(pipeline.store.query("SELECT article_id, source FROM articles"))
    wanted = set(article_ids) if article_ids is not None else None
    shown = 0
    for claim in sorted(pipeline.claims(), key=lambda c: (sources.get(c.article_id, ""), c.start)):
        if wanted is not None and claim.article_id not in wanted:
            continue
        actor = (
            claim.actor_members.replace(",", "+") if claim.actor_members else (claim.actor or f"?{claim.actor_text}")
        )
        hedge = f"{claim.hedge_text} " if claim.hedge_text else ""
        number = "1" if claim.alignment == "implicit" else claim.number_text  # "its ambassador" counts one
        if claim.event_date or not claim.date_low:
            when = str(claim.event_date or "undated")
        else:
            when = f"{claim.date_low}…{claim.date_high}"
        line = Text.assemble(
            (Path(sources.get(claim.article_id, claim.article_id[:8])).stem[:14], "dim"),
            "  ",
            (f"{actor} → {claim.target or '?'}", "bold"),
            (" Σ" if claim.scope.value == "aggregate" else "", "magenta"),
            f"  {claim.measure}  ",
            (f"{hedge}{number}", "bold yellow"),
            f" {claim.unit}",
            (f"  {when}", "cyan"),
            (f"  ({claim.modality.value})" if claim.modality.value != "done" else "", "dim"),
            (f"  according to {claim.source_text}" if claim.source_text else "", "dim"),
        )
        quote = Text(claim.quote, style="italic")
        offset = claim.start - claim.sentence_start
        quote.stylize("bold yellow not italic", offset, offset + (claim.end - claim.start))
        console.print(line)
        console.print(Padding(quote, (0, 0, 0, 4)))
        shown += 1
    console.print(f"{shown} claims; Σ marks an aggregate (a total over several parties or over time)", style="dim")


@app.command()
def claims(db: DbOption = None, config: ConfigOption = None) -> None:
    """List stored claims with their quotes (the number highlighted)."""
    with _open(_settings(config, db), existing=True) as pipeline:
        _print_claims(pipeline)


class ReportFormat(StrEnum):
    TERMINAL = "terminal"
    MD = "md"
    HTML = "html"


class ExportFormat(StrEnum):
    JSON = "json"
    PARQUET = "parquet"


@app.command()
def report(
    db: DbOption = None,
    config: ConfigOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.TERMINAL,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout")] = None,
) -> None:
    """Events with their sources, conflicts first: in the terminal, as Markdown, or as one HTML page."""
    from reconcile.report import render_html, render_markdown, render_terminal

    with _open(_settings(config, db), existing=True) as pipeline, pipeline.store.cursor() as con:
        if format is ReportFormat.TERMINAL:
            render_terminal(con, console)
            return
        page = render_markdown(con) if format is ReportFormat.MD else render_html(con)
    if output:
        output.write_text(page, encoding="utf-8")
        errors.print(f"wrote {output}")
    else:
        console.file.write(page)


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write")],
    db: DbOption = None,
    config: ConfigOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSON,
) -> None:
    """Export events with every value's article, span and quote (schema: docs/export-schema.md)."""
    from reconcile.report import export_json, export_parquet

    with _open(_settings(config, db), existing=True) as pipeline, pipeline.store.cursor() as con:
        written = export_json(con, output) if format is ExportFormat.JSON else export_parquet(con, output)
    errors.print(f"wrote {written}")


@app.command("eval")
def evaluate(
    db: DbOption = None,
    config: ConfigOption = None,
    eval_set: Annotated[
        EvalSet | None,
        typer.Option(
            "--set",
            help="seeds (fit: the texts the prompts were written from), ecbplus (held-out result) or all;"
            " default seeds, or ecbplus with --oracle",
        ),
    ] = None,
    oracle: Annotated[
        bool, typer.Option("--oracle", help="ECB+: reconcile the gold claims themselves and score that (no model)")
    ] = False,
    gold: Annotated[Path, typer.Option(help="Gold folder of the seeds")] = Path("eval/gold"),
    articles: Annotated[Path, typer.Option(help="The seed articles")] = Path("seeds"),
    ecbplus: Annotated[
        Path | None,
        typer.Option(help="ECB+ benchmark folder (default: $RECONCILE_ECBPLUS, else ../shared/benchmarks/ecbplus)"),
    ] = None,
    ecbplus_gold: Annotated[Path, typer.Option(help="Gold folder of ECB+")] = Path("eval/ecbplus/gold"),
    score_only: Annotated[bool, typer.Option("--score-only", help="Score the database as it is; run nothing")] = False,
    baseline: Annotated[Path | None, typer.Option(help="An earlier seeds scorecard.json to compare with")] = None,
    out: Annotated[Path, typer.Option(help="Folder for the scorecards (JSON and Markdown)")] = Path("eval/out"),
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint; default: embedded model")] = None,
    model: Annotated[str | None, typer.Option(help="Model name at the endpoint")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key for the endpoint")] = None,
    mode: Annotated[StructuredMode | None, typer.Option(help="How the schema is sent")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Requests in flight")] = None,
) -> None:
    """Run the pipeline on a gold set (new articles only) and score extraction, grouping and conflicts.

    Writes scorecard.{json,md} (seeds), ecbplus.{json,md} (ECB+) and, for --set all, summary.{json,md};
    each says whether its figures are a fit (the seeds) or a held-out result (ECB+).
    """
    from reconcile.evaluation.suite import summary_json, summary_markdown

    chosen = eval_set or (EvalSet.ECBPLUS if oracle else EvalSet.SEEDS)
    if oracle and chosen is not EvalSet.ECBPLUS:
        errors.print("[red]--oracle scores the ECB+ set only[/]: use --set ecbplus")
        raise typer.Exit(2)
    out.mkdir(parents=True, exist_ok=True)
    seeds_card = news_card = None
    if chosen in (EvalSet.SEEDS, EvalSet.ALL):
        seeds_card = _eval_seeds(db, config, gold, articles, score_only, baseline, out,
                                 (base_url, model, api_key, mode, concurrency))  # fmt: skip
    if chosen in (EvalSet.ECBPLUS, EvalSet.ALL):
        news_card = _eval_ecbplus(db, config, ecbplus, ecbplus_gold, score_only, oracle, out,
                                  (base_url, model, api_key, mode, concurrency))  # fmt: skip
    if seeds_card is not None and news_card is not None:
        (out / "summary.json").write_text(summary_json(seeds_card, news_card), encoding="utf-8")
        (out / "summary.md").write_text(summary_markdown(seeds_card, news_card), encoding="utf-8")
        errors.print(f"wrote {out / 'summary.json'} and {out / 'summary.md'}")


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
) -> Scorecard:
    from reconcile.evaluation.gold import GoldFormatError
    from reconcile.evaluation.harness import evaluate_store
    from reconcile.evaluation.metrics import Scorecard, compare, deltas_markdown

    for folder, option in ((gold, "--gold"), (articles, "--articles")):
        if not folder.is_dir():
            errors.print(f"[red]{folder} is not a folder[/]: run from the repository root or pass {option}")
            raise typer.Exit(2)
    settings = _settings(config, db, *endpoint)
    with _open(settings, existing=score_only) as pipeline:
        if not score_only:
            summary = pipeline.run([articles])
            _print_summary(summary)
        try:
            card, cost = evaluate_store(pipeline.store, gold)
        except GoldFormatError as exc:
            errors.print(f"[red]bad gold labels:[/] {exc}")
            raise typer.Exit(2) from exc
    deltas = compare(card, Scorecard.from_json(baseline.read_text(encoding="utf-8"))) if baseline else None
    markdown = card.to_markdown() + "\n\n" + cost.to_markdown()
    if deltas is not None:
        markdown += f"\n\n## Compared with {baseline}\n\n" + deltas_markdown(deltas)
    (out / "scorecard.json").write_text(card.to_json(), encoding="utf-8")
    (out / "scorecard.md").write_text(markdown, encoding="utf-8")
    baseline_values = {d.name: d.baseline for d in deltas} if deltas is not None else None
    _print_metrics("seeds (fit)", card.metrics(), baseline_values)
    errors.print(f"wrote {out / 'scorecard.json'} and {out / 'scorecard.md'}")
    return card


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
    from reconcile.evaluation.newsgold import NewsGoldError, load_news_gold
    from reconcile.evaluation.oracle import oracle_scorecard
    from reconcile.evaluation.suite import write_ecbplus_documents

    try:
        corpus = EcbPlusCorpus(corpus_dir)
        news_gold = load_news_gold(gold_dir, corpus)
    except EcbPlusMissing as exc:
        errors.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    except NewsGoldError as exc:
        errors.print(f"[red]bad ECB+ gold labels:[/] {exc}")
        raise typer.Exit(2) from exc
    cost_md = ""
    if oracle:
        with tempfile.TemporaryDirectory() as tmp:
            target = db or Path(tmp) / "oracle.duckdb"
            try:
                card = oracle_scorecard(target, gold_dir, corpus)
            except FileExistsError as exc:
                errors.print(f"[red]{exc}[/]")
                raise typer.Exit(2) from exc
    else:
        settings = _settings(config, db, *endpoint)
        with _open(settings, existing=score_only) as pipeline:
            if not score_only:
                with tempfile.TemporaryDirectory() as tmp:  # rebuilt ECB+ texts never land in the repository
                    write_ecbplus_documents(corpus, news_gold, Path(tmp))
                    _print_summary(pipeline.run([tmp]))
            card, cost = evaluate_news_store(pipeline.store, news_gold, corpus)
            cost_md = "\n\n" + cost.to_markdown()
    (out / "ecbplus.json").write_text(card.to_json(), encoding="utf-8")
    (out / "ecbplus.md").write_text(card.to_markdown() + cost_md, encoding="utf-8")
    headline = {k: v for k, v in card.metrics().items() if k.startswith("all.")}
    _print_metrics(f"ecbplus ({card.role})", headline, None)
    errors.print(f"wrote {out / 'ecbplus.json'} and {out / 'ecbplus.md'}")
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


def main() -> None:  # pragma: no cover - the console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
