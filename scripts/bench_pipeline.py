"""Benchmark the batch pipeline with the embedded model (a script, not a test: it takes minutes).

    .venv/bin/python scripts/bench_pipeline.py                       # seeds + 10 synthetic articles, shipped flags
    .venv/bin/python scripts/bench_pipeline.py --synthetic 0 --concurrency 1 2
    .venv/bin/python scripts/bench_pipeline.py --variant none= --variant 'ngram=--spec-type ngram-mod'

Prints, per corpus, runtime variant and concurrency:

* seconds per article and articles per minute (wall time of a first run over new input);
* output tokens per number the model was asked about, and prompt tokens per article;
* the share of prompt tokens served from llama.cpp's prefix cache;
* the pipeline's overhead: wall time over the server's own busy time (1.00 = nothing but the model);
* **raw ratio**: the time ``llama-bench`` speeds (same model, threads and machine, measured at start)
  would need for the same prompt and output tokens one request after another, over the wall time
  (above 1: faster than raw single-stream decoding, from batching slots and speculation);
* measured generation speed over raw ``llama-bench`` generation speed;
* the time of a second run over unchanged input, and peak memory of the pipeline and of the server.

Each configuration runs twice on new input: ``cold``, a server that computes every prompt (the first run
on a machine), then ``warm``, a server that starts with the prompt prefix the cold one saved (every later
run: ``reconcile.llm.slots``). ``--cold-only`` skips the warm run.

A *variant* is a name and extra ``llama-server`` flags; ``default`` is what the pipeline ships
(``reconcile.llm.embedded.ServerOptions``). The machine should be otherwise idle: the model uses every core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reconcile.config import EMBEDDED_MODEL_NAME, Settings  # noqa: E402
from reconcile.extract.extractor import plan  # noqa: E402
from reconcile.ingest import read_article  # noqa: E402
from reconcile.llm.embedded import (  # noqa: E402
    LlamaServer,
    ServerOptions,
    ensure_model,
    find_llama_server,
    library_env,
)
from reconcile.pipeline import Pipeline  # noqa: E402
from reconcile.profile import load_profile  # noqa: E402

# Synthetic articles are drawn from these sentences, written for this script about made-up events of
# several kinds (crowds, tolls, money, quakes, expulsions, votes), with a filler sentence per article
# that holds no claim. They measure speed only and are never scored.
TEMPLATES = [
    "Police in {city} said about {n} people joined the march on {day}, while organisers counted {m}.",
    "The toll from the bus crash near {city} rose to {n} dead on {day}, with {k} passengers still missing.",
    "The regional council of {city} approved a budget of €{n}.{k} million for the new tram line.",
    "A magnitude {q} earthquake struck {n} kilometres south of {city}, injuring at least {m} people.",
    "{country} ordered {n} diplomats to leave within {k} days, its foreign ministry said on {day}.",
    "In {city}, {n} percent of voters backed the proposal, and {m} seats went to the opposition.",
    "Firefighters in {city} evacuated some {m} residents as the blaze spread on {day}.",
    "Officials in {city} said the investigation would continue for several weeks.",
]
CITIES = ["Tromsø", "Graz", "Porto", "Split", "Riga", "Debrecen", "Osaka", "Tartu", "Ghent", "Brno"]
COUNTRIES = ["Norway", "Finland", "Portugal", "Austria", "Greece", "Romania", "Croatia", "Latvia", "Hungary", "Japan"]


def synthetic_articles(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Articles of 5 sentences drawn from the templates with varied places and numbers: each one distinct."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        city, country = CITIES[index % len(CITIES)], COUNTRIES[(index * 3) % len(COUNTRIES)]
        day = rng.choice(["Monday", "Tuesday", "Friday"])
        lines = [
            template.format(
                city=city, country=country, day=day, n=rng.randint(3, 90), m=rng.randint(100, 9000),
                k=rng.randint(2, 9), q=f"{rng.randint(4, 7)}.{rng.randint(0, 9)}",
            )
            for template in rng.sample(TEMPLATES, 5)
        ]  # fmt: skip
        path = folder / f"synthetic_{index:03d}.txt"
        path.write_text(f" date 2025-03-{1 + index % 28:02d} " + " ".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True, slots=True)
class RawSpeed:
    """``llama-bench`` tokens per second on this machine: prompt processing and generation."""

    prompt: float
    generation: float


def raw_speed(threads: int) -> RawSpeed:
    """Run ``llama-bench`` (it ships beside ``llama-server``) once: pp512 and tg64, 3 repetitions."""
    binary = find_llama_server().with_name("llama-bench")
    command = [str(binary), "-m", str(ensure_model()), "-t", str(threads), "-p", "512", "-n", "64", "-r", "3",
               "-o", "json"]  # fmt: skip
    output = subprocess.run(command, capture_output=True, check=True, env=library_env(binary), text=True).stdout
    rows = json.loads(output)
    speed = {("prompt" if row["n_prompt"] else "generation"): float(row["avg_ts"]) for row in rows}
    return RawSpeed(prompt=speed["prompt"], generation=speed["generation"])


def numbers_asked(corpus: list[Path]) -> int:
    """How many numbers the model is asked about in the corpus (the marked numbers of every request)."""
    profile = load_profile()
    return sum(len(job.numbered) for path in corpus for job in plan(read_article(path), profile))


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(corpus: list[Path], options: ServerOptions, label: str, raw: RawSpeed, slot_dir: Path | None) -> None:
    numbers = numbers_asked(corpus)
    concurrency = options.parallel
    server = LlamaServer(ensure_model(), options, prefix_key="bench" if slot_dir else None, slot_dir=slot_dir)
    with tempfile.TemporaryDirectory() as tmp, server:
        database = Path(tmp) / "bench.duckdb"
        settings = Settings(base_url=server.base_url, model=EMBEDDED_MODEL_NAME, database=database,
                            concurrency=concurrency)  # fmt: skip
        with Pipeline(database, settings) as pipeline:
            started = time.perf_counter()
            first = pipeline.run(corpus)
            wall = time.perf_counter() - started
            started = time.perf_counter()
            second = pipeline.run(corpus)
            rerun = time.perf_counter() - started
        server_peak = peak_rss_mb(server.pid or 0)
    s = first.stats
    articles = max(1, first.articles_new)
    # With several slots, requests overlap; the server's busy time is its summed request time over slots.
    server_busy = s.server_seconds / concurrency
    cached_share = s.cached_prompt_tokens / max(1, s.prompt_tokens)
    new_prompt = s.prompt_tokens - s.cached_prompt_tokens  # tokens the server had to evaluate
    raw_seconds = new_prompt / raw.prompt + s.completion_tokens / raw.generation
    generation = s.completion_tokens / s.generation_seconds if s.generation_seconds else 0.0
    print(
        f"{label:<28} c={concurrency} t={options.threads}  articles={first.articles_new:>3} "
        f"failed={first.articles_failed} claims={first.claims:>3}  {wall / articles:6.1f} s/article  "
        f"{60 * articles / wall:5.2f} articles/min  out/number={s.completion_tokens / max(1, numbers):.1f} "
        f"({s.completion_tokens}/{numbers})  in/article={s.prompt_tokens / articles:.0f}  "
        f"prefix-cached={cached_share:.0%}  overhead={wall / server_busy if server_busy else float('nan'):.2f}  "
        f"raw-ratio={raw_seconds / wall:.2f}  generation={generation:.1f} tok/s/slot "
        f"({generation / raw.generation:.2f} of raw)  calls={s.model_calls} retries={first.retries}  "
        f"rerun={rerun:.2f} s ({second.stats.model_calls} calls)  "
        f"peak RSS pipeline={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
        f"server={server_peak:.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[2], help="server slots = requests in flight")
    parser.add_argument("--threads", type=int, default=0, help="server threads (0 = cores)")
    parser.add_argument("--synthetic", type=int, default=10, help="also run on N generated articles (0: none)")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed articles")
    parser.add_argument(
        "--variant", action="append", default=[], metavar="NAME=FLAGS",
        help="speculation flags replacing the shipped ones, e.g. 'none=' or 'ngram=--spec-type ngram-mod'",
    )  # fmt: skip
    parser.add_argument("--cold-only", action="store_true", help="skip the warm run (a server with the saved prefix)")
    args = parser.parse_args()
    corpora = {} if args.no_seeds else {"seeds": sorted((ROOT / "seeds").glob("*.txt"))}
    if args.synthetic:
        corpora["synthetic"] = synthetic_articles(args.synthetic, Path(tempfile.mkdtemp()) / "synthetic")
    shipped = ServerOptions()
    variants = [("default", shipped.speculation)] + [
        (name, tuple(shlex.split(flags))) for name, _, flags in (v.partition("=") for v in args.variant)
    ]
    threads = args.threads or shipped.threads or os.cpu_count() or 2
    raw = raw_speed(threads)
    print(f"llama-bench, {threads} threads: prompt {raw.prompt:.0f} tok/s, generation {raw.generation:.1f} tok/s")
    for label, corpus in corpora.items():
        for name, extra in variants:
            for concurrency in args.concurrency:
                options = replace(shipped, threads=threads, parallel=concurrency, speculation=extra)
                with tempfile.TemporaryDirectory() as slot_dir:  # the cold run saves, the warm one restores
                    for start in ("cold",) if args.cold_only else ("cold", "warm"):
                        bench(
                            corpus, options, f"{label}/{name}/{start}", raw, None if args.cold_only else Path(slot_dir)
                        )


if __name__ == "__main__":
    main()
