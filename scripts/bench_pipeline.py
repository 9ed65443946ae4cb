"""Benchmark the batch pipeline with the embedded model (a script, not a test: it takes minutes).

    .venv/bin/python scripts/bench_pipeline.py                 # seeds, concurrency 1 and 2
    .venv/bin/python scripts/bench_pipeline.py --synthetic 12  # plus 12 generated articles
    .venv/bin/python scripts/bench_pipeline.py --concurrency 1 2 3

Prints, per corpus and concurrency: seconds per article, articles per minute, the pipeline's overhead
(wall time over the time the server itself reports for the same requests; 1.00 = no overhead), prompt
and output tokens per article, the share of prompt tokens served from llama.cpp's prefix cache, the
time of a second run over unchanged input, and peak memory of the pipeline and of the server.
The machine should be otherwise idle: the model uses every core.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reconcile.config import EMBEDDED_MODEL_NAME, Settings  # noqa: E402
from reconcile.llm.embedded import LlamaServer, ServerOptions, ensure_model  # noqa: E402
from reconcile.pipeline import Pipeline  # noqa: E402

COUNTRIES = ["Norway", "Finland", "Portugal", "Austria", "Greece", "Romania", "Croatia", "Latvia", "Hungary", "Japan"]
TEMPLATES = [
    "{a} said on {day} it would expel {n} Russian diplomats over the war in Ukraine.",
    "The foreign ministry of {a} declared {n} embassy staff persona non grata, officials said.",
    "Moscow responded by ordering {m} diplomats from {a} to leave within two weeks.",
    "{a} also closed {k} Russian consulates, according to the ministry.",
    "Officials in {a} noted that 40 percent of their gas still comes from Russia.",
    "Some analysts in {a} expect further steps in the coming weeks.",
]


def synthetic_articles(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Articles of 5 sentences drawn from templates with varied parties and numbers: each one distinct."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        actor = COUNTRIES[index % len(COUNTRIES)]
        values = {"a": actor, "n": rng.randint(2, 60), "m": rng.randint(2, 60), "k": rng.choice(["two", "three"]),
                  "day": rng.choice(["Monday", "Tuesday", "Wednesday"])}  # fmt: skip
        lines = [template.format(**values) for template in rng.sample(TEMPLATES, 5)]
        path = folder / f"synthetic_{index:03d}.txt"
        path.write_text(f" date 2022-04-{5 + index % 20:02d} " + " ".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(corpus: list[Path], concurrency: int, label: str) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        LlamaServer(ensure_model(), ServerOptions(parallel=concurrency)) as server,
    ):
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
    prompt_seconds = s.server_seconds - s.generation_seconds
    new_prompt = s.prompt_tokens - s.cached_prompt_tokens  # tokens the server had to evaluate
    print(
        f"{label:<10} c={concurrency}  articles={first.articles_new:>3} failed={first.articles_failed} "
        f"claims={first.claims:>3}  {wall / articles:6.1f} s/article  {60 * articles / wall:5.2f} articles/min  "
        f"overhead={wall / server_busy if server_busy else float('nan'):.2f}  "
        f"calls={s.model_calls} retries={first.retries}  tokens/article in={s.prompt_tokens / articles:.0f} "
        f"out={s.completion_tokens / articles:.0f}  prefix-cached={cached_share:.0%}  "
        f"generation={s.completion_tokens / s.generation_seconds if s.generation_seconds else 0:.1f} tok/s/slot "
        f"prompt={new_prompt / prompt_seconds if prompt_seconds else 0:.0f} tok/s/slot  "
        f"rerun={rerun:.2f} s ({second.stats.model_calls} calls)  "
        f"peak RSS pipeline={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
        f"server={server_peak:.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--synthetic", type=int, default=0, help="also run on N generated articles")
    args = parser.parse_args()
    corpora = {"seeds": sorted((ROOT / "seeds").glob("*.txt"))}
    if args.synthetic:
        corpora["synthetic"] = synthetic_articles(args.synthetic, Path(tempfile.mkdtemp()) / "synthetic")
    for label, corpus in corpora.items():
        for concurrency in args.concurrency:
            bench(corpus, concurrency, label)


if __name__ == "__main__":
    main()
