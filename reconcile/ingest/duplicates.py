"""Near-duplicate texts: one wire story republished by several outlets counts as one source.

Each article's text gets a MinHash signature (datasketch) over its word 5-grams; the signatures are cut
into LSH bands (as many bands and rows as datasketch's ``MinHashLSH`` chooses for the threshold) and the
band keys are kept in the database, so a new article is compared only with the articles sharing a band
key with it, across runs, and memory holds one batch of signatures at a time (a bucket indexes at most
``BUCKET_LIMIT`` articles, so a template filled in thousands of times stays cheap). A candidate whose
estimated Jaccard similarity (the share of equal MinHash values) reaches ``THRESHOLD`` is a copy: the new
article joins its ``source_group``, the id of the first-seen article of the cluster. A unique article is
its own group. Groups never change once given, so events reconciled earlier keep their source counts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import duckdb

from reconcile.store.bulk import arrow_rows, insert_columns

THRESHOLD = 0.5  # estimated Jaccard of word 5-grams: a copy with a new headline and a trimmed ending passes
NUM_PERM = 128
BUCKET_LIMIT = 32  # articles indexed per LSH bucket (see assign_source_groups)
SHINGLE = 5
_WORD = re.compile(r"\w+")


@cache
def _bands() -> tuple[tuple[int, int], ...]:
    """The (start, end) ranges of the LSH bands datasketch picks for ``THRESHOLD`` and ``NUM_PERM``."""
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


@cache
def _template() -> Any:
    """A MinHash whose permutations every signature shares (drawing them is a third of the cost of one)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> Any:
    """The MinHash values (uint32 array) of the text's lowercased word 5-grams."""
    import numpy as np
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = [" ".join(words[i : i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))]
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(shingles)
    return np.asarray(minhash.hashvalues, dtype="<u4")


def band_keys(values: Any) -> list[int]:
    """One 64-bit key per LSH band (stable across processes, unlike ``hash``)."""
    raw = values.tobytes()
    return [
        int.from_bytes(hashlib.blake2b(raw[4 * a : 4 * b], digest_size=8).digest(), "little", signed=True)
        for a, b in _bands()
    ]


def assign_source_groups(cur: duckdb.DuckDBPyConnection, articles: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Source groups for ``(article_id, text)`` pairs not yet indexed, in the order they were seen.

    Compares each with the indexed articles and with the earlier ones of the batch, indexes it, and
    returns ``article_id -> source_group``. Runs inside the caller's transaction.

    An LSH bucket (one band's key) holds at most ``BUCKET_LIMIT`` articles: a later copy is still compared
    with those, so it still finds its group, but is not indexed in a full bucket. Why: thousands of
    near-identical records (a template filled in: "The council met about item X.") share every bucket,
    and each new one was compared with all earlier ones: 6,000 such records took 110 s and 1.5 GB.
    """
    import numpy as np

    if not articles:
        return {}
    signatures = {article_id: signature(text) for article_id, text in articles}
    keys = {article_id: band_keys(signatures[article_id]) for article_id, _ in articles}
    ids = [article_id for article_id, _ in articles]
    bands = len(_bands())
    batch_rows = {
        "band": np.tile(np.arange(bands, dtype=np.int16), len(ids)),
        "key": np.fromiter((key for i in ids for key in keys[i]), dtype=np.int64, count=bands * len(ids)),
        "article_id": [article_id for article_id in ids for _ in range(bands)],
    }
    # candidates already in the store, and how full their buckets are: joins of the batch's keys with the index
    stored: dict[str, list[str]] = {}
    with arrow_rows(cur, batch_rows) as batch:
        found = cur.execute(
            f"SELECT DISTINCT n.article_id, b.article_id FROM {batch} n"
            " JOIN article_bands b ON b.band = n.band AND b.key = n.key"
        ).fetchall()
        filled: dict[tuple[int, int], int] = {
            (band, key): count
            for band, key, count in cur.execute(
                f"SELECT b.band, b.key, count(*) FROM article_bands b"
                f" SEMI JOIN {batch} n ON b.band = n.band AND b.key = n.key GROUP BY ALL"
            ).fetchall()
        }
    for new_id, old_id in found:
        stored.setdefault(new_id, []).append(old_id)
    old: dict[str, tuple[Any, str]] = {}  # id -> (signature, source group)
    wanted = sorted({old_id for olds in stored.values() for old_id in olds})
    if wanted:
        for old_id, blob, group in cur.execute(
            "SELECT m.article_id, m.signature, coalesce(a.source_group, m.article_id)"
            " FROM article_minhash m LEFT JOIN articles a USING (article_id) WHERE list_contains(?, m.article_id)",
            [wanted],
        ).fetchall():
            old[old_id] = (np.frombuffer(blob, dtype="<u4"), group)
    groups: dict[str, str] = {}
    in_batch: dict[tuple[int, int], list[str]] = {}  # (band, key) -> earlier ids of this batch indexed there
    indexed: list[tuple[int, int, str]] = []
    for article_id in ids:
        candidates = [old[o] for o in sorted(stored.get(article_id, [])) if o in old]
        earlier = {other for band_key in enumerate(keys[article_id]) for other in in_batch.get(band_key, [])}
        candidates += [(signatures[other], groups[other]) for other in sorted(earlier)]
        groups[article_id] = article_id
        if candidates:
            scores = (np.stack([sig for sig, _ in candidates]) == signatures[article_id]).mean(axis=1)
            best = int(np.argmax(scores))  # the first of the most similar, as candidates are ordered
            if scores[best] >= THRESHOLD:
                groups[article_id] = candidates[best][1]
        for band_key in enumerate(keys[article_id]):
            if filled.get(band_key, 0) < BUCKET_LIMIT:
                filled[band_key] = filled.get(band_key, 0) + 1
                in_batch.setdefault(band_key, []).append(article_id)
                indexed.append((*band_key, article_id))
    insert_columns(
        cur,
        "article_bands",
        {
            "band": np.array([row[0] for row in indexed], dtype=np.int16),
            "key": np.array([row[1] for row in indexed], dtype=np.int64),
            "article_id": [row[2] for row in indexed],
        },
    )
    insert_columns(
        cur,
        "article_minhash",
        {"article_id": ids, "signature": [signatures[i].tobytes() for i in ids]},
        "ON CONFLICT DO NOTHING",
    )
    return groups
