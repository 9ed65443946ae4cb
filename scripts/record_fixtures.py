"""Record the replay fixtures: run the seeds through the real embedded model and save its responses.

    .venv/bin/python scripts/record_fixtures.py      # ~3-6 minutes on 2 cores

Writes ``tests/fixtures/seed_responses.jsonl`` (the model-response cache of the runs, one JSON object
per request: request hash, model, raw response). The seeds are run under each profile the tests replay:
``news`` (the default, what the README's first command runs) and ``expulsions`` (the profile the seeds'
gold labels are scored under). The replay tests load it into a fresh database and
run the whole pipeline against a closed port, so they fail if the code sends any request that the
real model did not answer. Re-record after changing the prompt, the schema or the request parameters.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reconcile.config import Settings  # noqa: E402
from reconcile.pipeline import Pipeline  # noqa: E402
from reconcile.store.cache import export_cache  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "seed_responses.jsonl"
PROFILES = ("news", "expulsions")


def main() -> None:
    # --threads 1 keeps llama.cpp usable on a machine busy with other work (two threads that wait on each
    # other at every step crawl when the OS deschedules one); the requests, and so the fixture keys, are
    # the same whatever the thread count.
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="embedded server threads (0 = one per core)")
    parser.add_argument("--concurrency", type=int, default=0, help="requests in flight (0 = one per core)")
    args = parser.parse_args()
    # A running OpenAI-compatible server of the same model (RECONCILE_BASE_URL, RECONCILE_API_KEY; e.g. a shared
    # llama-server) is used instead of starting the embedded one: the requests, and so the keys, are the same.
    endpoint = {"base_url": os.environ.get("RECONCILE_BASE_URL"), "api_key": os.environ.get("RECONCILE_API_KEY")}
    endpoint = {key: value for key, value in endpoint.items() if value}
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "record.duckdb"
        calls = 0
        for profile in PROFILES:
            config = Settings(
                database=database, profile=profile, threads=args.threads, concurrency=args.concurrency, **endpoint
            )  # type: ignore[arg-type]
            with Pipeline(database, config) as pipeline:
                summary = pipeline.run([ROOT / "seeds"])
                if summary.articles_failed:
                    raise SystemExit(f"recording failed under {profile}: {summary.failures}")
                calls += summary.stats.model_calls
                print(f"{profile}: {summary.stats.model_calls} calls, {summary.wall_seconds:.0f} s", flush=True)
        with Pipeline(database, Settings(database=database)) as pipeline:
            count = export_cache(pipeline.store, FIXTURE)
    print(f"{count} responses from {calls} model calls -> {FIXTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
